"""The web chat over HTTP: page, JSON endpoint, sign-in with an invite code, hostile input."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot import access
from bot.app import App
from bot.channels.web.channel import COOKIE, WebChannel
from bot.flows import ChatCore
from bot.web import build_web_app
from inventory.models import Role
from tests.conftest import add_person


@pytest.fixture
async def client(core: ChatCore) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    app = App(core.services.settings, core.services, core)
    web_app = build_web_app()
    WebChannel(app.handle, core.services.db.sessionmaker).add_routes(web_app)
    async with TestClient(TestServer(web_app)) as test_client:
        page = await test_client.get("/")
        assert page.status == 200
        yield test_client


async def ask(client: TestClient, text: str) -> str:  # type: ignore[type-arg]
    response = await client.post("/api/chat", json={"text": text})
    assert response.status == 200, await response.text()
    return "\n".join(r["html"] for r in (await response.json())["replies"])


async def test_page_is_chinese_and_sets_a_session(core: ChatCore) -> None:
    app = App(core.services.settings, core.services, core)
    web_app = build_web_app()
    WebChannel(app.handle, core.services.db.sessionmaker).add_routes(web_app)
    async with TestClient(TestServer(web_app)) as fresh:
        page = await fresh.get("/")
        html = await page.text()
        assert "正版化助手" in html and 'lang="zh-CN"' in html and "viewport" in html
        assert COOKIE in page.cookies


async def test_question_gets_an_answer_with_buttons(client: TestClient) -> None:  # type: ignore[type-arg]
    response = await client.post("/api/chat", json={"text": "wps要钱吗"})
    data = await response.json()
    assert "WPS" in data["replies"][0]["html"]
    assert data["replies"][0]["buttons"][-1][0]["data"].startswith("kbv:")


async def test_sign_in_with_invite_code(client: TestClient, core: ChatCore) -> None:  # type: ignore[type-arg]
    person = await add_person(core.services.db, "周管理", Role.admin)
    async with core.services.db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    assert "访客" in await ask(client, "/whoami")
    assert "周管理" in await ask(client, f"/start {code}")
    assert "管理员" in await ask(client, "/whoami")


async def test_html_injection_is_escaped(client: TestClient) -> None:  # type: ignore[type-arg]
    html = await ask(client, "/<img src=x onerror=alert(1)>")
    assert "<img" not in html


async def test_hostile_bodies_get_clear_errors(client: TestClient) -> None:  # type: ignore[type-arg]
    not_json = await client.post("/api/chat", data=b"\xff\xfe garbage")
    assert not_json.status == 400
    wrong_type = await client.post("/api/chat", json={"text": 12})
    assert wrong_type.status == 400
    listing = await client.post("/api/chat", json=["x"])
    assert listing.status == 400
    long = await client.post("/api/chat", json={"text": "检查工具" * 2500})
    assert long.status == 200


async def test_no_session_cookie_is_refused(core: ChatCore) -> None:
    app = App(core.services.settings, core.services, core)
    web_app = build_web_app()
    WebChannel(app.handle, core.services.db.sessionmaker).add_routes(web_app)
    async with TestClient(TestServer(web_app)) as fresh:
        response = await fresh.post("/api/chat", json={"text": "hi"})
        assert response.status == 401


async def test_flooding_is_throttled(client: TestClient) -> None:  # type: ignore[type-arg]
    statuses = [(await client.post("/api/chat", json={"text": "/help"})).status for _ in range(30)]
    assert 429 in statuses


async def test_pushed_messages_wait_in_a_stored_inbox_across_restarts(core: ChatCore) -> None:
    from bot.channels.web.channel import session_key
    from bot.channels.web.notifier import WebNotifier
    from reminders.messages import Message

    app = App(core.services.settings, core.services, core)
    web_app = build_web_app()
    WebChannel(app.handle, core.services.db.sessionmaker).add_routes(web_app)
    async with TestClient(TestServer(web_app)) as visitor:
        page = await visitor.get("/")
        address = session_key(page.cookies[COOKIE].value)
        before_restart = WebNotifier(core.services.db.sessionmaker)
        await before_restart.send(address, Message("**培训提醒**：明天 14:30"))
        polled = await (await visitor.get("/api/messages")).json()
        assert "培训提醒" in polled["messages"][0]["html"]
        assert (await (await visitor.get("/api/messages")).json())["messages"] == []
