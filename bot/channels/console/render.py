"""Render a Message as plain text for a terminal or a pipe; buttons become numbered choices."""

from __future__ import annotations

from knowledge.render import to_plain_text
from reminders.messages import Button, Message


def render(message: Message, first_number: int = 1) -> tuple[str, list[Button]]:
    """Return the plain text of ``message`` and its buttons in the order they are numbered."""
    lines = [to_plain_text(message.text)] if message.text else []
    buttons = [b for row in message.buttons for b in row]
    if buttons:
        lines.append("  ".join(f"[{i}] {b.label}" for i, b in enumerate(buttons, first_number)))
    if message.attachment is not None:
        lines.append(f"（附件 / attachment: {message.attachment.filename}）")
    return "\n".join(lines), buttons
