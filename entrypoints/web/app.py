"""The Quart app factory: the container, one blueprint per area, JSON errors, and an optional security installer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from quart import Quart

from entrypoints.containers.web import WebContainer
from entrypoints.web.api import audit, commands, config, dashboard, events, health, metrics, openapi, stream
from entrypoints.web.api import history as history_api
from entrypoints.web.api.errors import install_error_handlers
from entrypoints.web.api.stream import KEEPALIVE_S, POLL_S, REPLAY, REPLAY_LIMIT, SLOTS, STOPPING, Stopping
from entrypoints.web.api.stream_slots import StreamSlots
from entrypoints.web.database import LANES, store_lanes
from entrypoints.web.views import audit as audit_page
from entrypoints.web.views import dashboard as dashboard_page

SecurityInstaller = Callable[[Quart], Any]
BLUEPRINTS = (
    health,
    dashboard,
    events,
    commands,
    config,
    stream,
    openapi,
    metrics,
    dashboard_page,
    audit,
    audit_page,
    history_api,
)
# Large enough for any settings section, small enough that a flood of bytes is refused early
MAX_BODY_BYTES = 64 * 1024


def create_app(
    container: WebContainer,
    *,
    security: SecurityInstaller | None = None,
    stopping: Stopping | None = None,
) -> Quart:
    """Build the app around a WebContainer, kept at app.extensions["container"].

    security installs authentication (a before_request guard and its routes); stopping ends open event streams
    when set (the server's stop event).
    """
    app = Quart(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, **{POLL_S: 0.25, KEEPALIVE_S: 15.0, REPLAY: REPLAY_LIMIT})
    app.extensions["container"] = container
    app.extensions[STOPPING] = stopping if stopping is not None else _Never()
    app.extensions[SLOTS] = StreamSlots()
    lanes = app.extensions[LANES] = store_lanes(container.store_sets())

    @app.after_serving
    async def close_store_sets() -> None:
        for lane in lanes.values():
            lane.close()

    install_error_handlers(app)
    for module in BLUEPRINTS:
        app.register_blueprint(module.blueprint)
    if security is not None:
        security(app)
    return app


class _Never:
    """The stop signal of an app served without one: streams then end only when their client goes."""

    def is_set(self) -> bool:
        return False

    async def wait(self) -> None:
        await anyio.sleep_forever()
