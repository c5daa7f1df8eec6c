"""Fixtures of the stream tests: the wire-server tests' manual-clock simulation behind the Quart test client."""

from __future__ import annotations

from tests.simulator.server.conftest import sim, simulation

__all__ = ["sim", "simulation"]
