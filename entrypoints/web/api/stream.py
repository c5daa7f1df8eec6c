"""GET /api/stream: Server-Sent Events tailing the event store by seq, resumable with Last-Event-ID."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import anyio
from marshmallow import fields, validate
from quart import Blueprint, Response, current_app, request

from domain.events import StoredEvent
from entrypoints.web.api.context import adapters
from entrypoints.web.api.errors import ApiError
from entrypoints.web.api.requests import query_args
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import StrictSchema
from entrypoints.web.schemas.events import EventSchema, event_view
from entrypoints.web.security.authenticate import AuthFailure
from entrypoints.web.security.install import EXTENSION as SECURITY
from ports.errors import StorageError
from ports.event_store import EventStore

log = logging.getLogger("alphaengine.web")

STOPPING = "stopping"
POLL_S = "SSE_POLL_S"
KEEPALIVE_S = "SSE_KEEPALIVE_S"
BATCH = 100
_LAST_EVENT_ID = "Last-Event-ID"
_MAX_SEQ = 2**63 - 1
# No caching, and no buffering by a proxy such as nginx: each event must leave at once
_STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

blueprint = Blueprint("stream_api", __name__)


class Stopping(Protocol):
    """Set when the server shuts down: open streams end instead of holding the shutdown up."""

    def is_set(self) -> bool: ...

    async def wait(self) -> Any: ...


class StreamArgs(StrictSchema):
    after = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=_MAX_SEQ),
        metadata={"description": "Start after this seq (default: the last one now); Last-Event-ID wins over it"},
    )


@blueprint.get("/api/stream")
@operation(
    "Live events as Server-Sent Events (id = seq; data = the event as in /api/events)",
    "events",
    {200: Reply("An endless text/event-stream", media_type="text/event-stream", raw={"type": "string"})},
    query=StreamArgs,
    headers={_LAST_EVENT_ID: {"type": "string", "pattern": "^[0-9]{1,18}$"}},
)
async def stream() -> Response:
    store = adapters().event_store()
    after = _resume_point(store)
    config = current_app.config
    stopping, refusal = current_app.extensions[STOPPING], _credentials_recheck()
    events = tail(store, after, stopping, config[POLL_S], config[KEEPALIVE_S], refusal)
    response = Response(events, mimetype="text/event-stream", headers=_STREAM_HEADERS)
    # Quart would otherwise cut the stream after RESPONSE_TIMEOUT
    response.timeout = None
    return response


Refusal = Callable[[], "str | None"]


async def tail(
    store: EventStore, after: int, stopping: Stopping, poll_s: float, keepalive_s: float,
    refusal: Refusal = lambda: None,
) -> AsyncIterator[bytes]:
    """Yield every event after `after` as it is stored; a comment line when idle for keepalive_s; end when stopping.

    Every keepalive_s the credentials are checked again (`refusal` gives the reason they no longer hold): a stream opened
    by a session that has since expired or logged out ends with that reason instead of outliving it.
    """
    yield f": events after seq {after}\n\n".encode()
    last, idle, checked = after, 0.0, anyio.current_time()
    while not stopping.is_set():
        if anyio.current_time() - checked >= keepalive_s:
            reason, checked = refusal(), anyio.current_time()
            if reason is not None:
                yield f": stream closed: {reason}\n\n".encode()
                return
        batch = _read(store, last)
        for stored in batch:
            yield encode(stored)
            last = stored.seq
        if batch:
            idle = 0.0
            continue
        with anyio.move_on_after(poll_s):
            await stopping.wait()
        idle += poll_s
        if idle >= keepalive_s and not stopping.is_set():
            yield b": keep-alive\n\n"
            idle = 0.0


def encode(stored: StoredEvent) -> bytes:
    data = json.dumps(EventSchema().dump(event_view(stored)), separators=(",", ":"))
    return f"id: {stored.seq}\ndata: {data}\n\n".encode()


def _read(store: EventStore, after: int) -> list[StoredEvent]:
    try:
        return store.read_after(after, BATCH)
    except StorageError as exc:
        # A busy or failing store pauses the stream; the next poll tries again
        log.warning("event stream read failed: %s", exc)
        return []


def _credentials_recheck() -> Refusal:
    """Re-authenticate this request's credentials later; an app without security installed never refuses."""
    security = current_app.extensions.get(SECURITY)
    if security is None:
        return lambda: None
    headers, cookies = request.headers.copy(), dict(request.cookies)

    def refusal() -> str | None:
        try:
            security.authenticator.authenticate(headers, cookies)
        except AuthFailure as exc:
            return str(exc)
        return None

    return refusal


def _resume_point(store: EventStore) -> int:
    after = query_args(StreamArgs())["after"]
    header = request.headers.get(_LAST_EVENT_ID)
    if header is not None:
        # The browser resends the id of the last event it got when it reconnects: that wins
        if not header.isascii() or not header.isdigit() or len(header) > 18:
            raise ApiError(400, f"{_LAST_EVENT_ID}: must be the seq of the last event received", _LAST_EVENT_ID)
        return int(header)
    return store.last_seq() if after is None else after
