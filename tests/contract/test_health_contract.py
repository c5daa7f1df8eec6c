"""HealthStore contract: the last write wins and reads back exactly, phases and optional fields included."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.sqlite.connection import open_database
from adapters.sqlite.health import SqliteHealthStore
from domain.codec import CodecError
from domain.events import RateLimitState
from domain.values import Side
from ports.exchange import StreamState
from ports.health import BotHealth, Candle, HealthStore, PhaseTiming, UnresolvedOrder
from tests.contract.samples import at


def health(**changes: object) -> BotHealth:
    base = BotHealth(
        holder="host-a/pid 101/1f2e", started_at=at(0), updated_at=at(1), boot_phase="projections", ready=False
    )
    return replace(base, **changes)


def test_nothing_is_read_before_the_first_write(health_store: HealthStore) -> None:
    assert health_store.read() is None


def test_a_written_health_reads_back_exactly(health_store: HealthStore) -> None:
    written = health(
        updated_at=at(5),
        boot_phase="ready",
        ready=True,
        last_loop_at=at(5),
        ws_state=StreamState.CONNECTED,
        ws_changed_at=at(2),
        last_reconcile_at=at(4),
        rate_limit_weight=123,
        rate_limit_state=RateLimitState.WARN,
        phases=(PhaseTiming("lease", at(0), Decimal("0.250")), PhaseTiming("reconcile", at(1), Decimal("12.5"))),
    )

    health_store.write(written)

    assert health_store.read() == written


def test_the_last_write_replaces_the_previous_one(health_store: HealthStore) -> None:
    health_store.write(health())
    failed = health(
        updated_at=at(9),
        boot_phase="failed closed",
        fail_closed_reason="reconcile: -1003 banned",
        last_reconcile_error="-1003 banned",
    )

    health_store.write(failed)

    assert health_store.read() == failed


def test_a_stopped_bots_exit_and_last_error_read_back(health_store: HealthStore) -> None:
    stopped = health(
        updated_at=at(9),
        boot_phase="stopped",
        stopped_at=at(9),
        stop_reason="ended by OSError: disk",
        last_error="reconcile: ExchangeRejected: -1003",
        last_error_at=at(8),
    )

    health_store.write(stopped)

    assert health_store.read() == stopped


def test_a_naive_time_is_refused_with_the_field_named(health_store: HealthStore) -> None:
    naive = health(updated_at=at(1).replace(tzinfo=None))

    with pytest.raises(CodecError, match="naive"):
        health_store.write(naive)

    assert health_store.read() is None


def test_a_health_written_by_one_connection_is_read_by_another(tmp_path: Path) -> None:
    bot, web = open_database(tmp_path / "shared.sqlite3"), open_database(tmp_path / "shared.sqlite3")
    try:
        SqliteHealthStore(bot).write(health(ready=True, boot_phase="ready"))

        assert SqliteHealthStore(web).read() == health(ready=True, boot_phase="ready")
    finally:
        bot.close()
        web.close()


def test_the_market_the_bot_last_read_reads_back_exactly(health_store: HealthStore) -> None:
    candles = tuple(
        Candle(at(i * 60), Decimal("0.5"), Decimal("0.52"), Decimal("0.49"), Decimal(f"0.5{i}")) for i in range(3)
    )
    written = health(mark_price=Decimal("0.5123"), mark_at=at(7), candle_interval="1m", candles=candles)

    health_store.write(written)

    assert health_store.read() == written


def test_a_record_written_before_the_market_fields_existed_reads_with_no_market() -> None:
    record = health().to_record()
    for name in ("mark_price", "mark_at", "candle_interval", "candles"):
        del record[name]

    decoded = BotHealth.from_record(record)

    assert decoded == health() and decoded.mark_price is None and decoded.candles == ()


def test_the_commands_whose_outcome_is_unknown_read_back_exactly(health_store: HealthStore) -> None:
    orders = (
        UnresolvedOrder(
            "cmd-1",
            "PlaceOrder",
            "ae-m1",
            "main",
            False,
            Side.BUY,
            Decimal("100"),
            at(1),
            at(301),
            "looking it up every 3 s",
        ),
        UnresolvedOrder("cmd-2", "CancelOrder", None, None, False, None, None, at(2), None, "running it again"),
    )
    written = health(unresolved_orders=orders, unresolved_total=7)

    health_store.write(written)

    assert health_store.read() == written


def test_a_record_written_before_unknown_outcomes_were_published_reads_with_none() -> None:
    record = health().to_record()
    for name in ("unresolved_orders", "unresolved_total"):
        del record[name]

    decoded = BotHealth.from_record(record)

    assert decoded == health() and decoded.unresolved_orders == () and decoded.unresolved_total == 0


def test_the_stream_and_rate_limit_states_are_stored_as_the_strings_they_always_were() -> None:
    record = health(ws_state=StreamState.KEY_EXPIRED, rate_limit_state=RateLimitState.SLOW).to_record()

    decoded = BotHealth.from_record(record)

    assert (record["ws_state"], record["rate_limit_state"]) == ("key_expired", "SLOW")
    assert decoded.ws_state is StreamState.KEY_EXPIRED and decoded.rate_limit_state is RateLimitState.SLOW


def test_a_record_with_the_lower_case_rate_limit_default_of_an_older_bot_reads_as_normal() -> None:
    record = {**health().to_record(), "ws_state": "unknown", "rate_limit_state": "normal"}

    decoded = BotHealth.from_record(record)

    assert decoded.ws_state is StreamState.UNKNOWN and decoded.rate_limit_state is RateLimitState.NORMAL
