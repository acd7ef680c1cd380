"""`zhengban training add|list` and `zhengban report awareness` as a user types them."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from sqlmodel import select

from bot import access
from bot.cli import cli
from bot.cli.trainings import report_awareness_command, training_group
from bot.database import Database
from bot.settings import Settings
from inventory.models import Role
from reminders.models import Outbox, QuizAttempt
from tests.conftest import add_person


def root() -> click.Group:
    """The real CLI when it has the commands, else a root with just these commands."""
    if "training" in cli.commands:
        return cli
    group = click.Group("zhengban")
    group.add_command(training_group)
    report = click.Group("report")
    report.add_command(report_awareness_command)
    group.add_command(report)
    return group


@pytest.fixture
async def runner(settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    await db.create_all()
    monkeypatch.setenv("ZHENGBAN_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("ZHENGBAN_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("ZHENGBAN_TELEGRAM_TOKEN", raising=False)
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(root(), list(args), catch_exceptions=False)


def seed(settings: Settings, passed: int = 0) -> None:
    """Three linked people in two departments; the first ``passed`` of them passed the quiz."""

    async def go() -> None:
        db = Database(settings.resolved_database_url)
        try:
            people = [
                await add_person(db, "王五", Role.staff, "办公室"),
                await add_person(db, "赵六", Role.staff, "办公室"),
                await add_person(db, "李工", Role.technician, "信息科"),
            ]
            async with db.session() as session:
                for n, person in enumerate(people):
                    identity = await access.identity_for(session, "telegram", str(100 + n))
                    identity.person_id = person.id
                    if n < passed:
                        session.add(QuizAttempt(person_id=person.id or 0, score=5, passed=True))
        finally:
            await db.dispose()

    asyncio.run(go())


def outbox_count(settings: Settings) -> int:
    async def go() -> int:
        db = Database(settings.resolved_database_url)
        try:
            async with db.session() as session:
                return len((await session.exec(select(Outbox))).all())
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_add_invites_the_audience_and_list_shows_it(runner: CliRunner, settings: Settings) -> None:
    seed(settings)
    year = datetime.now().year + 1
    result = invoke(
        runner,
        "training",
        "add",
        "--title",
        "正版化培训",
        "--at",
        f"{year}-03-02 14:30",
        "--place",
        "三楼会议室",
        "--audience",
        "department:办公室",
    )
    assert result.exit_code == 0 and "#1" in result.output
    assert outbox_count(settings) == 2
    [row] = json.loads(invoke(runner, "training", "list", "--json").output)
    assert row["title"] == "正版化培训" and row["starts_at"] == f"{year}-03-02T06:30Z"
    assert (row["invited"], row["going"], row["audience"]) == (2, 0, "department:办公室")
    text = invoke(runner, "training", "list").output
    assert f"{year}-03-02 14:30" in text and "三楼会议室" in text


@pytest.mark.parametrize(
    "args",
    [
        ["--title", "x", "--at", "tomorrow"],
        ["--title", "x", "--at", "2020-01-01 10:00"],
        ["--title", " ", "--at", "2099-01-01 10:00"],
        ["--title", "x", "--at", "2099-01-01 10:00", "--audience", "role:boss"],
    ],
)
def test_bad_input_exits_2(runner: CliRunner, settings: Settings, args: list[str]) -> None:
    result = runner.invoke(root(), ["training", "add", *args])
    assert result.exit_code == 2 and "zhengban:" in result.output


def test_report_awareness_json_text_and_xlsx(
    runner: CliRunner, settings: Settings, tmp_path: Path
) -> None:
    seed(settings, passed=1)
    report = json.loads(invoke(runner, "report", "awareness", "--json").output)
    assert (report["staff"], report["passed"], report["awareness_rate"]) == (3, 1, 0.3333)
    assert [d["name"] for d in report["departments"]] == ["信息科", "办公室"]
    assert "33.3%" in invoke(runner, "report", "awareness").output
    out = tmp_path / "awareness.xlsx"
    assert invoke(runner, "report", "awareness", "--xlsx", str(out)).exit_code == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[-1] == ("合计 / total", 3, 1, 0.3333)
