"""The command line as a user types it: user add/invite/role/list, chat through standard input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.settings import Settings


@pytest.fixture
def runner(settings: Settings, db: object, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ZHENGBAN_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("ZHENGBAN_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("ZHENGBAN_TELEGRAM_TOKEN", raising=False)
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def test_user_add_list_role_and_invite(runner: CliRunner) -> None:
    assert (
        invoke(runner, "user", "add", "陈一", "--role", "staff", "--department", "财务科").exit_code
        == 0
    )
    assert (
        invoke(
            runner, "user", "add", "刘二", "--role", "technician", "--telegram-id", "12345"
        ).exit_code
        == 0
    )
    listed = json.loads(invoke(runner, "user", "list", "--json").output)
    assert [(p["name"], p["role"], p["department"]) for p in listed] == [
        ("陈一", "staff", "财务科"),
        ("刘二", "technician", None),
    ]
    assert listed[1]["channels"] == ["telegram"]
    assert invoke(runner, "user", "role", "陈一", "admin").exit_code == 0
    assert json.loads(invoke(runner, "user", "list", "--json").output)[0]["role"] == "admin"
    code = invoke(runner, "user", "invite", "陈一").output.strip().splitlines()[0]
    assert len(code) == 10 and code.isalnum()


def test_bad_input_exits_2_with_a_reason(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["user", "invite", "没有这个人"])
    assert result.exit_code == 2 and "没有名为" in result.output
    result = runner.invoke(cli, ["user", "add", "x", "--role", "boss"])
    assert result.exit_code == 2


def test_every_admin_action_is_audited(runner: CliRunner, settings: Settings) -> None:
    invoke(runner, "user", "add", "审计员", "--role", "admin")
    invoke(runner, "user", "role", "审计员", "staff")
    invoke(runner, "user", "invite", "审计员")
    import asyncio

    from bot import access
    from bot.database import Database

    async def actions() -> list[str]:
        db = Database(settings.resolved_database_url)
        async with db.session() as session:
            entries = await access.audit_entries(session)
        await db.dispose()
        return [e.action for e in entries]

    assert asyncio.run(actions()) == ["user.invite", "user.role", "user.add"]
    logged = json.loads(invoke(runner, "audit", "--json").output)
    assert [row["action"] for row in logged] == ["user.invite", "user.role", "user.add"]


def test_console_chat_through_standard_input(
    settings: Settings, db: object, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGBAN_")}
    env.update(
        ZHENGBAN_DATABASE_URL=settings.resolved_database_url, ZHENGBAN_DATA_DIR=str(tmp_path)
    )
    subprocess.run(
        [sys.executable, "-m", "bot", "user", "add", "吴三", "--role", "technician"],
        env=env,
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--as", "technician"],
        env=env,
        cwd=tmp_path,
        input="/whoami\nwps要钱吗\n<b>x</b> **y**\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "吴三" in result.stdout and "技术人员" in result.stdout
    assert "WPS" in result.stdout and re.search(r"\[\d\] 👍", result.stdout)
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--as", "admin"],
        env=env,
        cwd=tmp_path,
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 2 and "zhengban user add" in missing.stderr


def test_export_then_erase_hands_all_data_back(runner: CliRunner, tmp_path: Path) -> None:
    import zipfile

    invoke(runner, "user", "add", "交接", "--role", "admin", "--department", "信息科")
    out = tmp_path / "handover.zip"
    assert invoke(runner, "export", "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        people = archive.read("person.csv").decode("utf-8-sig")
    assert manifest["tables"]["person"] == 1 and "交接" in people
    assert runner.invoke(cli, ["erase"]).exit_code == 2
    assert invoke(runner, "erase", "--yes").exit_code == 0
    assert json.loads(invoke(runner, "user", "list", "--json").output) == []
