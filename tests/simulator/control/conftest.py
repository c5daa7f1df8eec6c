"""Fixtures: the wire-server tests' manual-clock simulation and its Quart test client."""

from __future__ import annotations

from tests.simulator.server.conftest import sim, simulation

__all__ = ["sim", "simulation"]
