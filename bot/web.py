"""Our aiohttp server: health check plus the routes each channel mounts."""

from __future__ import annotations

import errno
import logging

from aiohttp import web

_LOGGER = logging.getLogger(__name__)
MAX_BODY = 25 * 1024 * 1024


class PortInUseError(RuntimeError):
    """The HTTP port is taken (often: zhengban already runs)."""


def build_web_app() -> web.Application:
    """Create the aiohttp application with the health check."""
    app = web.Application(client_max_size=MAX_BODY)

    async def health(_request: web.Request) -> web.Response:
        """Answer a liveness probe."""
        return web.json_response({"status": "ok"})

    app.router.add_get("/healthz", health)
    return app


class WebServer:
    """Runs an aiohttp application on host:port; start and stop are idempotent."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The base URL the server answers on."""
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Bind and serve; a taken port raises PortInUseError with a clear message."""
        if self._runner is not None:
            return
        runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=2.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortInUseError(
                    f"端口 {self.host}:{self.port} 已被占用（zhengban 可能已在运行）；"
                    f"请先停止它，或设置 ZHENGBAN_HTTP_PORT 换一个端口。 / Port {self.port} is in use "
                    "(is zhengban already running?); stop it or set ZHENGBAN_HTTP_PORT."
                ) from exc
            raise
        if self.port == 0:
            sockets = site._server.sockets if site._server else []  # type: ignore[union-attr,attr-defined]
            self.port = sockets[0].getsockname()[1] if sockets else self.port
        self._runner = runner

    async def stop(self) -> None:
        """Stop serving and free the port."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
