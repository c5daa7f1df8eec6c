"""A rebuild pauses the cyclic garbage collector while it replays, and always leaves it as it found it (ADR 0067)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from application.projector import Projector
from domain.projections.state import ProjectionState
from ports.errors import StorageError
from tests.contract.samples import fill


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def logged_fills(count: int) -> InMemoryEventStore:
    events = InMemoryEventStore()
    events.append([fill(n, n) for n in range(1, count + 1)])
    return events


def test_a_rebuild_replays_with_the_collector_paused_and_turns_it_back_on(collector_enabled: None) -> None:
    seen: list[bool] = []
    projector = Projector(logged_fills(5), InMemoryProjectionStore(), batch_size=2)

    report = projector.rebuild(progress=lambda _seq, _total: seen.append(gc.isenabled()))

    assert report.events == 5
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_a_rebuild_leaves_a_collector_that_was_off_off() -> None:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        Projector(logged_fills(3), InMemoryProjectionStore()).rebuild()

        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()


class FailingStore(InMemoryProjectionStore):
    def replace_all(self, state: ProjectionState, checkpoint: int) -> None:
        raise StorageError("replace projections: the disk is full")


def test_a_failed_rebuild_turns_the_collector_back_on(collector_enabled: None) -> None:
    with pytest.raises(StorageError, match="disk is full"):
        Projector(logged_fills(3), FailingStore()).rebuild()

    assert gc.isenabled()
