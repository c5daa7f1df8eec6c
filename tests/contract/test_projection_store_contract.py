"""ProjectionStore contract: rows and checkpoint saved together, rebuild swap, canonical dumps."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.projection_store import SqliteProjectionStore
from domain.codec import to_record
from domain.events import EngineStateChanged, FeeCharged, FundingApplied, OrderPlaced, OrderUpdated
from domain.projections.rows import ROW_TYPES, Balance, EngineStatus, Position
from domain.projections.state import ProjectionState, RowChange
from domain.values import EngineState, OrderStatus
from ports.errors import CheckpointRegression
from ports.projection_store import ProjectionStore
from tests.contract.samples import BIG_ID, at, event, fill, sample_payloads, sample_rows

EMPTY_DUMP = {name: [] for name in ROW_TYPES}


def upserts(rows: list[tuple[str, object]]) -> list[RowChange]:
    return [RowChange(table, row.key, row) for table, row in rows]


def folded_changes() -> list[list[RowChange]]:
    """Realistic change batches: what the fold produces for a run of events, one batch per event."""
    state = ProjectionState()
    placed = sample_payloads()[0]
    assert isinstance(placed, OrderPlaced)
    facts = {f.name: getattr(placed, f.name) for f in fields(OrderUpdated)}
    filled = OrderUpdated(
        **{**facts, "status": OrderStatus.FILLED, "filled_qty": Decimal("1.500"), "updated_at": at(9)},
    )
    events = [
        event(placed, 1),
        fill(101, 2),
        event(FeeCharged(trade_id=101, asset="USDT", amount=Decimal("0.0100"), charged_at=at(3)), 3),
        fill(102, 4),
        event(FundingApplied(asset="USDT", amount=Decimal("-0.50"), funding_time=at(5), tran_id=BIG_ID), 5),
        event(sample_payloads()[6], 6),
        event(EngineStateChanged(state=EngineState.PAUSED, reason="user", command_id=None), 7),
        event(filled, 9),
    ]
    return [state.apply(item) for item in events]


class TestSaving:
    def test_a_fresh_store_loads_an_empty_state_at_checkpoint_zero(self, projection_store: ProjectionStore) -> None:
        state, checkpoint = projection_store.load()

        assert checkpoint == 0 and projection_store.checkpoint() == 0
        assert all(rows == {} for rows in state.tables.values())
        assert projection_store.dump() == EMPTY_DUMP

    def test_saved_rows_load_back_with_their_checkpoint(self, projection_store: ProjectionStore) -> None:
        projection_store.save(upserts(sample_rows()), 7)

        state, checkpoint = projection_store.load()

        assert checkpoint == 7 and projection_store.checkpoint() == 7
        assert state.tables == ProjectionState.from_rows(sample_rows()).tables

    def test_every_row_type_reads_back_exactly(self, projection_store: ProjectionStore) -> None:
        projection_store.save(upserts(sample_rows()), 1)

        state, _ = projection_store.load()

        for table, row in sample_rows():
            loaded = state.tables[table][row.key]
            assert loaded == row and type(loaded) is type(row)
            # Decimal equality ignores trailing zeros; the records compare the exact text
            assert to_record(loaded) == to_record(row)

    def test_changes_apply_in_order_and_a_delete_removes_the_row(self, projection_store: ProjectionStore) -> None:
        first = Balance("USDT", Decimal("1"), Decimal("1"), at(1))
        second = Balance("USDT", Decimal("2.0"), Decimal("2.0"), at(2))
        gone = Balance("BNB", Decimal("3"), Decimal("3"), at(3))
        projection_store.save(upserts([("balance", gone)]), 1)
        changes = [RowChange("balance", "USDT", first), RowChange("balance", "USDT", second)]

        projection_store.save([*changes, RowChange("balance", "BNB", None)], 2)

        assert projection_store.load()[0].tables["balance"] == {"USDT": second}

    def test_deleting_an_absent_row_is_harmless(self, projection_store: ProjectionStore) -> None:
        projection_store.save([RowChange("trade", "404", None)], 1)

        assert projection_store.dump() == EMPTY_DUMP and projection_store.checkpoint() == 1

    def test_a_lower_checkpoint_raises_and_saves_nothing(self, projection_store: ProjectionStore) -> None:
        projection_store.save([], 10)

        with pytest.raises(CheckpointRegression) as raised:
            projection_store.save(upserts(sample_rows()), 9)

        assert (raised.value.current, raised.value.wanted) == (10, 9)
        assert projection_store.dump() == EMPTY_DUMP and projection_store.checkpoint() == 10

    def test_saving_again_at_the_same_checkpoint_is_allowed(self, projection_store: ProjectionStore) -> None:
        projection_store.save([], 4)
        projection_store.save(upserts(sample_rows()[:1]), 4)

        assert projection_store.checkpoint() == 4 and len(projection_store.dump()["position"]) == 1

    @pytest.mark.parametrize(
        "change",
        [
            RowChange("positions", "BTCUSDT", None),
            RowChange("position", "ETHUSDT", Position.flat("BTCUSDT")),
            RowChange("balance", "BTCUSDT", Position.flat("BTCUSDT")),
        ],
        ids=["unknown-table", "key-mismatch", "wrong-row-type"],
    )
    def test_a_malformed_change_is_refused_and_nothing_is_saved(
        self,
        projection_store: ProjectionStore,
        change: RowChange,
    ) -> None:
        with pytest.raises(ValueError):
            projection_store.save([*upserts(sample_rows()), change], 3)

        assert projection_store.dump() == EMPTY_DUMP and projection_store.checkpoint() == 0

    def test_a_row_with_text_no_utf8_column_can_hold_is_refused_alike_and_nothing_is_saved(
        self,
        projection_store: ProjectionStore,
    ) -> None:
        bad = EngineStatus("engine", EngineState.PAUSED, "\ud800", at(4))

        with pytest.raises(ValueError, match=r"^table 'engine': reason must not contain unpaired surrogates"):
            projection_store.save([*upserts(sample_rows()[:1]), RowChange("engine", "engine", bad)], 3)

        assert projection_store.dump() == EMPTY_DUMP and projection_store.checkpoint() == 0

    def test_a_negative_checkpoint_is_refused(self, projection_store: ProjectionStore) -> None:
        with pytest.raises(ValueError, match="checkpoint"):
            projection_store.save([], -1)


class TestRebuilding:
    def test_replace_all_swaps_every_table_and_sets_the_checkpoint(self, projection_store: ProjectionStore) -> None:
        projection_store.save(upserts(sample_rows()), 50)
        rebuilt = ProjectionState.from_rows([("balance", Balance("BNB", Decimal("0.5"), Decimal("0.5"), at(1)))])

        projection_store.replace_all(rebuilt, 20)

        state, checkpoint = projection_store.load()
        assert checkpoint == 20 and state.tables == rebuilt.tables

    def test_replace_all_keeps_no_link_to_the_state_it_was_given(self, projection_store: ProjectionStore) -> None:
        rebuilt = ProjectionState.from_rows(sample_rows())
        projection_store.replace_all(rebuilt, 3)
        before = projection_store.dump()

        rebuilt.tables["balance"].clear()

        assert projection_store.dump() == before


class TestReading:
    def test_load_returns_a_fresh_state_each_time(self, projection_store: ProjectionStore) -> None:
        projection_store.save(upserts(sample_rows()), 1)
        first, _ = projection_store.load()

        first.tables["position"].clear()
        first.tables["trade"]["1"] = first.tables["trade"]["10"]

        second, _ = projection_store.load()
        assert second is not first and second.tables == ProjectionState.from_rows(sample_rows()).tables

    def test_dump_lists_canonical_records_sorted_by_key(self, projection_store: ProjectionStore) -> None:
        projection_store.save(upserts(sample_rows()), 1)

        dump = projection_store.dump()

        assert set(dump) == set(ROW_TYPES)
        assert [record["trade_id"] for record in dump["trade"]] == [10, BIG_ID, 9]
        assert dump["position"][0] == {
            "symbol": "BTCUSDT",
            "quantity": "-0.010",
            "entry_price": "64000.10",
            "realized_pnl": "1.50",
            "leverage": 20,
            "updated_at": "2026-11-21T09:30:16.123456Z",
            "snapshot_at": None,
        }

    def test_equal_content_gives_equal_dumps_whatever_the_history(self, projection_store: ProjectionStore) -> None:
        rows = sample_rows()
        projection_store.save(upserts(list(reversed(rows))), 1)
        projection_store.save([RowChange("trade", "10", None)], 2)
        projection_store.save(upserts([row for row in rows if row[0] == "trade"]), 3)

        assert projection_store.dump() == expected_dump(rows)


def expected_dump(rows: list[tuple[str, object]]) -> dict:
    tables = ProjectionState.from_rows(rows).tables
    return {name: [to_record(row) for _, row in sorted(tables[name].items())] for name in ROW_TYPES}


def test_memory_and_sqlite_dumps_are_equal_for_the_same_changes(tmp_path: Path) -> None:
    connection = open_database(tmp_path / "dump.sqlite3")
    stores = [InMemoryProjectionStore(), SqliteProjectionStore(connection)]

    for seq, changes in enumerate(folded_changes(), start=1):
        for store in stores:
            store.save(changes, seq)

    memory, sqlite = (store.dump() for store in stores)
    connection.close()
    assert memory == sqlite
    assert all(memory[name] for name in ("position", "trade", "pnl_day", "balance", "engine"))
