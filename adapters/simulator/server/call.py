"""What an endpoint handler gets: the simulation, the authenticated parameters and the caller's API key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adapters.simulator.server.listen_keys import ListenKeys
from adapters.simulator.simulation import Simulation
from adapters.simulator.wire.rate_limits import Limits


@dataclass(frozen=True)
class Call:
    simulation: Simulation
    params: dict[str, str]
    api_key: str | None
    listen_keys: ListenKeys
    limits: Limits


Handler = Callable[[Call], Any]
