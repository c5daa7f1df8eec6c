"""Issue 11: whatever enters through the web API or the exchange, what is accepted appends, folds and rebuilds.

Arbitrary unicode (lone surrogates, controls, huge strings), numbers (huge, tiny, NaN-like text) and shapes are fed
to every web command type through the real app, and into the user-data stream translation from recorded Binance
frames. Accepted web commands run through the bot's executor; every event that results is appended to SQLite,
folded, and rebuilt into another store with the same rows. A refused web input is a 4xx naming the field.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import apsw
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from adapters.binance.translate import translate_user_message
from adapters.memory.clock import ManualClock, SequentialIds
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.projector import Projector
from domain.events import EventPayload, new_event
from domain.values import Source
from entrypoints.web.schemas.commands import PAYLOAD_SCHEMAS, WEB_COMMAND_TYPES
from tests.harness.binance_fixtures import FIXTURES, load_fixture
from tests.unit.application.bench import SCOPE, Bench
from tests.web.api.conftest import Api, logged_in, secured_app, web_container

pytestmark = pytest.mark.anyio

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
WILD_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=30),
    st.text(SURROGATES, min_size=1, max_size=3),
    st.sampled_from(["\x00", "a\nb", "\t", "\x7f", "\x85", "\u2028", "ok", "뉴스 😀", ""]),
    st.integers(1, 3).map(lambda k: "x" * (4000 * k)),
)
WILD_NUMBER_TEXT = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=8).map(str),
    st.sampled_from(["1E+999999", "9E+99", "1e-999999", "0E-1000000", "-0", "1" * 400, "0.1", "5"]),
)
WILD_SCALAR = st.one_of(
    WILD_TEXT,
    WILD_NUMBER_TEXT,
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
)
WILD_JSON = st.recursive(
    WILD_SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(WILD_TEXT, inner, max_size=3)),
    max_leaves=8,
)


@pytest.fixture
def sqlite_log() -> Iterator[tuple[SqliteEventStore, apsw.Connection, apsw.Connection]]:
    with tempfile.TemporaryDirectory() as folder:
        live, spare = open_database(Path(folder) / "live.sqlite3"), open_database(Path(folder) / "spare.sqlite3")
        try:
            yield SqliteEventStore(live), live, spare
        finally:
            live.close()
            spare.close()


def folds_and_rebuilds(log: tuple[SqliteEventStore, apsw.Connection, apsw.Connection]) -> None:
    """Fold what is new into the live projections, rebuild everything into the spare store: the rows agree."""
    events, live, spare = log
    live_rows = SqliteProjectionStore(live)
    Projector(events, live_rows).catch_up()
    rebuilt = SqliteProjectionStore(spare)
    Projector(events, rebuilt).rebuild()
    assert rebuilt.dump() == live_rows.dump()
    assert rebuilt.checkpoint() == live_rows.checkpoint() == events.last_seq()


# ---- the web API: every command type, fuzzed payloads ------------------------------------------------------------


def plausible(type_name: str, field: str) -> st.SearchStrategy[Any]:
    """Values near what the field takes, so that many examples are accepted and reach the bot."""
    near = {
        "reason": st.text(max_size=250),
        "leverage": st.integers(-3, 200),
        "client_order_id": st.from_regex(r"\A[A-Za-z0-9_.:/-]{1,40}\Z"),
        "conditional": st.booleans(),
        "key": st.sampled_from(
            [
                "risk",
                "risk.daily_loss_limit",
                "risk.max_risk_per_trade",
                "engine",
                "engine.poll_interval_sec",
                "strategy",
                "trading.symbol",
                "nope.x",
            ]
        ),
        "value": WILD_JSON,
        "expected_version": st.one_of(st.none(), st.integers(-2, 5)),
    }
    return st.one_of(near.get(field, WILD_JSON), WILD_JSON)


@st.composite
def web_commands(draw: st.DrawFn) -> dict[str, Any]:
    type_name = draw(st.sampled_from(WEB_COMMAND_TYPES))
    schema = PAYLOAD_SCHEMAS[type_name]()
    names = [field.data_key or name for name, field in schema.fields.items()]
    payload = {name: draw(plausible(type_name, name)) for name in names if draw(st.booleans()) or len(names) == 1}
    if draw(st.integers(0, 9)) == 0:
        payload[draw(WILD_TEXT)] = draw(WILD_JSON)
    body: dict[str, Any] = {"type": type_name, "payload": payload}
    for extra in ("idempotency_key", "correlation_id"):
        if draw(st.integers(0, 3)) == 0:
            body[extra] = draw(st.one_of(WILD_TEXT, st.from_regex(r"\A[!-~]{1,128}\Z")))
    return body


@pytest.fixture
async def api(tmp_path: Path) -> Api:
    container = web_container(tmp_path)
    return await logged_in(secured_app(container), container)


@pytest.fixture
def bot(api: Api, sqlite_log: tuple[SqliteEventStore, apsw.Connection, apsw.Connection]) -> Bench:
    """The bot's executor over the web's command and config stores, appending to one SQLite log for all examples."""
    adapters = api.container.adapters
    return Bench(events=sqlite_log[0], commands=adapters.command_store(), config=adapters.config_store())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=web_commands())
async def test_every_web_command_accepted_folds_and_rebuilds_and_every_refusal_names_its_field(
    api: Api,
    bot: Bench,
    sqlite_log: tuple[SqliteEventStore, apsw.Connection, apsw.Connection],
    body: dict[str, Any],
) -> None:
    response = await api.post("/api/commands", json=body)
    reply = await response.get_json()

    assert response.status_code < 500, reply
    event(f"{body['type']} {response.status_code}")
    if response.status_code >= 400:
        assert reply.get("field"), reply
        assert reply["error"].startswith(f"{reply['field']}:") or response.status_code == 409, reply
        return
    claimed = bot.commands.claim_next(bot.clock.now())
    if claimed is None:
        # Seen before under its idempotency key: the command it created already ran
        assert response.status_code == 200
        return
    await bot.executor().run(claimed)
    folds_and_rebuilds(sqlite_log)


# ---- the exchange: recorded user-data frames with fuzzed fields ---------------------------------------------------

FRAMES = sorted(
    path.name
    for path in FIXTURES.glob("ws_*.json")
    if not path.name.startswith(("ws_sequence_", "ws_agg_", "ws_book_", "ws_depth_", "ws_kline_", "ws_mark_"))
)


def leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for key, inner in value.items() for leaf in leaf_paths(inner, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, inner in enumerate(value) for leaf in leaf_paths(inner, (*path, index))]
    return [path]


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


def symbol_of(frame: Any) -> str:
    """The frame's own symbol (the first `s`), so its rows are translated rather than skipped as another symbol's."""
    if isinstance(frame, dict):
        if isinstance(frame.get("s"), str):
            return frame["s"]
        for inner in frame.values():
            found = symbol_of(inner)
            if found:
                return found
    if isinstance(frame, list):
        for inner in frame:
            found = symbol_of(inner)
            if found:
                return found
    return ""


@st.composite
def fuzzed_frames(draw: st.DrawFn) -> tuple[str, str]:
    frame = load_fixture(draw(st.sampled_from(FRAMES)))
    symbol = symbol_of(frame) or "BTCUSDT"
    paths = leaf_paths(frame)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        frame = replaced(frame, path, draw(st.one_of(WILD_SCALAR, WILD_NUMBER_TEXT, WILD_JSON)))
    # A frame arrives as UTF-8 text; escaped or not, a JSON string may still decode to a lone surrogate
    return json.dumps(frame, ensure_ascii=draw(st.booleans()), default=str), symbol


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=fuzzed_frames())
def test_every_translated_exchange_frame_appends_folds_and_rebuilds(
    sqlite_log: tuple[SqliteEventStore, apsw.Connection, apsw.Connection],
    frame: tuple[str, str],
) -> None:
    text, symbol = frame
    clock, ids = ManualClock(), SequentialIds(f"ws-{sqlite_log[0].last_seq()}-")

    items = translate_user_message(text, symbol)

    events = [
        new_event(item, event_id=ids.new_id(), ts=clock.now(), scope=SCOPE, source=Source.WS)
        for item in items
        if isinstance(item, EventPayload)
    ]
    event(f"{len(events)} event(s)" if events else type(items[0]).__name__ if items else "nothing")
    sqlite_log[0].append(events)
    folds_and_rebuilds(sqlite_log)
