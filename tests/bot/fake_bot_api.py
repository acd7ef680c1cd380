"""A local fake Bot API server for end-to-end runs of `zhengban run` (getMe, getUpdates, sendMessage)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from tests.fakes import BOT_USER


class FakeBotApi:
    """Serves /bot<TOKEN>/<method>, hands out queued updates and records what the bot sends."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.got_message = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_post("/bot{token}/{method}", self.method)
        self.app.router.add_get("/bot{token}/{method}", self.method)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        """Serve on 127.0.0.1 at a free port."""
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def method(self, request: web.Request) -> web.Response:
        """Answer one Bot API call."""
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        params = await self._params(request)
        name = request.match_info["method"]
        if name == "getMe":
            return _ok(BOT_USER)
        if name == "getUpdates":
            return _ok(await self._updates(int(params.get("offset") or 0)))
        if name == "sendMessage":
            self.sent.append(params)
            self.got_message.set()
            return _ok(
                {
                    "message_id": len(self.sent),
                    "date": 0,
                    "text": params.get("text", ""),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                }
            )
        return _ok(True)

    async def _updates(self, offset: int) -> list[dict[str, Any]]:
        """Updates from ``offset`` on, after a short long-poll wait when there are none."""
        pending = [u for u in self.updates if u["update_id"] >= offset]
        if not pending:
            await asyncio.sleep(0.2)
        return pending

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        """Read JSON or form parameters."""
        if request.content_type == "application/json":
            data: dict[str, Any] = await request.json()
            return data
        form = await request.post()
        return {k: _maybe_json(str(v)) for k, v in form.items()}


def _maybe_json(value: str) -> Any:
    """Decode a form value that PTB sent as JSON."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _ok(result: Any) -> web.Response:
    """A successful Bot API answer."""
    return web.json_response({"ok": True, "result": result})
