"""Deliver outbox messages to web-chat visitors: a stored inbox the page polls."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.web.render import to_json
from bot.models import WebInbox
from inventory.models import utcnow
from reminders.messages import Message
from reminders.ports import DeliveryResult, DeliveryStatus, RateLimits

FETCH_LIMIT = 50


class WebNotifier:
    """Stores pushed messages per web session until the page fetches them."""

    channel = "web"
    limits = RateLimits(
        global_per_second=500.0, per_chat_per_second=50.0, per_group_per_minute=6000.0
    )

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def send(self, address: str, message: Message) -> DeliveryResult:
        """Put the message in the session's stored inbox."""
        async with self.sessionmaker() as session:
            session.add(WebInbox(address=address, payload=to_json(message)))
            await session.commit()
        return DeliveryResult(DeliveryStatus.sent)

    async def take(self, address: str) -> list[dict[str, Any]]:
        """Return the messages waiting for a session, oldest first, and mark them fetched."""
        async with self.sessionmaker() as session:
            query = (
                select(WebInbox)
                .where(WebInbox.address == address, col(WebInbox.fetched_at).is_(None))
                .order_by(col(WebInbox.id))
                .limit(FETCH_LIMIT)
            )
            rows = list((await session.exec(query)).all())
            if rows:
                for row in rows:
                    row.fetched_at = utcnow()
                    session.add(row)
                await session.commit()
            return [r.payload for r in rows]
