"""Funding: open positions pay or receive notional × rate at the mark; longs pay when the rate is positive."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import AccountUpdate, UpdateReason
from adapters.simulator.exchange.ledger import IncomeType

EIGHT_O_CLOCK = datetime(2026, 1, 1, 8, tzinfo=UTC)


def test_a_long_pays_a_positive_rate(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))
    wallet = engine.oracle.balances["USDT"]

    row = engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5050"), EIGHT_O_CLOCK)

    assert row is not None and row.income == D("-0.0505")
    assert engine.oracle.balances["USDT"] == wallet - D("0.0505")


def test_a_short_receives_a_positive_rate_and_pays_a_negative_one(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "SELL", "MARKET", D("1000"))

    received = engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5000"), EIGHT_O_CLOCK)
    paid = engine.apply_funding("XRPUSDT", D("-0.0002"), D("0.5000"), EIGHT_O_CLOCK)

    assert (received.income, paid.income) == (D("0.05"), D("-0.1"))  # type: ignore[union-attr]


def test_the_funding_fee_is_truncated_to_8_decimals(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("333.3"))

    row = engine.apply_funding("XRPUSDT", D("0.00012345"), D("0.5123"), EIGHT_O_CLOCK)

    assert row.income == D("-0.02107903")  # -333.3 × 0.5123 × 0.00012345 = -0.02107903 6…  # type: ignore[union-attr]


def test_the_income_row_is_stamped_with_the_funding_time_exactly(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))

    row = engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5"), EIGHT_O_CLOCK)

    assert row.time == 1767254400000  # 2026-01-01T08:00:00.000Z  # type: ignore[union-attr]
    assert (row.income_type, row.trade_id, row.symbol, row.asset) == (IncomeType.FUNDING_FEE, None, "XRPUSDT", "USDT")  # type: ignore[union-attr]
    assert engine.income(income_type="FUNDING_FEE", start_time=row.time) == [row]  # type: ignore[union-attr]


def test_funding_on_a_cross_position_announces_only_the_balance(engine: MatchingEngine, clock: object) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))
    engine.drain_events()

    engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5050"), EIGHT_O_CLOCK)

    [event] = engine.drain_events()
    assert isinstance(event, AccountUpdate)
    assert (event.reason, event.positions, event.symbol) == (UpdateReason.FUNDING_FEE, (), "XRPUSDT")
    [balance] = event.balances
    assert (balance.asset, balance.balance_change) == ("USDT", D("-0.0505"))
    assert balance.wallet_balance == balance.cross_wallet_balance == engine.oracle.balances["USDT"]


def test_a_flat_symbol_pays_no_funding_and_emits_nothing(engine: MatchingEngine) -> None:
    row = engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5"), EIGHT_O_CLOCK)

    assert row is None and engine.drain_events() == [] and engine.income() == []


def test_funding_time_may_be_given_in_binance_milliseconds(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))

    row = engine.apply_funding("XRPUSDT", D("0.0001"), D("0.5"), 1767254400000)

    assert row.time == 1767254400000  # type: ignore[union-attr]
