"""Offline fakes of the outside world: a Telegram transport that records calls."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "正版化助手",
    "username": "zhengban_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TEST_TOKEN = "424242:TEST-token-for-offline-tests-only"


class FakeTelegramRequest(BaseRequest):
    """A PTB transport that answers like the Bot API and records every call (never networks).

    ``scripted[chat_id]`` holds (HTTP status, body) answers to give that chat first (429, 403…).
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.scripted: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._message_id = 100
        self._called = asyncio.Condition()

    @property
    def read_timeout(self) -> float | None:
        """No timeout: answers are immediate."""
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

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
        """Answer one Bot API method and record it."""
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if name not in ("getUpdates", "getMe"):
            async with self._called:
                self.calls.append((name, dict(params)))
                self._called.notify_all()
        chat = str(params.get("chat_id"))
        if name != "getMe" and self.scripted.get(chat):
            status, body = self.scripted[chat].pop(0)
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": await self._result(name, params)}).encode()

    async def _result(self, name: str, params: dict[str, Any]) -> Any:
        """The Bot API result for ``name``."""
        if name == "getMe":
            return BOT_USER
        if name == "getUpdates":
            try:
                return [await asyncio.wait_for(self.updates.get(), 0.05)]
            except TimeoutError:
                return []
        if name in ("sendMessage", "sendDocument", "sendPhoto"):
            self._message_id += 1
            return {
                "message_id": self._message_id,
                "date": 0,
                "text": params.get("text", ""),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
            }
        return True

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until ``method`` has been called ``count`` times (an event, not a sleep)."""

        async def reached() -> None:
            async with self._called:
                await self._called.wait_for(lambda: len(self.sent(method)) >= count)

        await asyncio.wait_for(reached(), timeout)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every recorded call of ``method``."""
        return [params for name, params in self.calls if name == method]


def text_update(
    update_id: int, user_id: int, text: str, first_name: str = "张三"
) -> dict[str, Any]:
    """A private-chat text message update as Telegram sends it."""
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split(" ", 1)[0])}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1764000000,
            "text": text,
            "entities": entities,
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": {"id": user_id, "is_bot": False, "first_name": first_name},
        },
    }


def button_update(update_id: int, user_id: int, data: str) -> dict[str, Any]:
    """An inline-button press update."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "chat_instance": "1",
            "data": data,
            "from": {"id": user_id, "is_bot": False, "first_name": "张三"},
            "message": {
                "message_id": 1,
                "date": 1764000000,
                "text": "x",
                "chat": {"id": user_id, "type": "private"},
            },
        },
    }
