"""HTTP imports: `POST /api/import/{kind}` with a per-source API token (stored hashed, revocable)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from aiohttp import web

from bot.imports import KINDS, ImportError_, problems_text, run_import
from bot.services import Services
from inventory import tokens
from inventory.records import ParseError

SAFE_NAME = re.compile(r"[^A-Za-z0-9._\-\u4e00-\u9fff]+")
MAX_UPLOAD = 200 * 1024 * 1024


def add_import_routes(app: web.Application, services: Services) -> None:
    """Mount the import endpoint on our aiohttp server."""

    async def handle(request: web.Request) -> web.Response:
        """Authenticate the source, store the body in a scratch file and import it."""
        kind = request.match_info["kind"]
        if kind not in KINDS:
            return _error(404, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        source = await _authenticate(services, request)
        if source is None:
            return _error(401, "missing, wrong or revoked API token / 令牌无效")
        filename = SAFE_NAME.sub("_", request.query.get("filename", "upload"))[-120:] or "upload"
        dry_run = request.query.get("dry_run", "").lower() in ("1", "true", "yes")
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / filename
            size = await _save(request, path)
            if size == 0:
                return _error(400, "empty body / 文件为空")
            try:
                outcome = await run_import(
                    services,
                    kind,
                    path,
                    fmt=request.query.get("format", "auto"),
                    dry_run=dry_run,
                    channel=f"api:{source}",
                )
            except ParseError as exc:
                return _error(422, problems_text(exc))
            except ImportError_ as exc:
                return _error(400, str(exc))
        return web.json_response(outcome.to_dict(), dumps=_dumps)

    app.router.add_post("/api/import/{kind}", handle)


async def _authenticate(services: Services, request: web.Request) -> str | None:
    """The token's source name, or None when the bearer token is missing, wrong or revoked."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    async with services.db.session() as session:
        found = await tokens.verify_token(session, token.strip())
    return found.name if found is not None else None


async def _save(request: web.Request, path: Path) -> int:
    """Stream the request body to ``path``; return its size."""
    size = 0
    with path.open("wb") as out:
        async for chunk in request.content.iter_chunked(1 << 16):
            size += len(chunk)
            if size > MAX_UPLOAD:
                raise web.HTTPRequestEntityTooLarge(max_size=MAX_UPLOAD, actual_size=size)
            out.write(chunk)
    return size


def _error(status: int, message: str) -> web.Response:
    """A JSON error with a message that says what and where."""
    return web.json_response({"error": message}, status=status, dumps=_dumps)


def _dumps(value: object) -> str:
    """JSON with Chinese kept readable and dates as text."""
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


__all__ = ["add_import_routes"]
