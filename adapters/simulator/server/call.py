"""What an endpoint handler gets: the simulation, the authenticated parameters, the caller's API key and what the
simulator's keys may do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adapters.simulator.server.key_access import KeyAccess
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
    access: KeyAccess


Handler = Callable[[Call], Any]
