"""One-way position arithmetic: signed amount, weighted entry, realized PnL on the reducing part, flips."""

from __future__ import annotations

from decimal import Decimal as D

from adapters.simulator.exchange.account import Position, apply_trade
from adapters.simulator.exchange.vocabulary import Side

FLAT = Position("XRPUSDT")


def test_opening_sets_the_amount_and_entry_without_realized_pnl() -> None:
    position, realized = apply_trade(FLAT, Side.SELL, D("150"), D("0.07574"))

    assert (position.amount, position.entry_price, realized) == (D("-150"), D("0.07574"), 0)


def test_adding_averages_the_entry_by_quantity() -> None:
    long, _ = apply_trade(FLAT, Side.BUY, D("100"), D("0.5000"))

    position, realized = apply_trade(long, Side.BUY, D("300"), D("0.5400"))

    assert position.amount == D("400") and position.entry_price == D("0.53") and realized == 0


def test_reducing_a_long_realizes_price_minus_entry_times_quantity() -> None:
    long, _ = apply_trade(FLAT, Side.BUY, D("100"), D("0.5000"))

    position, realized = apply_trade(long, Side.SELL, D("40"), D("0.5250"))

    assert realized == D("1.00000000")
    assert (position.amount, position.entry_price, position.accumulated_realized) == (D("60"), D("0.5"), D("1"))


def test_closing_a_short_above_entry_realizes_a_loss_excluding_fees() -> None:
    # The 2021 capture: short 150 TRXUSDT at 0.07574 closed at 0.07600 shows rp = -0.03900000
    short, _ = apply_trade(FLAT, Side.SELL, D("150"), D("0.07574"))

    position, realized = apply_trade(short, Side.BUY, D("150"), D("0.07600"))

    assert realized == D("-0.039") and position.amount == 0 and position.entry_price == 0


def test_a_fill_past_flat_flips_the_position_at_the_fill_price() -> None:
    long, _ = apply_trade(FLAT, Side.BUY, D("100"), D("0.5000"))

    position, realized = apply_trade(long, Side.SELL, D("250"), D("0.4800"))

    assert realized == D("-2")
    assert (position.amount, position.entry_price) == (D("-150"), D("0.4800"))


def test_unrealized_pnl_follows_the_mark_price_and_the_sign() -> None:
    short = Position("XRPUSDT", amount=D("-100"), entry_price=D("0.5"))

    assert short.unrealized(D("0.49")) == D("1.00000000")
    assert short.unrealized(D("0.51")) == D("-1.00000000")


def test_break_even_moves_the_entry_by_the_taker_fee_against_the_position() -> None:
    long = Position("BTCUSDT", amount=D("0.009"), entry_price=D("67445.9"))
    short = Position("BTCUSDT", amount=D("-0.009"), entry_price=D("67445.9"))

    assert long.break_even(D("0.0005")) == D("67479.62295")
    assert short.break_even(D("0.0005")) == D("67412.17705")


def test_what_an_order_can_reduce_depends_on_its_side() -> None:
    long = Position("XRPUSDT", amount=D("100"), entry_price=D("0.5"))

    assert (long.reducible_by(Side.SELL), long.reducible_by(Side.BUY), FLAT.reducible_by(Side.SELL)) == (D("100"), 0, 0)
