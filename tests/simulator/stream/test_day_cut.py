"""The 24-hour cut of a user-data socket, driven tick by tick on the simulated clock with the key kept alive."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.stream import StreamFaults
from adapters.simulator.server.listen_keys import ListenKeys
from adapters.simulator.server.ws.outbox import Close, Frame, Outbox
from adapters.simulator.server.ws.user_connection import UserDataConnection
from adapters.simulator.simulation import Simulation
from tests.simulator.server.support import manual_simulation

pytestmark = pytest.mark.anyio
HALF_HOUR = timedelta(minutes=30)


@pytest.fixture
def simulation() -> Simulation:
    return manual_simulation()


def socket_on(simulation: Simulation) -> tuple[UserDataConnection, Outbox, SimpleNamespace]:
    clock = simulation.clock
    face = SimpleNamespace(
        simulation=simulation, listen_keys=ListenKeys(clock, 42), stream_faults=StreamFaults(clock, FaultLog(clock))
    )
    outbox = Outbox()
    return UserDataConnection(face, face.listen_keys.create("K"), outbox), outbox, face  # type: ignore[arg-type]


def half_hours(simulation: Simulation, face: SimpleNamespace, connection: UserDataConnection, count: int) -> None:
    """Advance by `count` half hours, keeping the key alive (as a client's keepalive would) and ticking each time."""
    for _ in range(count):
        simulation.clock.advance(HALF_HOUR)
        face.listen_keys.keepalive("K")
        connection.tick()


async def sent(outbox: Outbox) -> list[Frame]:
    return [frame async for frame in outbox.frames()]


async def test_a_kept_alive_socket_is_closed_at_24_simulated_hours(simulation: Simulation) -> None:
    connection, outbox, face = socket_on(simulation)
    half_hours(simulation, face, connection, 47)
    assert not connection.closed

    half_hours(simulation, face, connection, 1)

    assert connection.closed
    assert await sent(outbox) == [Close(1000, "24 hours")]


async def test_the_cut_counts_from_when_the_socket_opened(simulation: Simulation) -> None:
    first, _, face = socket_on(simulation)
    half_hours(simulation, face, first, 24)
    second = UserDataConnection(face, first.listen_key, Outbox())  # type: ignore[arg-type]

    half_hours(simulation, face, first, 24)
    second.tick()

    assert first.closed and not second.closed
