"""Who is talking: chat identities, invite codes, roles and the audit log."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import AuditEntry, ChatIdentity, Invite
from inventory.models import Person, Role, utcnow

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
ROLE_RANK = {Role.staff: 1, Role.technician: 2, Role.admin: 3}


class AccessError(ValueError):
    """An access request that cannot be granted; the message is safe to show the user."""


def hash_code(code: str) -> str:
    """Hash an invite code for storage (codes are never stored in clear)."""
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def has_role(person: Person | None, needed: Role) -> bool:
    """Whether ``person`` has at least role ``needed`` (admin > technician > staff)."""
    if person is None or not person.active:
        return False
    return ROLE_RANK[Role(person.role)] >= ROLE_RANK[needed]


async def identity_for(
    session: AsyncSession,
    channel: str,
    external_id: str,
    *,
    chat_address: str | None = None,
    display_name: str | None = None,
    now: datetime | None = None,
) -> ChatIdentity:
    """Return the chat identity for (channel, external id), creating it on first contact."""
    query = select(ChatIdentity).where(
        ChatIdentity.channel == channel, ChatIdentity.external_id == external_id
    )
    identity = (await session.exec(query)).first()
    if identity is None:
        identity = ChatIdentity(channel=channel, external_id=external_id)
        session.add(identity)
    identity.chat_address = chat_address or identity.chat_address or external_id
    if display_name:
        identity.display_name = display_name[:200]
    identity.last_seen_at = now or utcnow()
    await session.flush()
    return identity


async def person_of(session: AsyncSession, identity: ChatIdentity) -> Person | None:
    """Return the active person linked to ``identity``, if any."""
    if identity.person_id is None:
        return None
    person = await session.get(Person, identity.person_id)
    return person if person is not None and person.active else None


async def create_invite(
    session: AsyncSession,
    person: Person,
    *,
    ttl_hours: int,
    created_by: int | None = None,
    now: datetime | None = None,
) -> str:
    """Create a one-time invite code for ``person`` and return it in clear (shown once)."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = now or utcnow()
    session.add(
        Invite(
            code_hash=hash_code(code),
            person_id=_id(person),
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(hours=ttl_hours),
        )
    )
    await session.flush()
    return code


async def redeem_invite(
    session: AsyncSession, identity: ChatIdentity, code: str, *, now: datetime | None = None
) -> Person:
    """Link ``identity`` to the invite's person; any failure gives one message with no hint."""
    now = now or utcnow()
    wrong = AccessError("邀请码无效或已过期 / The invite code is invalid or has expired")
    if not code or len(code) > 64:
        raise wrong
    invite = (await session.exec(select(Invite).where(Invite.code_hash == hash_code(code)))).first()
    if invite is None or invite.used_at is not None or invite.expires_at < now:
        raise wrong
    person = await session.get(Person, invite.person_id)
    if person is None or not person.active:
        raise wrong
    invite.used_at = now
    identity.person_id = person.id
    await session.flush()
    return person


def codes_equal(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())


async def audit(
    session: AsyncSession,
    actor: Person | None,
    channel: str,
    action: str,
    detail: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Record a privileged action in the audit log (same transaction as the action)."""
    session.add(
        AuditEntry(
            actor_id=actor.id if actor else None,
            channel=channel,
            action=action,
            detail=detail or {},
            at=now or utcnow(),
        )
    )
    await session.flush()


async def audit_entries(session: AsyncSession, limit: int = 100) -> list[AuditEntry]:
    """Return the most recent audit entries, newest first."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    return list((await session.exec(query)).all())


async def chat_addresses(session: AsyncSession, person_id: int) -> list[tuple[str, str]]:
    """Return (channel, address) pairs where ``person_id`` can be reached."""
    query = select(ChatIdentity).where(ChatIdentity.person_id == person_id)
    rows = (await session.exec(query)).all()
    return [(row.channel, row.chat_address or row.external_id) for row in rows]


def _id(person: Person) -> int:
    """Return a stored person's id."""
    if person.id is None:
        raise AccessError("person is not stored yet")
    return person.id


class ChatAddressBook:
    """The outbox's AddressBook: a person's chat identities, read from bot's own table."""

    async def addresses(self, session: AsyncSession, person_id: int) -> list[tuple[str, str]]:
        """Return the (channel, address) pairs where ``person_id`` can be reached."""
        return await chat_addresses(session, person_id)
