"""The small interface every chat channel implements, and the Markdown parser they share."""

from __future__ import annotations

import abc

from markdown_it import MarkdownIt

from reminders.ports import Notifier


def markdown_parser() -> MarkdownIt:
    """A CommonMark parser that never lets raw HTML through (it is escaped as text)."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})


class BaseChannel(abc.ABC):
    """A chat channel: started and stopped by the app, delivering outbox messages by its notifier."""

    name: str = "base"

    @property
    def notifier(self) -> Notifier | None:
        """The Notifier that delivers outbox messages on this channel, if it can push."""
        return None

    @abc.abstractmethod
    async def start(self) -> None:
        """Start serving; return once the channel is up."""

    @abc.abstractmethod
    async def stop(self) -> None:
        """Stop serving; safe to call twice."""

    def describe(self) -> str:
        """A one-line description of where this channel serves, for the startup log."""
        return self.name
