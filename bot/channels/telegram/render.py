"""Render a Message for Telegram: HTML parse mode, chunks of at most 4096 characters, buttons."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.base import markdown_parser
from reminders.messages import Message

TELEGRAM_LIMIT = 4096
_INLINE = {"strong": "b", "b": "b", "em": "i", "i": "i", "code": "code", "s": "s", "del": "s"}


class _TelegramHtml(HTMLParser):
    """Turn CommonMark HTML into Telegram's HTML subset, one paragraph per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.list_depth = 0
        self.ordered: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Map an opening tag to Telegram's tags or plain text."""
        if tag in _INLINE:
            self.out.append(f"<{_INLINE[tag]}>")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.out.append(f'<a href="{html.escape(href, quote=True)}">')
        elif tag == "pre":
            self.out.append("<pre>")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("<b>")
        elif tag in ("ul", "ol"):
            self.ordered.append(0 if tag == "ol" else -1)
        elif tag == "li":
            self._bullet()
        elif tag == "blockquote":
            self.out.append("<blockquote>")
        elif tag == "br":
            self.out.append("\n")

    def _bullet(self) -> None:
        """Start a list item with a bullet or its number."""
        indent = "  " * max(len(self.ordered) - 1, 0)
        if self.ordered and self.ordered[-1] >= 0:
            self.ordered[-1] += 1
            self.out.append(f"{indent}{self.ordered[-1]}. ")
        else:
            self.out.append(f"{indent}• ")

    def handle_endtag(self, tag: str) -> None:
        """Close Telegram tags and end blocks with the right spacing."""
        if tag in _INLINE:
            self.out.append(f"</{_INLINE[tag]}>")
        elif tag == "a":
            self.out.append("</a>")
        elif tag == "pre":
            self.out.append("</pre>\n\n")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("</b>\n\n")
        elif tag == "p":
            self.out.append("\n" if self.ordered else "\n\n")
        elif tag == "li":
            if not self.out or not self.out[-1].endswith("\n"):
                self.out.append("\n")
        elif tag in ("ul", "ol"):
            self.ordered.pop()
            if not self.ordered:
                self.out.append("\n")
        elif tag == "blockquote":
            self.out.append("</blockquote>\n\n")

    def handle_data(self, data: str) -> None:
        """Escape text for Telegram HTML (newlines between block tags are layout, not text)."""
        if data.strip("\n") == "" and "<pre>" not in self.out[-1:]:
            return
        if self.out and self.out[-1].endswith("\n"):
            data = data.lstrip("\n")
        self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        """Keep escaped entities as they are (&lt; &gt; &amp; &quot;)."""
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        """Keep numeric character references."""
        self.out.append(f"&#{name};")


def to_telegram_html(markdown: str) -> str:
    """Convert the Markdown subset of a Message to Telegram HTML."""
    parser = _TelegramHtml()
    parser.feed(markdown_parser().render(markdown))
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.out)).strip()


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split rendered HTML at paragraph boundaries (then lines) into chunks within ``limit``."""
    chunks: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        pieces = [block] if len(block) <= limit else _hard_split(block, limit)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks or [""]


def _hard_split(block: str, limit: int) -> list[str]:
    """Split one over-long paragraph at line breaks, then at the limit."""
    parts: list[str] = []
    for line in block.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if "&" in line[cut - 8 : cut]:
                cut = line.rfind("&", 0, cut)
            parts.append(line[:cut])
            line = line[cut:]
        parts.append(line)
    merged: list[str] = []
    for part in parts:
        if merged and len(merged[-1]) + 1 + len(part) <= limit:
            merged[-1] += "\n" + part
        else:
            merged.append(part)
    return merged


def render_html(text: str) -> list[str]:
    """Render Message text to Telegram HTML chunks ready for send_message."""
    return split_message(to_telegram_html(text))


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    """Build the inline keyboard of a Message, or None when it has no buttons."""
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in message.buttons
        ]
    )
