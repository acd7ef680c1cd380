"""The services the chat flows and commands use, built once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.database import Database
from bot.settings import Settings
from inventory.models import utcnow

Clock = Callable[[], datetime]


@dataclass
class Services:
    """Settings, storage, clock and the domain engines, handed to every flow."""

    settings: Settings
    db: Database
    clock: Clock = utcnow
    knowledge: Any = None
    classifier: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    def now(self) -> datetime:
        """The current naive-UTC time from the injected clock."""
        return self.clock()
