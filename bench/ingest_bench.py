"""Scan ingest benchmark: rows/s and peak memory at 10k, 100k and 1M installation rows.

Run: .venv/bin/python bench/ingest_bench.py [--sizes 10000,100000,1000000] [--no-pg]
Each size runs in a fresh process (so peak RSS is per size) against a fresh SQLite file with
WAL and synchronous=NORMAL, and against PostgreSQL when ZHENGBAN_BENCH_PG_URL is set or
127.0.0.1:5432 answers (database ``zhengban_bench``, created if missing).
Machines carry 200 installs each (1M rows = 5,000 machines x 200): 20-30 common office
programs plus a tail of runtimes, drivers, updates and apps of which about 10% are unknown
in-house tools; every 40th machine has an activator and every 50th a public-KMS activation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import inventory.models  # noqa: F401
from inventory.ingest import import_assets, ingest_scans
from inventory.records import ActivationRecord, AssetRecord, InstallRecord, MachineScan

PER_MACHINE = 200
BATCH = 500  # scans per ingest call (one upload) and per commit
NOW = datetime(2026, 3, 2, 9, 0)
COMMON = [
    ("Microsoft Office Professional Plus 2021", "Microsoft Corporation", "16.0.14332.20447"),
    ("WPS Office", "Kingsoft Corp.", "12.1.0.16388"),
    ("WinRAR 6.24 (64-bit)", "win.rar GmbH", "6.24.0"),
    ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01"),
    ("Google Chrome", "Google LLC", "120.0.6099.130"),
    ("Microsoft Edge", "Microsoft Corporation", "120.0.2210.91"),
    ("Mozilla Firefox (x64 zh-CN)", "Mozilla", "121.0"),
    ("腾讯QQ", "腾讯科技(深圳)有限公司", "9.7.20"),
    ("微信", "腾讯科技(深圳)有限公司", "3.9.8"),
    ("钉钉", "Alibaba (China) Network Technology Co.,Ltd.", "7.5.0"),
    ("火绒安全软件", "北京火绒网络科技有限公司", "5.0.74"),
    ("360安全卫士", "360安全中心", "13.0"),
    ("Adobe Acrobat Reader DC - Chinese Simplified", "Adobe Systems Incorporated", "23.008"),
    ("Adobe Photoshop 2023", "Adobe Inc.", "24.7"),
    ("福昕PDF编辑器", "福昕软件", "12.1"),
    ("搜狗输入法 13.5正式版", "Sogou.com", "13.5"),
    (
        "Microsoft Visual C++ 2015-2022 Redistributable (x64)",
        "Microsoft Corporation",
        "14.38.33130",
    ),
    ("Microsoft .NET Framework 4.8 Targeting Pack", "Microsoft Corporation", "4.8.03761"),
    ("Xshell 7", "NetSarang Computer, Inc.", "7.0.0144"),
    ("Navicat Premium 16", "PremiumSoft CyberTech Ltd.", "16.1.15"),
    ("SQL Server 2019 Management Objects", "Microsoft Corporation", "15.0.2000"),
    ("Notepad++ (64-bit x64)", "Notepad++ Team", "8.6"),
    ("AutoCAD 2020 - 简体中文 (Simplified Chinese)", "Autodesk", "23.1.47.0"),
    ("TeamViewer", "TeamViewer", "15.49"),
    ("向日葵远程控制", "上海贝锐信息科技股份有限公司", "13.3"),
    ("Intel(R) Graphics Driver", "Intel Corporation", "31.0.101"),
    ("Realtek High Definition Audio Driver", "Realtek Semiconductor Corp.", "6.0.9"),
    ("金山PDF", "Kingsoft Corp.", "11.8"),
    ("网易有道翻译", "网易有道", "10.1"),
    ("VLC media player", "VideoLAN", "3.0.20"),
]
CRACKS = [("KMSpico 10.2.0", "Team Daz", "10.2.0"), ("HEU KMS Activator 24.6", "", "24.6")]
VENDORS = [f"厂商{n}" if n % 3 else f"Vendor{n} Software Co., Ltd." for n in range(400)]


BANKS = [
    "工商银行",
    "农业银行",
    "中国银行",
    "建设银行",
    "交通银行",
    "招商银行",
    "北京银行",
    "邮储银行",
]
INTEL = [
    "Management Engine Components",
    "Graphics Driver",
    "Serial IO",
    "Rapid Storage Technology",
    "Chipset Device Software",
    "Wireless Bluetooth",
    "PROSet/Wireless Software",
    "Dynamic Platform and Thermal Framework",
]


def known_families(rng: random.Random) -> list[tuple[str, str, str]]:
    """Return runtimes, drivers, updates and office apps that a good catalog recognizes."""
    pool: list[tuple[str, str, str]] = []
    for year in (2005, 2008, 2010, 2012, 2013, 2015, 2017, 2019, 2022):
        for arch in ("x86", "x64"):
            pool.append(
                (
                    f"Microsoft Visual C++ {year} Redistributable ({arch}) - {year % 100}.0.{rng.randint(10000, 40000)}",
                    "Microsoft Corporation",
                    f"{year % 100}.0",
                )
            )
    pool += [
        (
            f"Security Update for Microsoft Office 2016 (KB{5002000 + n}) 32-Bit Edition",
            "Microsoft Corporation",
            "",
        )
        for n in range(300)
    ]
    pool += [
        (f"Intel(R) {part}", "Intel Corporation", f"{rng.randint(1, 30)}.{rng.randint(0, 9)}")
        for part in INTEL
    ]
    pool += [
        (f"NVIDIA Graphics Driver {v}.{rng.randint(10, 99)}", "NVIDIA Corporation", str(v))
        for v in range(400, 560)
    ]
    pool += [
        (f"HP LaserJet Pro MFP M{n} Basic Device Software", "HP Inc.", "44.0")
        for n in range(100, 400)
    ]
    pool += [
        (f"{bank}网银助手 {n}.{m}", bank, f"{n}.{m}")
        for bank in BANKS
        for n in range(1, 6)
        for m in range(4)
    ]
    pool += [
        (f"Python 3.{minor}.{patch} (64-bit)", "Python Software Foundation", f"3.{minor}.{patch}")
        for minor in range(6, 13)
        for patch in range(12)
    ]
    pool += [
        (f"Microsoft .NET Framework 4.{minor} {kind}", "Microsoft Corporation", f"4.{minor}")
        for minor in range(5, 9)
        for kind in ("Targeting Pack", "SDK", "Multi-Targeting Pack", "Language Pack")
    ]
    pool += [
        (name, vendor, f"{rng.randint(1, 9)}.{rng.randint(0, 9)}")
        for name, vendor in (
            ("企业微信", "腾讯科技(深圳)有限公司"),
            ("飞书", "北京字节跳动科技有限公司"),
            ("腾讯会议", "腾讯科技(深圳)有限公司"),
            ("百度网盘", "北京百度网讯科技有限公司"),
            ("CAJViewer 7.3", "同方知网"),
            ("Foxit PDF Reader", "Foxit Software Inc."),
            ("Visual Studio Code", "Microsoft Corporation"),
            ("Git", "The Git Development Community"),
            ("Microsoft Edge WebView2 Runtime", "Microsoft Corporation"),
            ("Microsoft Update Health Tools", "Microsoft Corporation"),
            ("Lenovo Vantage Service", "Lenovo Group Ltd."),
            ("Dell SupportAssist", "Dell Inc."),
            ("金税盘", "航天信息股份有限公司"),
            ("数字证书助手", "北京数字认证股份有限公司"),
            ("Java 8 Update 391", "Oracle Corporation"),
            ("Microsoft OneDrive", "Microsoft Corporation"),
        )
    ]
    return pool


def tail_pool(size: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """Return the long tail: recognized families plus about 10% unknown in-house tools."""
    pool = known_families(rng)
    unknown = max(1, len(pool) // 9)
    for n in range(unknown):
        vendor = VENDORS[n % len(VENDORS)].split()[0]
        name = f"{vendor} 业务系统客户端 {n}" if n % 2 else f"{vendor} Tool {n}"
        pool.append((name, vendor, f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 3)}"))
    return pool[:size]


def make_scans(machines: int, seed: int = 7) -> list[MachineScan]:
    """Generate one scan per machine with PER_MACHINE installs each."""
    rng = random.Random(seed)
    pool = tail_pool(3000, rng)
    assert len(pool) >= PER_MACHINE, len(pool)
    scans = []
    for m in range(machines):
        names = COMMON[: rng.randint(20, len(COMMON))]
        if m % 40 == 0:
            names = [*names, rng.choice(CRACKS)]
        tail = rng.sample(pool, PER_MACHINE - len(names))
        installs = [InstallRecord(n, v, p or None) for n, p, v in [*names, *tail]]
        kms = "kms.03k.org" if m % 50 == 0 else "kms.unit.local"
        activation = ActivationRecord(
            "Windows(R), Professional edition", 1, "Volume:GVLK", kms, "3V66T"
        )
        scans.append(
            MachineScan(
                client_id=f"client-{m}",
                hostname=f"PC-{m:05d}",
                serial=f"SN{m:07d}",
                scanned_at=NOW - timedelta(minutes=m % 600),
                installs=installs,
                activations=[activation],
            )
        )
    return scans


def assets(machines: int) -> list[AssetRecord]:
    """Return the asset register of the generated machines across 20 departments."""
    return [
        AssetRecord(
            f"ZC-{m:05d}",
            f"PC-{m:05d}",
            "desktop" if m % 4 else "laptop",
            f"科室{m % 20:02d}",
            internet=True,
            serial=f"SN{m:07d}",
        )
        for m in range(machines)
    ]


def classifier() -> tuple[Any, str]:
    """Return the shipped catalog classifier, or a tiny stand-in when the catalog cannot load."""
    try:
        from inventory.classify import load_default_classifier

        return load_default_classifier(), "catalog"
    except Exception as exc:  # the catalog is written concurrently; report and carry on
        print(
            f"# catalog classifier unavailable ({type(exc).__name__}); using a name-table stand-in"
        )
        from tests.inventory.conftest import FakeClassifier

        return FakeClassifier(), "fake"


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


async def run_one(rows: int, url: str) -> dict[str, Any]:
    """Ingest ``rows`` installation rows into a fresh database; return the figures."""
    machines = max(1, rows // PER_MACHINE)
    engine = create_async_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine.sync_engine, "connect", _pragmas)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.drop_all)
        await connection.run_sync(SQLModel.metadata.create_all)
    scans = make_scans(machines)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        await import_assets(session, assets(machines))
        await session.commit()
    judge, kind = classifier()
    started, findings = time.perf_counter(), 0
    for start in range(0, len(scans), BATCH):
        async with AsyncSession(engine, expire_on_commit=False) as session:
            report = await ingest_scans(session, scans[start : start + BATCH], judge, NOW, "bench")
            await session.commit()
            findings += sum(len(m.new_findings) for m in report.machines)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    async with AsyncSession(engine, expire_on_commit=False) as session:
        again = await ingest_scans(session, scans[:BATCH], judge, NOW, "bench")
        await session.commit()
    duplicate = time.perf_counter() - started
    await engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": machines * PER_MACHINE,
        "machines": machines,
        "seconds": round(elapsed, 2),
        "rows_per_s": round(machines * PER_MACHINE / elapsed),
        "peak_mb": round(peak_mb),
        "findings": findings,
        "classifier": kind,
        "dup_batch_s": round(duplicate, 2),
        "dups": again.duplicates,
    }


def postgres_url() -> str | None:
    """Return a PostgreSQL URL for the bench database, creating it when needed, or None."""
    base = os.environ.get("ZHENGBAN_BENCH_PG_URL")
    if base is None:
        try:
            socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        except OSError:
            return None
        base = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"

    async def ensure() -> None:
        engine = create_async_engine(base, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            exists = (
                await connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname='zhengban_bench'")
                )
            ).first()
            if not exists:
                await connection.execute(text("CREATE DATABASE zhengban_bench"))
        await engine.dispose()

    if os.environ.get("ZHENGBAN_BENCH_PG_URL"):
        return base
    asyncio.run(ensure())
    return base.rsplit("/", 1)[0] + "/zhengban_bench"


def child(rows: int, url: str) -> dict[str, Any]:
    """Run one size in a fresh interpreter so peak memory is per size."""
    output = subprocess.run(
        [sys.executable, __file__, "--one", str(rows), "--url", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in output.splitlines():
        if line.startswith("# "):
            print(line)
    return json.loads(output.splitlines()[-1])


def main() -> None:
    """Print one line per database and size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--one", type=int)
    parser.add_argument("--url")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(run_one(args.one, args.url))))
        return
    targets = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in (int(s) for s in args.sizes.split(",")):
            targets.append(("sqlite", rows, f"sqlite+aiosqlite:///{folder}/bench-{rows}.db"))
        pg = None if args.no_pg else postgres_url()
        if pg:
            targets += [("postgresql", int(s), pg) for s in args.sizes.split(",")]
        for backend, rows, url in targets:
            r = child(rows, url)
            print(
                f"ingest {backend:10s} {r['rows']:>9,} rows  {r['machines']:>5} machines  {r['seconds']:>7.2f} s  "
                f"{r['rows_per_s']:>8,} rows/s  peak {r['peak_mb']:>5} MB  findings {r['findings']}  "
                f"re-import {r['dups']} dup scans in {r['dup_batch_s']} s  ({r['classifier']} classifier)"
            )


if __name__ == "__main__":
    main()
