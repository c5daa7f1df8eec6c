"""GET /api/stream: Server-Sent Events tailing the event store by seq, resumable with Last-Event-ID.

Bounded (ADR 0049): a replay sends at most the newest REPLAY_LIMIT events (older ones are paged from /api/events), the
open streams are capped per user and in all, and the log is read in batches of BATCH with the loop free in between.
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import anyio
import anyio.lowlevel
from marshmallow import fields, validate
from quart import Blueprint, Response, current_app, request

from domain.events import StoredEvent
from entrypoints.web.api.context import adapters, principal_name
from entrypoints.web.api.errors import ApiError
from entrypoints.web.api.requests import query_args
from entrypoints.web.api.stream_slots import MAX_PER_USER, MAX_TOTAL, RETRY_AFTER_S, Slot
from entrypoints.web.database import StoreLane, lane_of
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema, StrictSchema
from entrypoints.web.schemas.events import EventSchema, event_view
from entrypoints.web.security.authenticate import AuthFailure
from entrypoints.web.security.client import request_origin
from entrypoints.web.security.install import EXTENSION as SECURITY
from entrypoints.web.security.public import requires
from entrypoints.web.security.replies import error_reply
from ports.errors import StorageError
from ports.event_store import EventStore
from ports.user_store import Role

log = logging.getLogger("alphaengine.web")

STOPPING = "stopping"
SLOTS = "stream_slots"
POLL_S = "SSE_POLL_S"
REPLAY = "SSE_REPLAY_LIMIT"
KEEPALIVE_S = "SSE_KEEPALIVE_S"
RECHECK_S = "SSE_RECHECK_S"
BATCH = 100
# At most this many stored events are replayed to a new stream; the rest of the history is paged from /api/events
REPLAY_LIMIT = 1000
LIMITED = "replay-limited"
_LAST_EVENT_ID = "Last-Event-ID"
_MAX_SEQ = 2**63 - 1
# No caching, and no buffering by a proxy such as nginx: each event must leave at once
_STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_ANONYMOUS = "(anonymous)"
# One schema for every event: building one per event cost seven times the dump itself
_EVENT = EventSchema()

blueprint = Blueprint("stream_api", __name__)


class Stopping(Protocol):
    """Set when the server shuts down: open streams end instead of holding the shutdown up."""

    def is_set(self) -> bool: ...

    async def wait(self) -> Any: ...


class StreamArgs(StrictSchema):
    after = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=_MAX_SEQ),
        metadata={
            "description": (
                f"Start after this seq (default: the last one now); Last-Event-ID wins over it. At most the newest "
                f"{REPLAY_LIMIT} stored events are replayed: from an older seq the stream first sends an "
                f"`event: {LIMITED}` message naming the seqs it skipped, to be read from /api/events"
            )
        },
    )


@blueprint.get("/api/stream")
@requires(Role.VIEWER)
@operation(
    f"Live events as Server-Sent Events (id = seq; data = the event as in /api/events); replays at most "
    f"{REPLAY_LIMIT} events; at most {MAX_PER_USER} open streams per user and {MAX_TOTAL} in all",
    "events",
    {
        200: Reply(
            f"An endless text/event-stream: the newest {REPLAY_LIMIT} events after the resume point at most, then "
            f"each new one; an `event: {LIMITED}` message first when older events were skipped",
            media_type="text/event-stream",
            raw={"type": "string"},
        ),
        429: Reply(
            f"Too many open streams (at most {MAX_PER_USER} per user, {MAX_TOTAL} in all); see Retry-After", ErrorSchema
        ),
    },
    query=StreamArgs,
    headers={_LAST_EVENT_ID: {"type": "string", "pattern": "^[0-9]{1,18}$"}},
)
async def stream() -> Response:
    lane, config = lane_of(), current_app.config
    resume = await _resume_point(lane, config[REPLAY])
    stopping, refusal = current_app.extensions[STOPPING], _credentials_recheck()
    timing = Timing(config[POLL_S], config[KEEPALIVE_S], config.get(RECHECK_S, Timing.recheck_s))
    if request.method == "HEAD":
        # Headers only: an endless body nobody receives would hold a slot for as long as the connection lives
        return Response(b"", mimetype="text/event-stream", headers=_STREAM_HEADERS)
    slot = current_app.extensions[SLOTS].take(principal_name() or _ANONYMOUS)
    if isinstance(slot, str):
        return error_reply(429, slot, headers={"Retry-After": str(RETRY_AFTER_S)})
    events = tail(lane, resume, stopping, timing, slot, refusal)
    # Frees the slot even if the body is never iterated (the client left before the response started)
    weakref.finalize(events, slot.release)
    response = Response(events, mimetype="text/event-stream", headers=_STREAM_HEADERS)
    # Quart would otherwise cut the stream after RESPONSE_TIMEOUT
    response.timeout = None
    return response


Refusal = Callable[[], "str | None"]


@dataclass(frozen=True)
class Resume:
    """The seq a client asked to resume after, and the one it resumes after: no more than `limit` below the newest."""

    requested: int
    start: int
    limit: int

    @classmethod
    def at(cls, requested: int, newest: int, limit: int) -> Resume:
        return cls(requested, max(requested, newest - limit), limit)

    def notice(self) -> bytes | None:
        """The message that tells a client its replay starts later than it asked, and where to read what it skips."""
        if self.start == self.requested:
            return None
        notice = {
            "requested_after": self.requested,
            "after": self.start,
            "limit": self.limit,
            "skipped": {"from_seq": self.requested + 1, "to_seq": self.start},
            "history": "/api/events",
        }
        return f"event: {LIMITED}\ndata: {json.dumps(notice, separators=(',', ':'))}\n\n".encode()


@dataclass(frozen=True)
class Timing:
    """poll_s: how often an idle stream looks for new events; keepalive_s: how often it says it is alive;
    recheck_s: how often it checks its credentials still hold (one session read: a revoked session ends in seconds)."""

    poll_s: float
    keepalive_s: float
    recheck_s: float = 2.0


async def tail(
    lane: StoreLane,
    resume: Resume,
    stopping: Stopping,
    timing: Timing,
    slot: Slot,
    refusal: Refusal = lambda: None,
) -> AsyncIterator[bytes]:
    """Yield the resume notice if the replay was limited, every event after resume.start, then each new one as it is
    stored; a comment line when idle for keepalive_s; end when stopping. The slot is released once it ends, however.

    Every recheck_s the credentials are checked again (`refusal` gives the reason they no longer hold): a stream
    opened by a session that has since ended (logged out, idle, revoked) ends with that reason instead of outliving
    it. Events are encoded a batch at a time by a few streams at once (the slot's turn), giving the loop back after
    each one, so replays never hold up other requests; a client that left cancels the stream there. A batch is sent
    in one write. The log is read, and the credentials checked, on the lane's store workers (ADR 0066).
    """
    sent = 0
    try:
        notice = resume.notice()
        if notice is not None:
            yield notice
        yield f": events after seq {resume.start}\n\n".encode()
        last, idle, checked = resume.start, 0.0, anyio.current_time()
        while not stopping.is_set():
            if anyio.current_time() - checked >= timing.recheck_s:
                reason, checked = await lane.run(refusal), anyio.current_time()
                if reason is not None:
                    yield f": stream closed: {reason}\n\n".encode()
                    return
            batch = await _read(lane, last)
            if batch:
                frames = []
                async with slot.turn():
                    for stored in batch:
                        frames.append(encode(stored))
                        await anyio.lowlevel.checkpoint()
                # One write per batch: the send path costs more per call than encoding an event
                yield b"".join(frames)
                last, sent, idle = batch[-1].seq, sent + len(batch), 0.0
                continue
            with anyio.move_on_after(timing.poll_s):
                await stopping.wait()
            idle += timing.poll_s
            if idle >= timing.keepalive_s and not stopping.is_set():
                yield b": keep-alive\n\n"
                idle = 0.0
    except (GeneratorExit, anyio.get_cancelled_exc_class()):
        # Cancelled at an await, or closed at a yield: the client left. The one line it costs; nothing more is read
        log.debug("event stream ended: the client left after %d events", sent)
        raise
    finally:
        slot.release()


def encode(stored: StoredEvent) -> bytes:
    data = json.dumps(_EVENT.dump(event_view(stored)), separators=(",", ":"))
    return f"id: {stored.seq}\ndata: {data}\n\n".encode()


async def _read(lane: StoreLane, after: int) -> list[StoredEvent]:
    # One bounded batch, read on a store worker; the loop is given back after each event encoded
    try:
        return await lane.run(partial(_batch, after))
    except StorageError as exc:
        # A busy or failing store pauses the stream; the next poll tries again
        log.warning("event stream read failed: %s", exc)
        return []


def _batch(after: int) -> list[StoredEvent]:
    store: EventStore = adapters().event_store()
    return store.read_after(after, BATCH)


def _last_seq() -> int:
    store: EventStore = adapters().event_store()
    return store.last_seq()


def _credentials_recheck() -> Refusal:
    """Re-authenticate this request's credentials later; an app without security installed never refuses.

    The stream lives as long as its login session, not its access token: the page refreshes the token, but an open
    EventSource keeps the cookie it was opened with.
    """
    security = current_app.extensions.get(SECURITY)
    if security is None:
        return lambda: None
    headers, cookies, origin = request.headers.copy(), dict(request.cookies), request_origin()

    def refusal() -> str | None:
        try:
            security.authenticator.authenticate(headers, cookies, origin.tls, origin.address, expired_too=True)
        except AuthFailure as exc:
            return str(exc)
        return None

    return refusal


async def _resume_point(lane: StoreLane, limit: int) -> Resume:
    after = query_args(StreamArgs())["after"]
    header = request.headers.get(_LAST_EVENT_ID)
    if header is not None:
        # The browser resends the id of the last event it got when it reconnects: that wins
        if not header.isascii() or not header.isdigit() or len(header) > 18:
            raise ApiError(400, f"{_LAST_EVENT_ID}: must be the seq of the last event received", _LAST_EVENT_ID)
        after = int(header)
    newest = await lane.run(_last_seq)
    return Resume.at(newest if after is None else after, newest, limit)
