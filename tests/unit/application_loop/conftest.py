"""The bench fixture: a simulated exchange and in-memory stores (see bench.py)."""

from __future__ import annotations

import pytest

from tests.unit.application_loop.bench import Bench, make_bench


@pytest.fixture
def bench() -> Bench:
    return make_bench()
