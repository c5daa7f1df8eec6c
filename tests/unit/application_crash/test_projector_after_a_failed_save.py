"""A projection save that fails (busy database, crash) must not leave the projector's fold ahead of the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from application.projector import Projector
from domain.events import FeeCharged, FundingApplied, new_event
from domain.projections.state import RowChange
from domain.values import Source
from ports.errors import StorageBusy
from tests.harness.builders import SCOPE

AT = datetime(2026, 1, 5, 12, tzinfo=UTC)


class BusyOnce(InMemoryProjectionStore):
    """Refuses the next save as a database locked past its busy timeout would, then works again."""

    def __init__(self) -> None:
        super().__init__()
        self.busy = True

    def save(self, changes: Sequence[RowChange], checkpoint: int) -> None:
        if self.busy:
            self.busy = False
            raise StorageBusy("save projections: the database stayed locked past the busy timeout")
        super().save(changes, checkpoint)


def a_fee_and_funding() -> InMemoryEventStore:
    events = InMemoryEventStore()
    events.append(
        [
            new_event(FeeCharged(1, "USDT", Decimal("0.5"), AT), event_id="fee", ts=AT, scope=SCOPE, source=Source.WS),
            new_event(
                FundingApplied("USDT", Decimal("-0.2"), AT, 7),
                event_id="funding",
                ts=AT,
                scope=SCOPE,
                source=Source.REST,
            ),
        ]
    )
    return events


def test_a_batch_whose_save_failed_is_folded_once_when_the_next_catch_up_saves_it() -> None:
    store = BusyOnce()
    projector = Projector(a_fee_and_funding(), store)
    with pytest.raises(StorageBusy):
        projector.catch_up()

    projector.catch_up()

    [day] = store.load()[0].pnl_days()
    assert (day.fees, day.funding) == (Decimal("0.5"), Decimal("-0.2"))
    assert projector.state.pnl_days() == [day]
