"""The awareness quiz: the shipped bank, attempts and pass marks, and the awareness rate."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Person
from knowledge.articles import load_articles
from reminders.awareness import awareness_report, write_awareness_xlsx
from reminders.quiz import (
    LETTERS,
    QuizError,
    answer,
    bank_by_id,
    load_questions,
    parse_questions,
    question_message,
    start_attempt,
)

NOW = datetime(2026, 11, 20, 2, 0)


def test_bank_has_enough_questions_each_citing_a_real_article() -> None:
    bank = load_questions()
    assert len(bank) >= 15
    articles = {a.id for a in load_articles()}
    assert {q.article for q in bank} <= articles
    assert all(len(q.choices) == 4 and q.answer in LETTERS for q in bank)
    assert len({q.question for q in bank}) == len(bank)


@pytest.mark.parametrize(
    "data",
    [
        [],
        [{"id": "x", "question": "?", "choices": ["a", "b"], "answer": "C", "article": "a"}],
        [{"id": "x", "question": "?", "choices": ["a", "b"], "answer": "A"}],
        [{"id": "x", "question": "?", "choices": ["a"], "answer": "A", "article": "a"}],
    ],
)
def test_bad_banks_are_refused(data: object) -> None:
    with pytest.raises(ValueError, match="quiz"):
        parse_questions(data)


async def take(
    session: AsyncSession, person: Person, right: int, size: int = 5, pass_mark: float = 0.8
) -> tuple[int, bool | None]:
    """Take a quiz answering the first ``right`` questions correctly; (score, passed)."""
    attempt = await start_attempt(session, person.id or 0, NOW, size, random.Random(7))
    assert attempt.id is not None and len(set(attempt.question_ids)) == size
    bank = bank_by_id()
    result = None
    for index, qid in enumerate(attempt.question_ids):
        good = bank[qid].answer
        letter = good if index < right else next(x for x in LETTERS if x != good)
        result = await answer(session, attempt.id, person.id or 0, index, letter, NOW, pass_mark)
        assert result.correct == (index < right) and result.right == good
        assert result.finished == (index == size - 1)
    assert result is not None
    return result.score, result.passed


async def test_scores_and_pass_mark(session: AsyncSession, people: dict[str, Person]) -> None:
    assert await take(session, people["王五"], right=4) == (4, True)
    assert await take(session, people["王五"], right=3) == (3, False)
    assert await take(session, people["李四"], right=7, size=10, pass_mark=0.7) == (7, True)


async def test_question_message_and_stale_buttons(
    session: AsyncSession, people: dict[str, Person]
) -> None:
    me, other = people["王五"].id or 0, people["李四"].id or 0
    attempt = await start_attempt(session, me, NOW, 2, random.Random(1))
    assert attempt.id is not None
    message = question_message(attempt)
    assert "第 1/2 题" in message.text and "A\\." in message.text
    assert [b.data for b in message.buttons[0]] == [f"qz:{attempt.id}:0:{x}" for x in LETTERS]
    with pytest.raises(QuizError):
        await answer(session, attempt.id, other, 0, "A", NOW)
    await answer(session, attempt.id, me, 0, "A", NOW)
    with pytest.raises(QuizError):
        await answer(session, attempt.id, me, 0, "B", NOW)
    assert "第 2/2 题" in question_message(attempt).text


async def test_awareness_rate_per_department_and_overall(
    session: AsyncSession, people: dict[str, Person], tmp_path: Path
) -> None:
    report = await awareness_report(session)
    assert (report["staff"], report["passed"], report["awareness_rate"]) == (3, 0, 0.0)
    await take(session, people["王五"], right=5)
    await take(session, people["王五"], right=0)  # a later failure does not undo a pass
    await take(session, people["李四"], right=1)
    report = await awareness_report(session)
    assert (report["staff"], report["passed"], report["awareness_rate"]) == (3, 1, 0.3333)
    assert report["departments"] == [
        {"name": "信息科", "staff": 1, "passed": 0, "awareness_rate": 0.0},
        {"name": "办公室", "staff": 2, "passed": 1, "awareness_rate": 0.5},
    ]
    out = tmp_path / "awareness.xlsx"
    await write_awareness_xlsx(session, out)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("科室") and rows[2] == ("办公室", 2, 1, 0.5)
    assert rows[-1] == ("合计 / total", 3, 1, 0.3333)
