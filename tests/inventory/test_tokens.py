from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.tokens import create_token, hash_token, list_tokens, revoke, verify_token
from tests.inventory.conftest import NOW


async def test_token_lifecycle(session: AsyncSession) -> None:
    plaintext = await create_token(session, "check-tool", NOW)
    other = await create_token(session, "osquery", NOW)
    assert plaintext != other and len(plaintext) > 30
    stored = await list_tokens(session)
    assert all(t.token_hash != plaintext and plaintext not in t.token_hash for t in stored)
    assert stored[0].token_hash == hash_token(plaintext)
    token = await verify_token(session, plaintext)
    assert token is not None and token.name == "check-tool"
    assert await verify_token(session, plaintext + "x") is None
    assert await verify_token(session, "") is None
    assert await revoke(session, "check-tool", NOW) == 1
    assert await verify_token(session, plaintext) is None
    assert await verify_token(session, other) is not None
