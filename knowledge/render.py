"""Rendering of article bodies as plain text and of the source line shown under an answer."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge.answer import Answer
from knowledge.articles import Article

_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _inline_text(children: Sequence[Token]) -> str:
    """Flatten inline tokens to text: links keep their words, images their alt text."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def _list_prefix(stack: list[int | None]) -> str:
    """Return the marker of the current list item (bullet or next number), indented by depth."""
    indent = "  " * (len(stack) - 1)
    if stack[-1] is None:
        return f"{indent}• "
    stack[-1] += 1
    return f"{indent}{stack[-1]}. "


class _PlainWriter:
    """Walks markdown-it block tokens and collects plain-text lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lists: list[int | None] = []
        self.prefix = ""
        self.cells: list[str] | None = None

    def feed(self, token: Token) -> None:
        """Handle one block token."""
        kind = token.type
        if kind == "bullet_list_open":
            self.lists.append(None)
        elif kind == "ordered_list_open":
            self.lists.append(int(token.attrs.get("start", 1) or 1) - 1)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open" and self.lists:
            self.prefix = _list_prefix(self.lists)
        elif kind == "tr_open":
            self.cells = []
        elif kind == "tr_close" and self.cells is not None:
            self.lines.append(" | ".join(self.cells))
            self.cells = None
        elif kind == "inline" and token.children is not None:
            self.text(_inline_text(token.children))
        elif kind in ("fence", "code_block"):
            self.lines.append(token.content.rstrip("\n"))

    def text(self, text: str) -> None:
        """Add inline text to the current table row or as a new line."""
        if self.cells is not None:
            self.cells.append(text.strip())
            return
        self.lines.append(self.prefix + text)
        self.prefix = ""


def to_plain_text(markdown: str) -> str:
    """Render Markdown as plain text for consoles and JSON: bullets, numbers, no markup."""
    writer = _PlainWriter()
    for token in _MD.parse(markdown):
        writer.feed(token)
    return "\n".join(line.rstrip() for line in writer.lines if line.strip()).strip()


def _source_title(title: str) -> str:
    """Wrap a source title in 《》 unless it already carries book-title marks."""
    return title if "《" in title else f"《{title}》"


def source_line(article: Article) -> str:
    """Return "来源：《…》；《…》 · 更新于 YYYY-MM-DD" for an article."""
    titles = "；".join(_source_title(s.title) for s in article.sources)
    return f"来源：{titles} · 更新于 {article.updated.isoformat()}"


def answer_record(answer: Answer) -> dict[str, object]:
    """Return the ``zhengban ask --json`` document for an answer (design §4)."""
    article = answer.article
    return {
        "answered": answer.kind == "answered",
        "kind": answer.kind,
        "article_id": article.id if article else None,
        "title": article.title if article else None,
        "answer": to_plain_text(article.body) if article else answer.message,
        "score": round(answer.score, 4),
        "source": source_line(article) if article else None,
        "suggestions": [{"article_id": a.id, "title": a.title} for a in answer.suggestions],
    }
