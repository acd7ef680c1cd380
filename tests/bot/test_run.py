"""`zhengban run` as a user starts it: a real process, a fake Bot API, the web chat, signals."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.settings import Settings
from tests.bot.fake_bot_api import FakeBotApi
from tests.fakes import TEST_TOKEN, text_update

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_env(settings: Settings, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGBAN_")}
    env.update(
        ZHENGBAN_DATA_DIR=str(settings.data_dir),
        ZHENGBAN_HTTP_PORT=str(port),
        ZHENGBAN_DATABASE_URL=settings.resolved_database_url,
        **extra,
    )
    return env


async def start(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_healthy(port: int, proc: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 60
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                raise AssertionError((await proc.stderr.read()).decode())  # type: ignore[union-attr]
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError("zhengban run did not become healthy in 60 s")


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(TEST_TOKEN)
    await api.start()
    yield api
    await api.stop()


async def test_run_answers_on_telegram_and_web_then_stops_on_sigterm(
    settings: Settings, db: object, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    env = run_env(
        settings, port, ZHENGBAN_TELEGRAM_TOKEN=TEST_TOKEN, ZHENGBAN_TELEGRAM_API_URL=fake_api.url
    )
    fake_api.updates.append(text_update(1, 901, "wps要钱吗"))
    proc = await start(env, tmp_path)
    try:
        await wait_healthy(port, proc)
        await asyncio.wait_for(fake_api.got_message.wait(), 60)
        assert fake_api.sent[0]["chat_id"] in (901, "901")
        assert "WPS" in fake_api.sent[0]["text"]
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await http.get(f"http://127.0.0.1:{port}/")
            async with http.post(
                f"http://127.0.0.1:{port}/api/chat", json={"text": "检查工具装不上"}
            ) as response:
                assert response.status == 200
                assert (await response.json())["replies"]
        second = await start(run_env(settings, port), tmp_path)
        _, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 2
        assert "已被占用" in err.decode() and "ZHENGBAN_HTTP_PORT" in err.decode()
    finally:
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 10)
    assert time.monotonic() - began < 5
    assert proc.returncode == 0


async def test_run_refuses_a_placeholder_token_naming_the_variable(
    settings: Settings, tmp_path: Path
) -> None:
    proc = await start(run_env(settings, free_port(), ZHENGBAN_TELEGRAM_TOKEN="changeme"), tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert "ZHENGBAN_TELEGRAM_TOKEN" in err.decode()


async def test_unreachable_bot_api_does_not_stop_the_web_chat(
    settings: Settings, db: object, tmp_path: Path
) -> None:
    port = free_port()
    env = run_env(
        settings,
        port,
        ZHENGBAN_TELEGRAM_TOKEN=TEST_TOKEN,
        ZHENGBAN_TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}",
    )
    proc = await start(env, tmp_path)
    try:
        await wait_healthy(port, proc)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            await http.get(f"http://127.0.0.1:{port}/")
            async with http.post(f"http://127.0.0.1:{port}/api/chat", json={"text": "/help"}) as r:
                assert r.status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 10)


async def test_cli_broadcast_is_delivered_by_the_running_bot(
    settings: Settings, db: object, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    env = run_env(
        settings, port, ZHENGBAN_TELEGRAM_TOKEN=TEST_TOKEN, ZHENGBAN_TELEGRAM_API_URL=fake_api.url
    )
    # no quiet hours: run after 22:00 Beijing time, a broadcast would rightly wait for morning
    env.update(
        ZHENGBAN_SECTIONS__REMINDERS__QUIET_START="00:00",
        ZHENGBAN_SECTIONS__REMINDERS__QUIET_END="00:00",
    )
    for name, tg in (("甲", "7001"), ("乙", "7002")):
        add = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "user",
            "add",
            name,
            "--role",
            "staff",
            "--telegram-id",
            tg,
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert await add.wait() == 0
    proc = await start(env, tmp_path)
    try:
        await wait_healthy(port, proc)
        send = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "broadcast",
            "--audience",
            "all",
            "--text",
            "关于开展年度软件正版化检查的通知",
            "--yes",
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _out, err = await send.communicate()
        assert send.returncode == 0, err.decode()
        for _ in range(300):
            chats = {
                str(m["chat_id"]) for m in fake_api.sent if "年度软件正版化" in m.get("text", "")
            }
            if chats == {"7001", "7002"}:
                break
            await asyncio.sleep(0.1)
        assert chats == {"7001", "7002"}
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 10)
