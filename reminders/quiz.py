"""The awareness quiz: questions from the knowledge base, attempts, scores and pass marks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlmodel.ext.asyncio.session import AsyncSession

from reminders.messages import Button, Message, escape_markdown
from reminders.models import QuizAttempt

LETTERS = "ABCD"


class QuizError(ValueError):
    """A quiz step that cannot be taken (a stale button, someone else's attempt)."""


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One multiple-choice question, the letter of its answer and the article it comes from."""

    id: str
    article: str
    question: str
    choices: tuple[str, ...]
    answer: str


def parse_questions(data: Any) -> list[QuizQuestion]:
    """Validate the YAML question list; a ValueError names the bad item."""
    if not isinstance(data, list) or not data:
        raise ValueError("quiz: expected a list of questions")
    questions, seen = [], set()
    for item in data:
        qid = str(item.get("id", "")) if isinstance(item, dict) else ""
        choices = tuple(str(c) for c in item.get("choices", [])) if qid else ()
        answer = str(item.get("answer", "")).strip().upper() if qid else ""
        if not qid or qid in seen or not 2 <= len(choices) <= len(LETTERS):
            raise ValueError(f"quiz: bad or duplicate item {qid or item!r}")
        if answer not in LETTERS[: len(choices)] or not item.get("article"):
            raise ValueError(f"quiz: item {qid} needs an answer letter and an article")
        seen.add(qid)
        questions.append(
            QuizQuestion(qid, str(item["article"]), str(item["question"]), choices, answer)
        )
    return questions


@lru_cache(maxsize=4)
def load_questions(path: Path | None = None) -> tuple[QuizQuestion, ...]:
    """The question bank: a YAML file, by default the shipped reminders/data/quiz.yaml."""
    if path is None:
        text = resources.files("reminders").joinpath("data/quiz.yaml").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    return tuple(parse_questions(yaml.safe_load(text)))


def bank_by_id(bank: tuple[QuizQuestion, ...] | None = None) -> dict[str, QuizQuestion]:
    """The question bank keyed by id."""
    return {q.id: q for q in (bank or load_questions())}


async def start_attempt(
    session: AsyncSession,
    person_id: int,
    now: datetime,
    size: int = 5,
    rng: random.Random | None = None,
    bank: tuple[QuizQuestion, ...] | None = None,
) -> QuizAttempt:
    """Draw ``size`` random questions for a person and store the new attempt."""
    questions = list(bank or load_questions())
    drawn = (rng or random.Random()).sample(questions, min(size, len(questions)))
    attempt = QuizAttempt(person_id=person_id, started_at=now, question_ids=[q.id for q in drawn])
    session.add(attempt)
    await session.flush()
    return attempt


def question_message(attempt: QuizAttempt, bank: tuple[QuizQuestion, ...] | None = None) -> Message:
    """The attempt's next unanswered question with one button per choice."""
    index = len(attempt.answers)
    question = bank_by_id(bank)[attempt.question_ids[index]]
    lines = [f"**第 {index + 1}/{len(attempt.question_ids)} 题 / question {index + 1}**"]
    lines.append(escape_markdown(question.question))
    for letter, choice in zip(LETTERS, question.choices, strict=False):
        lines.append(f"{letter}\\. {escape_markdown(choice)}")
    row = tuple(
        Button(letter, f"qz:{attempt.id}:{index}:{letter}")
        for letter in LETTERS[: len(question.choices)]
    )
    return Message("\n".join(lines), buttons=(row,))


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What one answer did: right or not, the right letter, and the score when finished."""

    correct: bool
    right: str
    article: str
    finished: bool
    score: int
    total: int
    passed: bool | None


async def answer(
    session: AsyncSession,
    attempt_id: int,
    person_id: int,
    index: int,
    letter: str,
    now: datetime,
    pass_mark: float = 0.8,
    bank: tuple[QuizQuestion, ...] | None = None,
) -> AnswerResult:
    """Record the answer to question ``index`` of an attempt; score it when it is the last."""
    attempt = await session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.person_id != person_id:
        raise QuizError("这份测验不存在 / no such quiz")
    if attempt.finished_at is not None or index != len(attempt.answers):
        raise QuizError("这道题已经答过了 / that question was already answered")
    question = bank_by_id(bank)[attempt.question_ids[index]]
    correct = letter.upper() == question.answer
    attempt.answers = [*attempt.answers, letter.upper()]
    attempt.score += int(correct)
    total = len(attempt.question_ids)
    finished = len(attempt.answers) == total
    if finished:
        attempt.finished_at = now
        attempt.passed = attempt.score / total >= pass_mark - 1e-9
    session.add(attempt)
    await session.flush()
    return AnswerResult(
        correct, question.answer, question.article, finished, attempt.score, total, attempt.passed
    )
