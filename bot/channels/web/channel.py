"""The web chat: a Chinese single page and a JSON endpoint on our aiohttp server."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import defaultdict
from importlib import resources
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.base import BaseChannel
from bot.channels.telegram.handlers import Handle
from bot.channels.web.notifier import WebNotifier
from bot.channels.web.render import to_json
from bot.flows.core import Incoming
from reminders.ports import Notifier

COOKIE = "zb_session"
MAX_BODY = 64 * 1024
BURST, REFILL_PER_SECOND = 20.0, 1.0


class _Throttle:
    """A token bucket per session so one visitor cannot flood the bot."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = defaultdict(
            lambda: (BURST, time.monotonic())
        )

    def allow(self, key: str) -> bool:
        """Take one token for ``key``; False when the visitor must slow down."""
        tokens, last = self._buckets[key]
        now = time.monotonic()
        tokens = min(BURST, tokens + (now - last) * REFILL_PER_SECOND)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


class WebChannel(BaseChannel):
    """Serves the chat page and its API; visitors sign in with an invite code."""

    name = "web"

    def __init__(
        self, handle: Handle, sessionmaker: async_sessionmaker[AsyncSession], base_url: str = ""
    ) -> None:
        self.handle = handle
        self.base_url = base_url
        self._notifier = WebNotifier(sessionmaker)
        self._throttle = _Throttle()

    @property
    def notifier(self) -> Notifier:
        """Pushes outbox messages into the visitor's mailbox."""
        return self._notifier

    def describe(self) -> str:
        """Where the page is served."""
        return f"web chat {self.base_url}/"

    def add_routes(self, app: web.Application) -> None:
        """Mount the page and the JSON endpoints."""
        app.router.add_get("/", self.page)
        app.router.add_post("/api/chat", self.chat)
        app.router.add_get("/api/messages", self.messages)

    async def start(self) -> None:
        """Nothing to start: the shared web server serves the routes."""

    async def stop(self) -> None:
        """Nothing to stop: the shared web server stops the routes."""

    async def page(self, request: web.Request) -> web.Response:
        """Serve the chat page, giving the visitor a session cookie."""
        html = resources.files("bot.channels.web").joinpath("static/index.html").read_text("utf-8")
        response = web.Response(text=html, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        )
        self._session(request, response)
        return response

    async def chat(self, request: web.Request) -> web.Response:
        """Take {"text": ...} or {"button": ...} and return {"replies": [...]}."""
        session = request.cookies.get(COOKIE)
        if not session or len(session) > 100:
            return web.json_response(
                {"error": "no session; reload the page / 请刷新页面"}, status=401
            )
        if not self._throttle.allow(session):
            return web.json_response(
                {"error": "太快了，请稍候再发 / too many messages"}, status=429
            )
        try:
            body: Any = await request.json()
        except ValueError:
            return web.json_response({"error": "body must be JSON"}, status=400)
        if not isinstance(body, dict):
            return web.json_response({"error": "body must be a JSON object"}, status=400)
        text, button = body.get("text"), body.get("button")
        if not isinstance(text, str | None) or not isinstance(button, str | None):
            return web.json_response({"error": "text and button must be strings"}, status=400)
        address = session_key(session)
        incoming = Incoming(
            channel="web", external_id=address, chat_address=address, text=text, button=button
        )
        replies = await self.handle(incoming)
        return web.json_response({"replies": [to_json(r) for r in replies]})

    async def messages(self, request: web.Request) -> web.Response:
        """Return messages pushed to this visitor since the last poll."""
        session = request.cookies.get(COOKIE)
        if not session:
            return web.json_response({"messages": []})
        return web.json_response({"messages": await self._notifier.take(session_key(session))})

    @staticmethod
    def _session(request: web.Request, response: web.Response) -> None:
        """Give a new visitor a random session cookie."""
        if request.cookies.get(COOKIE):
            return
        response.set_cookie(
            COOKIE,
            secrets.token_urlsafe(24),
            httponly=True,
            samesite="Strict",
            max_age=90 * 24 * 3600,
        )


def session_key(cookie: str) -> str:
    """The identity key of a web session (the cookie itself is never stored)."""
    return "w" + hashlib.sha256(cookie.encode()).hexdigest()[:40]
