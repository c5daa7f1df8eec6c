"""What the WebSocket face reads from the wire face, attribute by attribute, so a reset simulation is picked up."""

from __future__ import annotations

from typing import Protocol

from adapters.simulator.faults.stream import StreamFaults
from adapters.simulator.server.listen_keys import ListenKeys
from adapters.simulator.simulation import Simulation


class StreamFace(Protocol):
    simulation: Simulation
    listen_keys: ListenKeys
    stream_faults: StreamFaults
