from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot
from telegram.request import BaseRequest, RequestData

from bot.channels.telegram.notifier import TelegramNotifier
from reminders.messages import Attachment, Message, buttons_row
from reminders.ports import DeliveryStatus

ME = {"id": 42, "is_bot": True, "first_name": "正版助手", "username": "zhengban_bot"}


def sent_message(chat_id: int, text: str = "") -> dict[str, Any]:
    return {
        "message_id": 1,
        "date": 1_700_000_000,
        "chat": {"id": chat_id, "type": "private"},
        "text": text,
    }


class RecordedRequest(BaseRequest):
    """Answers getMe and records calls; scripted (status, body) answers per chat id."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.scripted: dict[str, list[tuple[int, dict[str, Any]]]] = {}

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if name == "getMe":
            return 200, json.dumps({"ok": True, "result": ME}).encode()
        self.calls.append((name, dict(params)))
        chat = str(params.get("chat_id"))
        if self.scripted.get(chat):
            status, body = self.scripted[chat].pop(0)
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": sent_message(int(chat))}).encode()


@pytest.fixture
async def fake() -> RecordedRequest:
    return RecordedRequest()


@pytest.fixture
async def notifier(fake: RecordedRequest) -> AsyncIterator[TelegramNotifier]:
    bot = Bot("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", request=fake)
    async with bot:
        yield TelegramNotifier(bot)


async def test_sends_html_with_buttons(notifier: TelegramNotifier, fake: RecordedRequest) -> None:
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
    notifier: TelegramNotifier, fake: RecordedRequest
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
    notifier: TelegramNotifier, fake: RecordedRequest
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
    notifier: TelegramNotifier, fake: RecordedRequest
) -> None:
    fake.scripted["9"] = [
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
    ]
    result = await notifier.send("9", Message("hi"))
    assert result.status == DeliveryStatus.failed and "chat not found" in result.reason.lower()


async def test_server_trouble_is_a_retry(notifier: TelegramNotifier, fake: RecordedRequest) -> None:
    fake.scripted["10"] = [(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})]
    result = await notifier.send("10", Message("hi"))
    assert result.status == DeliveryStatus.retry and result.retry_after == 0


async def test_attachment_follows_the_text_and_carries_the_buttons(
    notifier: TelegramNotifier, fake: RecordedRequest
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
    notifier: TelegramNotifier, fake: RecordedRequest
) -> None:
    paragraph = "正版化" * 1000
    assert (await notifier.send("12", Message(f"{paragraph}\n\n{paragraph}"))).status == "sent"
    assert len(fake.calls) == 2
    assert all(len(p["text"]) <= 4096 for _, p in fake.calls)
