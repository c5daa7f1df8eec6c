"""The web process: the Quart app served by Hypercorn until stopped."""

from __future__ import annotations

import logging

import anyio
from hypercorn.asyncio import serve
from hypercorn.config import Config

from entrypoints.containers.web import WebContainer
from entrypoints.web.app import create_app


def web_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


async def serve_web(container: WebContainer, stop: anyio.Event) -> None:
    """Serve the app on the container's host and port; return after a graceful shutdown once `stop` is set."""
    config = Config()
    host, port = container.config.host(), container.config.port()
    config.bind = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    config.errorlog = logging.getLogger("hypercorn.error")
    config.graceful_timeout = 1.0
    await serve(create_app(container), config, shutdown_trigger=stop.wait)
