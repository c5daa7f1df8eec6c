"""The Quart app factory; for now only GET /health (the dashboard and the API arrive with a later issue)."""

from __future__ import annotations

from typing import Any

from quart import Quart, Response, redirect

from entrypoints.containers.web import WebContainer
from ports.errors import StorageError


def create_app(container: WebContainer) -> Quart:
    """Build the app around a WebContainer, kept at app.extensions["container"]."""
    app = Quart(__name__)
    app.extensions["container"] = container

    @app.get("/")
    async def index() -> Response:
        return redirect("/health")

    @app.get("/health")
    async def health() -> tuple[dict[str, Any], int]:
        adapters = container.adapters
        body: dict[str, Any] = {"status": "ok", "mode": container.config.mode()}
        try:
            body["last_event_seq"] = adapters.event_store().last_seq()
            body["projection_checkpoint"] = adapters.projection_store().checkpoint()
        except StorageError as exc:
            return {**body, "status": "unavailable", "error": str(exc)}, 503
        return body, 200

    return app
