"""`zhengban ask` and `zhengban kb check|stats|gaps`: the knowledge base from the command line."""

from __future__ import annotations

import sys
from typing import Any

import click

from bot.cli.base import echo_json, fail, run_async, settings_from, with_database
from bot.database import Database
from knowledge import store
from knowledge.articles import ARTICLES_DIR
from knowledge.base import KnowledgeBase
from knowledge.check import check_articles
from knowledge.render import source_line, to_plain_text
from knowledge.settings import KnowledgeSettings


def load_kb(ctx: click.Context) -> KnowledgeBase:
    """Load the knowledge base configured for this installation."""
    settings = settings_from(ctx)
    try:
        return KnowledgeBase.load_default(KnowledgeSettings(**settings.section("knowledge")))
    except ValueError as exc:
        fail(f"知识库文章有误 / an article is invalid: {exc}")


def answer_json(kb: KnowledgeBase, question: str) -> dict[str, Any]:
    """The design.md §4 JSON for one question."""
    answer = kb.answer(question)
    article = answer.article if answer.answered else None
    return {
        "question": question,
        "answered": answer.answered,
        "article_id": article.id if article else None,
        "title": article.title if article else None,
        "answer": to_plain_text(article.body) if article else (answer.message or ""),
        "score": round(answer.score, 4),
        "source": source_line(article) if article else None,
        "suggestions": [{"article_id": a.id, "title": a.title} for a in answer.suggestions],
    }


@click.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="print JSON (one per line with -)")
@click.pass_context
def ask_command(ctx: click.Context, question: str, as_json: bool) -> None:
    """Ask the knowledge base; QUESTION '-' reads one question per line from standard input."""
    kb = load_kb(ctx)
    questions = (line.strip() for line in sys.stdin) if question == "-" else iter([question])
    for text in questions:
        if question == "-" and not text:
            continue
        result = answer_json(kb, text)
        if as_json:
            echo_json(result)
        elif result["answered"]:
            click.echo(f"{result['title']}\n\n{result['answer']}\n\n{result['source']}")
        else:
            click.echo(result["answer"])
            for suggestion in result["suggestions"]:
                click.echo(f"  · {suggestion['title']} ({suggestion['article_id']})")


@click.group("kb")
def kb_group() -> None:
    """Knowledge-base maintenance: check, stats, gaps."""


@kb_group.command("check")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True))
def kb_check(folder: str | None) -> None:
    """Validate every article (front matter, sources, duplicates, links); exit 2 on problems."""
    from pathlib import Path

    problems = check_articles(Path(folder) if folder else ARTICLES_DIR)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        fail(f"{len(problems)} 个问题 / problems found")
    click.echo("知识库检查通过 / all articles are valid")


@kb_group.command("stats")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def kb_stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of articles and phrasings by audience and topic."""
    stats = load_kb(ctx).stats()
    if as_json:
        echo_json(stats)
        return
    for key, value in stats.items():
        click.echo(f"{key}: {value}")


@kb_group.command("gaps")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def kb_gaps(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Questions the bot did not answer well (unanswered, declined, 👎), most frequent first."""

    async def go(db: Database) -> list[store.Gap]:
        async with db.session() as session:
            return await store.gaps(session, limit)

    rows = run_async(with_database(ctx, go))
    if as_json:
        echo_json(
            [
                {
                    "question": g.question,
                    "count": g.count,
                    "last_asked": g.last_asked.isoformat(),
                    "kind": g.kind,
                }
                for g in rows
            ]
        )
        return
    for gap in rows:
        click.echo(f"{gap.count:>4}  {gap.kind:<9} {gap.question}")
