"""One real-browser test: headless Chromium loads the web chat, asks a question, sees the answer."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.app import App
from bot.channels.web.channel import WebChannel
from bot.flows import ChatCore
from bot.web import WebServer, build_web_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)"
    ),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]


class DevTools:
    """A minimal Chrome DevTools Protocol client over aiohttp's websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == self.next_id:
                return message.get("result", {})  # type: ignore[no-any-return]

    async def evaluate(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        return result.get("result", {}).get("value")


@pytest.fixture
async def served(core: ChatCore) -> AsyncIterator[str]:
    app = App(core.services.settings, core.services, core)
    web_app = build_web_app()
    WebChannel(app.handle, core.services.db.sessionmaker).add_routes(web_app)
    server = WebServer(web_app, "127.0.0.1", 0)
    await server.start()
    yield server.url
    await server.stop()


async def devtools_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stderr is not None
    loop = asyncio.get_running_loop()
    for _ in range(200):
        line = await loop.run_in_executor(None, proc.stderr.readline)
        if "DevTools listening on" in line:
            return line.split("listening on", 1)[1].strip()
    raise AssertionError("chromium did not start its DevTools endpoint")


async def test_browser_asks_and_sees_the_answer(served: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],  # type: ignore[list-item]
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            browser_ws = await asyncio.wait_for(devtools_url(proc), 60)
            port = browser_ws.split(":")[2].split("/")[0]
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                    page = next(t for t in await response.json() if t["type"] == "page")
                async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    await ask_in_page(DevTools(ws), served)
        finally:
            proc.terminate()
            proc.wait(10)


async def ask_in_page(tools: DevTools, url: str) -> None:
    await tools.call("Page.enable")
    await tools.call("Page.navigate", url=url + "/")
    await wait_until(
        tools, "document.readyState === 'complete' && !!document.getElementById('text')"
    )
    assert "正版化助手" in await tools.evaluate("document.title")
    await tools.evaluate(
        "document.getElementById('text').value = 'wps要钱吗';"
        "document.getElementById('form').requestSubmit(); true"
    )
    await wait_until(tools, "document.querySelectorAll('.msg.bot').length > 0")
    answer = await tools.evaluate("document.querySelector('.msg.bot').innerText")
    assert "WPS" in answer
    assert await tools.evaluate("document.querySelectorAll('.msg.bot .buttons button').length") >= 2


async def wait_until(tools: DevTools, condition: str) -> None:
    for _ in range(300):
        if await tools.evaluate(f"Boolean({condition})"):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"page never satisfied: {condition}")
