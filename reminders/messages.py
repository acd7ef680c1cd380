"""Channel-neutral message values: what flows reply and what the outbox delivers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: a label shown to the user and opaque callback data (at most 64 bytes)."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """An image or file sent with a message."""

    filename: str
    content: bytes
    kind: str = "document"  # "image" | "document"


@dataclass(frozen=True, slots=True)
class Message:
    """Text in a small Markdown subset (bold, italic, code, links, lists) plus optional buttons.

    Everything user-supplied inside ``text`` must be passed through :func:`escape_markdown`
    by whoever builds the message; channels render the Markdown for their own format.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    urgent: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Serialise for the outbox (attachments are stored separately)."""
        return {
            "text": self.text,
            "buttons": [[[b.label, b.data] for b in row] for row in self.buttons],
            "urgent": self.urgent,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], attachment: Attachment | None = None) -> Message:
        """Rebuild a message stored by :meth:`to_json`."""
        rows = tuple(
            tuple(Button(label, cb) for label, cb in row) for row in data.get("buttons", [])
        )
        return cls(
            text=data["text"],
            buttons=rows,
            attachment=attachment,
            urgent=bool(data.get("urgent")),
        )


_MD_SPECIAL = set("\\`*_[]()#+-.!|>~<&")


def escape_markdown(value: object) -> str:
    """Escape user-supplied text so no Markdown or HTML in it takes effect."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(value))


def buttons_row(*pairs: tuple[str, str]) -> tuple[Button, ...]:
    """Build one row of buttons from (label, data) pairs."""
    return tuple(Button(label, data) for label, data in pairs)
