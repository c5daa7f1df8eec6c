"""The synthetic book: levels one tick apart around the last price, seeded sizes, consumption until repriced."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from adapters.simulator.exchange.book import BookShape, SyntheticBook
from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT
from adapters.simulator.exchange.vocabulary import Side


def _book(last: str = "0.50004", spec=XRPUSDT, depth: int = 5) -> SyntheticBook:
    book = SyntheticBook(spec, random.Random(1), BookShape(depth=depth))
    book.reprice(D(last))
    return book


def test_the_best_bid_is_the_last_price_floored_to_the_tick_and_the_ask_one_tick_above() -> None:
    book = _book("0.50004")

    assert [level.price for level in book.levels(Side.SELL)] == [
        D("0.5000"),
        D("0.4999"),
        D("0.4998"),
        D("0.4997"),
        D("0.4996"),
    ]
    assert [level.price for level in book.levels(Side.BUY)] == [
        D("0.5001"),
        D("0.5002"),
        D("0.5003"),
        D("0.5004"),
        D("0.5005"),
    ]


def test_level_sizes_are_on_the_step_and_worth_20_to_60_min_notionals() -> None:
    book = _book(spec=BTCUSDT, last="60000.00")

    for level in book.levels(Side.BUY) + book.levels(Side.SELL):
        assert level.qty % BTCUSDT.step_size == 0
        assert 20 * BTCUSDT.min_notional <= level.qty * level.price <= 61 * BTCUSDT.min_notional


def test_taking_walks_levels_and_never_passes_the_limit() -> None:
    book = _book()
    asks = book.levels(Side.BUY)

    fills = book.take(Side.BUY, asks[0].qty + asks[1].qty + asks[2].qty, limit=asks[1].price)

    assert [(f.price, f.qty) for f in fills] == [(asks[0].price, asks[0].qty), (asks[1].price, asks[1].qty)]
    assert book.levels(Side.BUY)[0] == asks[2]


def test_a_partial_take_leaves_the_rest_of_the_level() -> None:
    book = _book()
    best = book.levels(Side.SELL)[0]

    book.take(Side.SELL, D("1"), limit=None)

    assert book.levels(Side.SELL)[0].qty == best.qty - 1
    assert book.available(Side.SELL, best.price) == best.qty - 1


def test_a_limit_crosses_only_when_it_reaches_the_opposite_best() -> None:
    book = _book()

    assert book.crosses(Side.BUY, D("0.5001")) and not book.crosses(Side.BUY, D("0.5000"))
    assert book.crosses(Side.SELL, D("0.5000")) and not book.crosses(Side.SELL, D("0.5001"))


def test_a_book_without_a_price_refuses_to_trade() -> None:
    book = SyntheticBook(XRPUSDT, random.Random(1))

    with pytest.raises(ValueError, match="no price yet"):
        book.levels(Side.BUY)


def test_bids_never_go_to_zero_or_below() -> None:
    book = _book(last="0.0002")

    assert [level.price for level in book.levels(Side.SELL)] == [D("0.0002"), D("0.0001")]


def test_a_books_sizes_do_not_depend_on_whether_earlier_books_were_looked_at() -> None:
    looked, unlooked = _book("0.5000"), _book("0.5000")
    looked.levels(Side.BUY)
    for book in (looked, unlooked):
        book.reprice(D("0.5100"))

    assert looked.levels(Side.BUY) == unlooked.levels(Side.BUY)
    assert looked.levels(Side.SELL) == unlooked.levels(Side.SELL)


def test_each_price_update_brings_fresh_liquidity() -> None:
    book = _book("0.5000")
    taken = book.take(Side.BUY, book.available(Side.BUY, None), None)
    book.reprice(D("0.5000"))

    assert sum(level.qty for level in taken) > 0
    assert book.available(Side.BUY, None) > 0
