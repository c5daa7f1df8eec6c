"""Helpers for the Binance translation tests: fixture text, frames of sequence files, one-line result summaries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from domain.events import (
    BalanceChanged,
    ExchangeErrorRecorded,
    FeeCharged,
    LeverageChanged,
    MarginCalled,
    OrderFacts,
    PositionChanged,
    TradeExecuted,
    TransferMade,
)
from domain.times import format_utc
from ports.exchange import StreamStatus
from tests.harness.binance_fixtures import FIXTURES

# When a test's REST snapshot was read; rows stamped 0 by Binance must come out with this time
TAKEN_AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def frames(name: str) -> list[str]:
    """The frames of a fixture as raw text: one per element for the ws_sequence_* arrays."""
    data = json.loads(fixture_text(name))
    return [json.dumps(frame) for frame in data] if isinstance(data, list) else [fixture_text(name)]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def error_of(call: Callable[[], Any], kind: type[Exception]) -> str:
    """The message of the `kind` error `call` raises (the test fails if it raises nothing)."""
    try:
        call()
    except kind as exc:
        return str(exc)
    raise AssertionError(f"expected {kind.__name__}")


def summary(item: Any) -> tuple[Any, ...]:
    """The identifying values of one translated item, as plain strings and ints, for compact expectations."""
    if isinstance(item, OrderFacts):
        return (type(item).__name__, item.order_key, item.status.value, str(item.filled_qty))
    if isinstance(item, TradeExecuted):
        return ("TradeExecuted", item.trade_id, str(item.quantity), str(item.price), str(item.realized_pnl))
    if isinstance(item, FeeCharged):
        return ("FeeCharged", item.trade_id, item.asset, str(item.amount))
    if isinstance(item, BalanceChanged):
        return ("BalanceChanged", item.asset, str(item.wallet_balance), str(item.cross_wallet_balance), item.reason)
    if isinstance(item, PositionChanged):
        return ("PositionChanged", str(item.quantity), str(item.entry_price), item.reason)
    return _other(item)


def _other(item: Any) -> tuple[Any, ...]:
    if isinstance(item, LeverageChanged):
        return ("LeverageChanged", item.leverage, format_utc(item.changed_at))
    if isinstance(item, StreamStatus):
        return ("StreamStatus", item.state, format_utc(item.at))
    if isinstance(item, MarginCalled):
        figures = (str(item.quantity), str(item.maintenance_margin))
        return ("MarginCalled", item.symbol, *figures, format_utc(item.called_at))
    if isinstance(item, ExchangeErrorRecorded):
        return ("ExchangeErrorRecorded", item.message)
    if isinstance(item, TransferMade):
        return ("TransferMade", item.asset, str(item.amount), format_utc(item.made_at))
    raise AssertionError(f"no summary for {item!r}")
