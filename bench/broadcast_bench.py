"""Broadcast benchmark: 2,000 recipients through the real TelegramNotifier against a limited fake Bot API.

Run: python bench/broadcast_bench.py  (the worker runs as a subprocess: --worker DBFILE URL).
Prints one line per figure: messages/s, 429 answers, messages lost and duplicated after a
kill -9 at half way, and the worker's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_bot_api import LimitedBotApi
from sqlmodel import col, func, select

from bot.access import ChatAddressBook
from bot.database import Database
from bot.models import ChatIdentity
from inventory.models import Person, utcnow
from reminders.broadcasts import confirm, create_draft
from reminders.models import Outbox, OutboxStatus
from reminders.settings import ReminderSettings

TOKEN = "123456789:BENCHbenchBENCHbenchBENCHbench"
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "2000"))
FIRST_CHAT = 700_000_000


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def seed(path: Path) -> int:
    """Create PEOPLE people with a Telegram identity each and confirm one broadcast to all."""
    db = Database(sqlite_url(path))
    await db.create_all()
    async with db.session() as session:
        people = [Person(name=f"员工{i:04d}") for i in range(PEOPLE)]
        session.add_all(people)
        await session.flush()
        session.add_all(
            ChatIdentity(
                channel="telegram",
                external_id=str(FIRST_CHAT + i),
                chat_address=str(FIRST_CHAT + i),
                person_id=p.id,
            )
            for i, p in enumerate(people)
        )
        draft = await create_draft(
            session, author_id=None, text="**通知**：本周五下午开展软件正版化检查。"
        )
        assert draft.id is not None
        rows = await confirm(session, draft.id, ChatAddressBook(), utcnow())
        assert rows == PEOPLE, rows
    await db.dispose()
    return draft.id


async def outstanding(db: Database) -> int:
    async with db.session() as session:
        query = (
            select(func.count())
            .select_from(Outbox)
            .where(col(Outbox.status).in_([OutboxStatus.pending, OutboxStatus.sending]))
        )
        return int((await session.exec(query)).one())


async def run_worker(path: Path, url: str) -> None:
    """The worker subprocess: deliver until nothing is outstanding, then print peak memory."""
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.channels.telegram.notifier import TelegramNotifier
    from reminders.worker import DeliveryWorker

    db = Database(sqlite_url(path))
    request = HTTPXRequest(connection_pool_size=32)
    bot = Bot(TOKEN, base_url=f"{url}/bot", request=request)
    settings = ReminderSettings(quiet_start="00:00", quiet_end="00:00", poll_seconds=0.2)
    async with bot:
        worker = DeliveryWorker(
            db.sessionmaker, {"telegram": TelegramNotifier(bot)}, settings=settings
        )
        await worker.start()
        while await outstanding(db):
            await asyncio.sleep(0.25)
        await worker.stop()
    await db.dispose()
    print(f"peak_kb {peak_kb('self')}", flush=True)


def peak_kb(pid: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def spawn(path: Path, url: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--worker", str(path), url, stdout=asyncio.subprocess.PIPE
    )


async def finish(proc: asyncio.subprocess.Process) -> int:
    out, _ = await proc.communicate()
    for line in out.decode().splitlines():
        if line.startswith("peak_kb "):
            return int(line.split()[1])
    raise RuntimeError(f"worker exited with {proc.returncode} and no figures")


def rate(api: LimitedBotApi) -> float:
    times = sorted(t for _, _, t in api.delivered)
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


async def clean_run(api: LimitedBotApi, workdir: Path) -> None:
    path = workdir / "clean.db"
    await seed(path)
    started = time.monotonic()
    peak = await finish(await spawn(path, api.url))
    wall = time.monotonic() - started
    chats = Counter(c for c, _, _ in api.delivered)
    print(f"broadcast delivered: {len(chats)}/{PEOPLE} recipients")
    print(f"broadcast rate: {rate(api):.1f} msg/s (target >= 28; Telegram limit 30)")
    print(f"broadcast wall time incl. worker start-up: {wall:.1f} s ({PEOPLE / wall:.1f} msg/s)")
    print(f"429 answers received: {api.too_many} (target 0)")
    for chat, which, at in api.rejected:
        print(f"  429 {which} limit, chat {chat}, at {at - api.delivered[0][2]:.3f} s")
        if os.environ.get("BENCH_DEBUG"):
            near = [t for _, _, t in api.delivered if at - 1.0 <= t <= at]
            gaps = [round((b - a) * 1000) for a, b in itertools.pairwise(near)]
            print(f"    {len(near)} in the second before; gaps ms {gaps}")
    print(f"worker peak memory (VmHWM): {peak / 1024:.1f} MiB")


async def crash_run(api: LimitedBotApi, workdir: Path) -> None:
    api.reset()
    path = workdir / "crash.db"
    await seed(path)
    proc = await spawn(path, api.url)
    while len(api.delivered) < PEOPLE // 2:
        await asyncio.sleep(0.05)
    proc.kill()
    in_flight = api.in_flight
    await proc.wait()
    at_kill = len(api.delivered)
    await finish(await spawn(path, api.url))
    chats = Counter(c for c, _, _ in api.delivered)
    expected = {str(FIRST_CHAT + i) for i in range(PEOPLE)}
    print(f"kill -9 at {at_kill} delivered, {in_flight} sends in flight at the kill")
    print(f"after restart delivered {len(chats)}/{PEOPLE} recipients")
    print(f"messages lost after kill -9: {len(expected - set(chats))} (target 0)")
    print(
        f"duplicates after kill -9: {sum(n - 1 for n in chats.values())} "
        "(at most the sends in flight at the kill)"
    )
    print(f"429 answers in crash run: {api.too_many}")


async def bench() -> None:
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} at start (other work competes)"
    )
    api = LimitedBotApi(TOKEN)
    await api.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            await clean_run(api, Path(tmp))
            await crash_run(api, Path(tmp))
    finally:
        await api.stop()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"largest worker process peak RSS (rusage children): {children / 1024:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", nargs=2, metavar=("DBFILE", "URL"))
    args, _ = parser.parse_known_args()
    if args.worker:
        asyncio.run(run_worker(Path(args.worker[0]), args.worker[1]))
    else:
        asyncio.run(bench())


if __name__ == "__main__":
    main()
