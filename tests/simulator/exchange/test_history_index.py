"""userTrades and income read what they return, not the whole history: counted row reads, whatever the history's size.

A row's attribute reads are counted (a subclass of the ledger's row types), so the cost is a number, not a timing.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from adapters.simulator.exchange.ledger import WEEK_MS, IncomeRow, IncomeType, Ledger, Trade
from adapters.simulator.exchange.vocabulary import Side

SYMBOL = "XRPUSDT"
MINUTE_MS = 60_000
READS = {"rows": 0}


class CountedTrade(Trade):
    def __getattribute__(self, name: str) -> Any:
        READS["rows"] += 1
        return super().__getattribute__(name)


class CountedIncome(IncomeRow):
    def __getattribute__(self, name: str) -> Any:
        READS["rows"] += 1
        return super().__getattribute__(name)


def trade(number: int, time: int, symbol: str = SYMBOL, order_id: int | None = None) -> Trade:
    return CountedTrade(
        trade_id=1000 + number,
        symbol=symbol,
        order_id=order_id if order_id is not None else 500 + number,
        client_order_id=f"c{number}",
        side=Side.BUY,
        price=D("0.5"),
        qty=D("10"),
        realized_pnl=D("0"),
        commission=D("0.002"),
        commission_asset="USDT",
        margin_asset="USDT",
        time=time,
        maker=False,
    )


def income(number: int, time: int, kind: IncomeType = IncomeType.COMMISSION) -> IncomeRow:
    return CountedIncome(9000 + number, SYMBOL, kind, D("-0.002"), "USDT", time, 1000 + number)


def history(count: int) -> Ledger:
    """`count` trades a minute apart, each with its commission row."""
    ledger = Ledger()
    for number in range(count):
        ledger.add_trade(trade(number, number * MINUTE_MS))
        ledger.add_income(income(number, number * MINUTE_MS))
    return ledger


def reads(query: Any) -> tuple[int, Any]:
    READS["rows"] = 0
    found = query()
    return READS["rows"], found


def test_the_newest_trades_cost_the_same_after_ten_thousand_trades_as_after_ten() -> None:
    small, large = history(10), history(10_000)

    small_reads, small_found = reads(lambda: small.user_trades(SYMBOL, 9 * MINUTE_MS, limit=5))
    large_reads, large_found = reads(lambda: large.user_trades(SYMBOL, 9_999 * MINUTE_MS, limit=5))

    assert [t.trade_id for t in small_found] == [1005, 1006, 1007, 1008, 1009]
    assert [t.trade_id for t in large_found] == [10_995, 10_996, 10_997, 10_998, 10_999]
    assert large_reads == small_reads


def test_trades_from_an_id_cost_the_same_after_ten_thousand_trades_as_after_ten() -> None:
    small, large = history(10), history(10_000)

    small_reads, small_found = reads(lambda: small.user_trades(SYMBOL, 0, from_id=1007))
    large_reads, large_found = reads(lambda: large.user_trades(SYMBOL, 0, from_id=10_997))

    assert [t.trade_id for t in small_found] == [1007, 1008, 1009]
    assert [t.trade_id for t in large_found] == [10_997, 10_998, 10_999]
    assert large_reads == small_reads


def test_recent_income_costs_the_same_after_ten_thousand_rows_as_after_ten() -> None:
    small, large = history(10), history(10_000)

    small_reads, small_found = reads(lambda: small.income(9 * MINUTE_MS, symbol=SYMBOL, limit=3))
    large_reads, large_found = reads(lambda: large.income(9_999 * MINUTE_MS, income_type=IncomeType.COMMISSION))

    assert [r.tran_id for r in small_found] == [9007, 9008, 9009]
    assert len(large_found) == 100 and large_found[-1].tran_id == 18_999
    assert large_reads == small_reads


def test_a_window_with_a_start_answers_the_oldest_rows_from_there() -> None:
    ledger = history(100)

    found = ledger.user_trades(SYMBOL, 0, start_time=40 * MINUTE_MS, end_time=60 * MINUTE_MS, limit=3)
    rows = ledger.income(0, start_time=95 * MINUTE_MS, limit=10)

    assert [t.trade_id for t in found] == [1040, 1041, 1042]
    assert [r.tran_id for r in rows] == [9095, 9096, 9097, 9098, 9099]


def test_the_default_window_is_the_last_seven_days() -> None:
    ledger = Ledger()
    for number, time in enumerate((0, WEEK_MS // 2, WEEK_MS + MINUTE_MS)):
        ledger.add_trade(trade(number, time))

    assert [t.trade_id for t in ledger.user_trades(SYMBOL, WEEK_MS + MINUTE_MS)] == [1001, 1002]
    assert ledger.user_trades(SYMBOL, WEEK_MS + MINUTE_MS, end_time=-1) == []


def test_a_late_income_row_is_answered_in_time_order() -> None:
    ledger = history(5)
    # A funding mark settled after later trades were recorded, stamped with its own (earlier) time
    late = income(99, 2 * MINUTE_MS + 1, IncomeType.FUNDING_FEE)
    ledger.add_income(late)

    assert [r.tran_id for r in ledger.income(4 * MINUTE_MS)] == [9000, 9001, 9002, 9099, 9003, 9004]
    assert ledger.income(4 * MINUTE_MS, income_type=IncomeType.FUNDING_FEE) == [late]
    assert ledger.income(4 * MINUTE_MS, symbol="BTCUSDT") == []


def test_trades_out_of_time_order_are_still_answered_in_the_order_they_were_recorded() -> None:
    ledger = Ledger()
    for number, time in enumerate((3 * MINUTE_MS, MINUTE_MS, 2 * MINUTE_MS)):
        ledger.add_trade(trade(number, time))

    assert [t.trade_id for t in ledger.user_trades(SYMBOL, 3 * MINUTE_MS, limit=2)] == [1001, 1002]
    assert [t.trade_id for t in ledger.user_trades(SYMBOL, 0, from_id=1001)] == [1001, 1002]


def test_an_orders_trades_and_another_symbols_stay_apart() -> None:
    ledger = Ledger()
    ledger.add_trade(trade(0, 0, order_id=7))
    ledger.add_trade(trade(1, MINUTE_MS, symbol="BTCUSDT", order_id=7))
    ledger.add_trade(trade(2, 2 * MINUTE_MS, order_id=8))

    assert [t.trade_id for t in ledger.user_trades(SYMBOL, 2 * MINUTE_MS, order_id=7)] == [1000]
    assert [t.trade_id for t in ledger.user_trades("BTCUSDT", 2 * MINUTE_MS)] == [1001]
    assert ledger.user_trades("ETHUSDT", 2 * MINUTE_MS) == []
