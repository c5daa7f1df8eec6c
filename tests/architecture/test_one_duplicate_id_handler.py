"""Binance's -4116 (duplicated client order id) has one handler, adapters/binance/rest/adoption.py, used by the REST
order protocol and by the simulator's in-process face alike (ADR 0061); the simulator's engine still raises it, as the
exchange does."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from adapters.binance.rest.orders import OrderProtocol
from adapters.simulator.inprocess.gateway import SimulatedExchangeGateway

REPO = Path(__file__).resolve().parents[2]
SEARCHED = ("adapters/binance", "adapters/simulator/inprocess", "application", "domain", "ports")
HANDLER = "adapters/binance/rest/adoption.py"
# Where the code is named without being handled: the REST adapter's table of Binance's codes
NAMED_ONLY = "adapters/binance/rest/errors.py"
DUPLICATE_ID = re.compile(r"4116|DUPLICATED?_CLIENT_ORDER_ID")


def naming_files() -> set[str]:
    return {
        path.relative_to(REPO).as_posix()
        for folder in SEARCHED
        for path in (REPO / folder).rglob("*.py")
        if DUPLICATE_ID.search(path.read_text(encoding="utf-8"))
    }


def test_only_the_one_handler_names_the_duplicated_client_id() -> None:
    assert naming_files() == {HANDLER, NAMED_ONLY}


def test_both_faces_place_through_the_one_handler() -> None:
    for placing in (OrderProtocol.place, SimulatedExchangeGateway.place_order):
        assert "placed_or_adopted(" in inspect.getsource(placing)
