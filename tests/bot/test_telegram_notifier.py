from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.channels.telegram.notifier import TelegramNotifier
from reminders.messages import Attachment, Message, buttons_row
from reminders.ports import DeliveryStatus
from tests.fakes import FakeTelegramRequest


@pytest.fixture
async def fake() -> FakeTelegramRequest:
    return FakeTelegramRequest()


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
async def notifier(
    fake: FakeTelegramRequest, waits: list[float]
) -> AsyncIterator[TelegramNotifier]:
    async def record(seconds: float) -> None:
        waits.append(seconds)

    bot = Bot("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", request=fake)
    async with bot:
        yield TelegramNotifier(bot, sleep=record)


async def test_sends_html_with_buttons(
    notifier: TelegramNotifier, fake: FakeTelegramRequest
) -> None:
    message = Message(
        "**盗版警告**：发现 KMSpico <script>", buttons=(buttons_row(("已处理", "t:7:done")),)
    )
    result = await notifier.send("1001", message)
    assert result.status == DeliveryStatus.sent
    ((method, params),) = fake.calls
    assert method == "sendMessage" and params["parse_mode"] == "HTML"
    assert params["chat_id"] == "1001"
    assert "<b>盗版警告</b>" in params["text"] and "&lt;script&gt;" in params["text"]
    keyboard = params["reply_markup"]
    if isinstance(keyboard, str):
        keyboard = json.loads(keyboard)
    assert keyboard["inline_keyboard"][0][0]["callback_data"] == "t:7:done"


async def test_rate_limit_is_a_retry_with_its_wait(
    notifier: TelegramNotifier, fake: FakeTelegramRequest
) -> None:
    fake.scripted["7"] = [
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            },
        )
    ]
    result = await notifier.send("7", Message("hi"))
    assert result.status == DeliveryStatus.retry and result.retry_after == 3.0


async def test_blocked_bot_is_a_permanent_failure(
    notifier: TelegramNotifier, fake: FakeTelegramRequest
) -> None:
    fake.scripted["8"] = [
        (
            403,
            {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            },
        )
    ]
    result = await notifier.send("8", Message("hi"))
    assert result.status == DeliveryStatus.failed
    assert result.reason.startswith("blocked:") and "blocked by the user" in result.reason


async def test_chat_not_found_is_a_permanent_failure(
    notifier: TelegramNotifier, fake: FakeTelegramRequest
) -> None:
    fake.scripted["9"] = [
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
    ]
    result = await notifier.send("9", Message("hi"))
    assert result.status == DeliveryStatus.failed and "chat not found" in result.reason.lower()


async def test_server_trouble_is_a_retry(
    notifier: TelegramNotifier, fake: FakeTelegramRequest
) -> None:
    fake.scripted["10"] = [(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})]
    result = await notifier.send("10", Message("hi"))
    assert result.status == DeliveryStatus.retry and result.retry_after == 0


async def test_attachment_follows_the_text_and_carries_the_buttons(
    notifier: TelegramNotifier, fake: FakeTelegramRequest
) -> None:
    message = Message(
        "本周正版率图表",
        buttons=(buttons_row(("已读", "bc:1:ack")),),
        attachment=Attachment("chart.png", b"\x89PNG\r\n", "image"),
    )
    assert (await notifier.send("11", message)).status == DeliveryStatus.sent
    assert [m for m, _ in fake.calls] == ["sendMessage", "sendPhoto"]
    assert "reply_markup" not in fake.calls[0][1] or fake.calls[0][1]["reply_markup"] is None
    assert fake.calls[1][1]["reply_markup"]


async def test_long_text_goes_in_several_messages(
    notifier: TelegramNotifier, fake: FakeTelegramRequest, waits: list[float]
) -> None:
    paragraph = "正版化" * 1000
    assert (await notifier.send("12", Message(f"{paragraph}\n\n{paragraph}"))).status == "sent"
    assert len(fake.calls) == 2
    assert waits == [1.0]  # the second part keeps Telegram's 1 message/s per chat
    assert all(len(p["text"]) <= 4096 for _, p in fake.calls)
