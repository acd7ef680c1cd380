"""Render a Message for the web page: safe HTML (raw HTML in the text is escaped) and buttons."""

from __future__ import annotations

import base64
from typing import Any

from bot.channels.base import markdown_parser
from reminders.messages import Message


def to_html(markdown: str) -> str:
    """Convert Message Markdown to HTML; user HTML is escaped, unsafe links are dropped."""
    return markdown_parser().render(markdown).strip()


def to_json(message: Message) -> dict[str, Any]:
    """The JSON shape the web page renders: html, buttons and an optional attachment."""
    data: dict[str, Any] = {
        "html": to_html(message.text),
        "buttons": [[{"label": b.label, "data": b.data} for b in row] for row in message.buttons],
    }
    if message.attachment is not None:
        att = message.attachment
        mime = "image/png" if att.kind == "image" else "application/octet-stream"
        data["attachment"] = {
            "filename": att.filename,
            "kind": att.kind,
            "url": f"data:{mime};base64,{base64.b64encode(att.content).decode()}",
        }
    return data
