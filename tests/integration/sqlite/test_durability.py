"""Only projections commit without waiting for the disk (ADR 0042); the connection is back to FULL after each."""

from __future__ import annotations

import apsw
import pytest
from pytest_mock import MockerFixture

from adapters.sqlite import transactions
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from domain.projections.state import ProjectionState
from ports.errors import CheckpointRegression
from tests.contract.samples import reconciled

FULL = 2


def test_a_projection_save_commits_at_normal_and_hands_the_connection_back_at_full(
    connection: apsw.Connection,
    mocker: MockerFixture,
) -> None:
    spy = mocker.spy(transactions, "_set_synchronous")

    SqliteProjectionStore(connection).save([], 5)

    assert [call.args[1] for call in spy.call_args_list] == ["NORMAL", "FULL"]
    assert connection.pragma("synchronous") == FULL


def test_a_failed_projection_save_hands_the_connection_back_at_full_too(connection: apsw.Connection) -> None:
    store = SqliteProjectionStore(connection)
    store.replace_all(ProjectionState(), 10)

    with pytest.raises(CheckpointRegression):
        store.save([], 3)

    assert connection.pragma("synchronous") == FULL
    assert store.checkpoint() == 10


def test_appending_events_stays_fully_synced(connection: apsw.Connection, mocker: MockerFixture) -> None:
    spy = mocker.spy(transactions, "_set_synchronous")

    SqliteEventStore(connection).append([reconciled(1)])

    assert spy.call_count == 0 and connection.pragma("synchronous") == FULL
