"""Telegram through the real PTB Application with an offline transport; the webhook's secret."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram import Update

from bot import access
from bot.app import App
from bot.channels.telegram.channel import SECRET_HEADER, TelegramChannel
from bot.channels.telegram.render import TELEGRAM_LIMIT, render_html, split_message
from bot.flows import ChatCore
from bot.settings import Settings
from bot.web import build_web_app
from inventory.models import Role
from tests.conftest import add_person
from tests.fakes import TEST_TOKEN, FakeTelegramRequest, button_update, text_update


@pytest.fixture
def fake_request() -> FakeTelegramRequest:
    return FakeTelegramRequest()


@pytest.fixture
async def channel(
    settings: Settings, core: ChatCore, fake_request: FakeTelegramRequest
) -> AsyncIterator[TelegramChannel]:
    tg_settings = settings.model_copy(update={"telegram_token": _secret(TEST_TOKEN)})
    app = App(tg_settings, core.services, core)
    channel = TelegramChannel(tg_settings, app.handle, fake_request)
    await channel.application.initialize()
    yield channel
    await channel.application.shutdown()


def _secret(value: str):  # type: ignore[no-untyped-def]
    from pydantic import SecretStr

    return SecretStr(value)


async def feed(channel: TelegramChannel, data: dict) -> None:  # type: ignore[type-arg]
    update = Update.de_json(data, channel.application.bot)
    await channel.application.process_update(update)


async def test_a_message_in_gives_a_send_message_out(
    channel: TelegramChannel, fake_request: FakeTelegramRequest
) -> None:
    await feed(channel, text_update(1, 777, "wps要钱吗"))
    sent = fake_request.sent()
    assert sent and str(sent[0]["chat_id"]) == "777"
    assert "WPS" in sent[0]["text"] and sent[0]["parse_mode"] == "HTML"
    assert "reply_markup" in sent[-1]
    assert fake_request.sent("sendChatAction")[0]["action"] == "typing"


async def test_start_with_code_links_the_telegram_user(
    channel: TelegramChannel, core: ChatCore, fake_request: FakeTelegramRequest
) -> None:
    person = await add_person(core.services.db, "孙技术", Role.technician)
    async with core.services.db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    await feed(channel, text_update(2, 555, f"/start {code}"))
    await feed(channel, text_update(3, 555, "/whoami"))
    texts = [m["text"] for m in fake_request.sent()]
    assert "孙技术" in texts[0] and "技术人员" in texts[1]


async def test_user_html_is_escaped_in_the_reply(
    channel: TelegramChannel, core: ChatCore, fake_request: FakeTelegramRequest
) -> None:
    person = await add_person(core.services.db, "<script>alert(1)</script>", Role.staff)
    async with core.services.db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    await feed(channel, text_update(4, 556, f"/start {code}"))
    text = fake_request.sent()[0]["text"]
    assert "<script>" not in text and "&lt;script&gt;" in text


async def test_button_press_is_answered(
    channel: TelegramChannel, fake_request: FakeTelegramRequest
) -> None:
    await feed(channel, button_update(5, 778, "nosuchprefix:1"))
    assert fake_request.sent("answerCallbackQuery")
    assert "失效" in fake_request.sent()[0]["text"]


async def test_group_messages_are_ignored(
    channel: TelegramChannel, fake_request: FakeTelegramRequest
) -> None:
    data = text_update(6, 779, "wps要钱吗")
    data["message"]["chat"] = {"id": -100, "type": "group", "title": "办公室"}
    await feed(channel, data)
    assert not fake_request.sent()


def test_long_replies_split_at_paragraphs_within_the_limit() -> None:
    paragraphs = [f"第{i}段：" + "正版化" * 300 for i in range(8)]
    chunks = render_html("\n\n".join(paragraphs))
    assert len(chunks) > 1
    assert all(len(c) <= TELEGRAM_LIMIT for c in chunks)
    assert all(c.startswith("第") for c in chunks)
    assert split_message("x" * 10000)[0] == "x" * TELEGRAM_LIMIT


async def test_webhook_refuses_a_wrong_secret_and_takes_the_right_one(
    settings: Settings, core: ChatCore, fake_request: FakeTelegramRequest
) -> None:
    hook = settings.model_copy(
        update={
            "telegram_token": _secret(TEST_TOKEN),
            "webhook_url": "https://bot.example.org/telegram/webhook",
            "webhook_secret": _secret("s3cret-value"),
        }
    )
    channel = TelegramChannel(hook, App(hook, core.services, core).handle, fake_request)
    web_app = build_web_app()
    channel.add_routes(web_app)
    await channel._start_once()
    try:
        async with TestClient(TestServer(web_app)) as client:
            update = text_update(7, 780, "/whoami")
            bad = await client.post(
                "/telegram/webhook", json=update, headers={SECRET_HEADER: "nope"}
            )
            assert bad.status == 403
            missing = await client.post("/telegram/webhook", json=update)
            assert missing.status == 403
            good = await client.post(
                "/telegram/webhook", json=update, headers={SECRET_HEADER: "s3cret-value"}
            )
            assert good.status == 200
            await fake_request.wait_for("sendMessage")
    finally:
        await channel.stop()
    assert fake_request.sent("setWebhook")[0]["secret_token"] == "s3cret-value"
    assert "访客" in fake_request.sent()[0]["text"]
