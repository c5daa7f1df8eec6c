"""The failpoint adapters stop exactly where asked, and a crash inside a projection save leaves no half batch."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.memory.failpoints import CrashAt, NoFailpoints, SimulatedCrash
from adapters.sqlite.connection import open_database
from adapters.sqlite.projection_store import SqliteProjectionStore
from adapters.system.failpoints import KillAt
from domain.projections.rows import Balance
from domain.projections.state import RowChange
from ports.failpoints import AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK, MID_PROJECTION_UPDATE, NAMES

REPO = Path(__file__).resolve().parents[3]
AT = datetime(2026, 1, 5, 12, tzinfo=UTC)


def test_no_failpoints_returns_at_every_named_point() -> None:
    failpoints = NoFailpoints()

    for name in NAMES:
        failpoints.hit(name)


def test_crash_at_raises_on_the_nth_hit_of_its_point_only() -> None:
    failpoints = CrashAt(AFTER_SEND_BEFORE_ACK, nth=2)
    failpoints.hit(AFTER_SEND_BEFORE_ACK)
    failpoints.hit(AFTER_INTENT_COMMIT)

    with pytest.raises(SimulatedCrash, match=AFTER_SEND_BEFORE_ACK):
        failpoints.hit(AFTER_SEND_BEFORE_ACK)
    failpoints.hit(AFTER_SEND_BEFORE_ACK)


def test_a_simulated_crash_is_not_an_exception_so_no_handler_in_the_bot_can_swallow_it() -> None:
    assert not issubclass(SimulatedCrash, Exception)


@pytest.mark.parametrize("make", [CrashAt, KillAt])
def test_an_unknown_failpoint_name_is_refused_with_the_known_names(make: type) -> None:
    with pytest.raises(ValueError, match="unknown failpoint 'after_coffee'.*after_intent_commit"):
        make("after_coffee")


def test_kill_at_kills_its_own_process_at_its_point_and_not_before() -> None:
    script = (
        "from adapters.system.failpoints import KillAt\n"
        "points = KillAt('mid_fill_processing')\n"
        "points.hit('after_intent_commit'); print('passed another point', flush=True)\n"
        "points.hit('mid_fill_processing'); print('survived', flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, cwd=REPO, capture_output=True, text=True, timeout=60
    )

    assert done.stdout.splitlines() == ["passed another point"]
    assert "failpoint mid_fill_processing reached: killing process" in done.stderr
    assert done.returncode in (-9, 137)


class CrashingChanges(Sequence[RowChange]):
    """Row changes that 'kill the process' when the store, inside its transaction, reaches the `crash_at`-th one."""

    def __init__(self, changes: list[RowChange], crash_at: int) -> None:
        self._changes, self._crash_at, self._passes = changes, crash_at, 0

    def __iter__(self) -> Iterator[RowChange]:
        self._passes += 1
        for index, change in enumerate(self._changes):
            # The first pass validates before the transaction; the second writes inside it
            if self._passes > 1 and index == self._crash_at:
                raise SimulatedCrash(MID_PROJECTION_UPDATE)
            yield change

    def __len__(self) -> int:
        return len(self._changes)

    def __getitem__(self, index: Any) -> Any:
        return self._changes[index]


def balance(asset: str, amount: str) -> RowChange:
    return RowChange("balance", asset, Balance(asset, Decimal(amount), Decimal(amount), AT))


def test_a_crash_halfway_through_saving_a_batch_leaves_the_stored_rows_and_checkpoint_as_before(
    tmp_path: Path,
) -> None:
    connection = open_database(tmp_path / "bot.sqlite")
    SqliteProjectionStore(connection).save([balance("USDT", "100")], 5)
    batch = CrashingChanges([balance("USDT", "90"), balance("BNB", "1"), balance("BTC", "2")], crash_at=2)

    with pytest.raises(SimulatedCrash):
        SqliteProjectionStore(connection).save(batch, 9)
    connection.close()

    reopened = open_database(tmp_path / "bot.sqlite")
    state, checkpoint = SqliteProjectionStore(reopened).load()
    reopened.close()
    assert checkpoint == 5
    assert {row.asset: row.wallet_balance for row in state.balances()} == {"USDT": Decimal("100")}
