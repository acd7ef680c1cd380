"""The console chat: lines from standard input, replies on standard output (pipe-friendly)."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.channels.base import BaseChannel
from bot.channels.console.notifier import ConsoleNotifier
from bot.channels.console.render import render
from bot.channels.telegram.handlers import Handle
from bot.flows.core import Incoming
from reminders.messages import Button
from reminders.ports import Notifier

QUIT = {"/quit", "/exit", "exit", "quit"}


class ConsoleChannel(BaseChannel):
    """Reads one message per line; a bare number presses that button of the last reply."""

    name = "console"

    def __init__(
        self,
        handle: Handle,
        external_id: str,
        inp: TextIO | None = None,
        out: TextIO | None = None,
        prompt: bool = False,
    ) -> None:
        self.handle = handle
        self.external_id = external_id
        self.inp = inp or sys.stdin
        self.out = out or sys.stdout
        self.prompt = prompt
        self._buttons: list[Button] = []
        self._notifier = ConsoleNotifier(self.out, external_id)

    @property
    def notifier(self) -> Notifier:
        """Prints outbox messages addressed to this console."""
        return self._notifier

    async def start(self) -> None:
        """Nothing to start: :meth:`run` drives the conversation."""

    async def stop(self) -> None:
        """Nothing to stop."""

    async def run(self) -> None:
        """Read lines until end of input (or /quit) and print each reply."""
        while True:
            if self.prompt:
                print("> ", end="", file=self.out, flush=True)
            line = await asyncio.to_thread(self.inp.readline)
            if not line or line.strip() in QUIT:
                return
            await self.say(line.rstrip("\n"))

    async def say(self, line: str) -> None:
        """Handle one line as text, or as a button press when it is a listed number."""
        text = line.strip()
        button = None
        if text.isdigit() and 1 <= int(text) <= len(self._buttons):
            button, text = self._buttons[int(text) - 1].data, ""
        incoming = Incoming(
            channel="console",
            external_id=self.external_id,
            chat_address=self.external_id,
            text=text or None,
            button=button,
        )
        replies = await self.handle(incoming)
        self._buttons = []
        for reply in replies:
            rendered, buttons = render(reply, len(self._buttons) + 1)
            self._buttons += buttons
            print(rendered, file=self.out, flush=True)
        print("", file=self.out, flush=True)
