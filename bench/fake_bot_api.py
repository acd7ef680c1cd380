"""A local fake Telegram Bot API that enforces Telegram's flood limits (for the broadcast bench)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import deque
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "正版助手", "username": "zhengban_bench_bot"}


class LimitedBotApi:
    """Serves getMe and sendMessage on 127.0.0.1; over 30 msg/s overall or 1 msg/s per chat -> 429."""

    def __init__(
        self,
        token: str,
        *,
        global_per_second: int = 30,
        per_chat_seconds: float = 1.0,
        latency: tuple[float, float] = (0.02, 0.05),
        retry_after: int = 1,
        seed: int = 7,
    ) -> None:
        self.token = token
        self.global_per_second = global_per_second
        self.per_chat_seconds = per_chat_seconds
        self.latency = latency
        self.retry_after = retry_after
        self.rng = random.Random(seed)
        self.delivered: list[tuple[str, str, float]] = []  # (chat_id, text, monotonic time)
        self.too_many = 0
        self.in_flight = 0  # accepted sends whose answer has not gone back yet
        self.rejected: list[tuple[str, str, float]] = []  # (chat_id, which limit, time)
        self._window: deque[float] = deque()
        self._last_per_chat: dict[str, float] = {}
        self._runner: web.AppRunner | None = None
        self.url = ""

    def reset(self) -> None:
        """Forget everything delivered and every limit state."""
        self.delivered.clear()
        self.too_many = 0
        self.rejected.clear()
        self._window.clear()
        self._last_per_chat.clear()

    async def start(self) -> str:
        """Serve on a free port of 127.0.0.1; returns the base URL."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def handle(self, request: web.Request) -> web.Response:
        """Answer one Bot API call."""
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response({"ok": True, "result": BOT_USER})
        if method != "sendMessage":
            return _error(404, "Not Found: method not found")
        params = await _params(request)
        chat = str(params.get("chat_id", ""))
        if not self._allowed(chat, time.monotonic()):
            self.too_many += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after},
                },
                status=429,
            )
        text = str(params.get("text", ""))
        self.delivered.append((chat, text, time.monotonic()))
        self.in_flight += 1
        try:
            await asyncio.sleep(self.rng.uniform(*self.latency))
        finally:
            self.in_flight -= 1
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": len(self.delivered),
                    "date": int(time.time()),
                    "chat": {
                        "id": int(chat) if chat.lstrip("-").isdigit() else 0,
                        "type": "private",
                    },
                    "text": text,
                },
            }
        )

    def _allowed(self, chat: str, now: float) -> bool:
        """Apply the global sliding-window and per-chat limits; record the send if allowed."""
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) >= self.global_per_second:
            self.rejected.append((chat, "global", now))
            return False
        last = self._last_per_chat.get(chat)
        if last is not None and now - last < self.per_chat_seconds:
            self.rejected.append((chat, "chat", now))
            return False
        self._window.append(now)
        self._last_per_chat[chat] = now
        return True


async def _params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters from a JSON body, a form body or the query string."""
    if request.content_type == "application/json":
        return dict(json.loads(await request.text() or "{}"))
    if request.body_exists:
        return {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    return dict(request.query)


def _error(code: int, description: str) -> web.Response:
    """A Bot API error answer."""
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )
