"""Per-source API tokens for HTTP imports; only a sha256 hash of each token is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import ApiToken, utcnow

TOKEN_PREFIX = "zb_"


def hash_token(plaintext: str) -> str:
    """Return the hex sha256 of a token."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


async def create_token(session: AsyncSession, name: str, now: datetime | None = None) -> str:
    """Create a token for source ``name`` and return its plaintext (shown once, never stored)."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip(), token_hash=hash_token(plaintext), created_at=now or utcnow()
    )
    session.add(token)
    await session.flush()
    return plaintext


async def verify_token(session: AsyncSession, plaintext: str) -> ApiToken | None:
    """Return the live token matching ``plaintext``, or None; compares hashes in constant time."""
    if not plaintext:
        return None
    digest = hash_token(plaintext)
    query = select(ApiToken).where(
        ApiToken.token_hash == digest, col(ApiToken.revoked_at).is_(None)
    )
    token = (await session.exec(query)).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


async def revoke(session: AsyncSession, name: str, now: datetime | None = None) -> int:
    """Revoke every live token of source ``name``; return how many were revoked."""
    query = select(ApiToken).where(
        ApiToken.name == name.strip(), col(ApiToken.revoked_at).is_(None)
    )
    tokens = list((await session.exec(query)).all())
    for token in tokens:
        token.revoked_at = now or utcnow()
        session.add(token)
    await session.flush()
    return len(tokens)


async def list_tokens(session: AsyncSession) -> list[ApiToken]:
    """Return every token row (hashes only), oldest first."""
    return list((await session.exec(select(ApiToken).order_by(col(ApiToken.id)))).all())
