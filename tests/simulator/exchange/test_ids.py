"""Seeded ids: increasing, realistic magnitudes (orderId and tranId beyond 2**53), independent streams."""

from __future__ import annotations

import re

from adapters.simulator.exchange.ids import IdSource


def test_each_kind_of_id_increases_strictly() -> None:
    ids = IdSource(1)

    for draw in (ids.order_id, ids.trade_id, ids.tran_id, ids.algo_id):
        values = [draw() for _ in range(50)]
        assert values == sorted(set(values))


def test_order_and_tran_ids_exceed_2_to_the_53_and_fit_in_int64() -> None:
    ids = IdSource(1)

    for value in (ids.order_id(), ids.tran_id()):
        assert 2**53 < value < 2**63


def test_drawing_one_kind_does_not_shift_another() -> None:
    plain, busy = IdSource("s"), IdSource("s")
    for _ in range(10):
        busy.trade_id()
        busy.api_client_id()

    assert plain.order_id() == busy.order_id()


def test_client_ids_look_like_binance_ones() -> None:
    ids = IdSource(3)

    assert re.fullmatch(r"[A-Za-z0-9]{22}", ids.api_client_id())
    assert re.fullmatch(r"web_[A-Za-z0-9]{20}", ids.web_client_id())
