"""What a rotated key must show before a database is rebound to it (ADR 0051)."""

from __future__ import annotations

from domain.account_match import match_account
from tests.harness.builders import (
    SYMBOL,
    EventFactory,
    at,
    balance_report,
    fold,
    position_report,
    snapshot,
    trade_report,
)


def traded_once() -> tuple[EventFactory, list]:
    """A database that bought 1 in trade 7 and holds 1000 USDT."""
    factory = EventFactory()
    return factory, [factory.trade(7, qty="1"), factory.balance("USDT", wallet="1000")]


def test_the_same_account_a_little_later_matches_noting_what_reconcile_will_correct() -> None:
    _, events = traded_once()
    later = snapshot(
        trades=[trade_report(7, qty="1"), trade_report(8, side="SELL", qty="1")],
        position=position_report(qty="0"),
        balances=[balance_report("USDT", wallet="999.5")],
    )

    match = match_account(later, fold(events), SYMBOL)

    assert match.same, match.refusals
    assert match.notes == (
        ("balance USDT: 1000 in the database, 999.5 on the exchange (the bot's first reconcile corrects it)"),
    )


def test_an_account_that_does_not_list_the_newest_known_trade_is_another_account() -> None:
    _, events = traded_once()
    # Long 2 after its own trade 90: even its position lines up with ours plus that trade
    other = snapshot(
        trades=[trade_report(90, qty="1")],
        position=position_report(qty="2"),
        balances=[balance_report("USDT", wallet="1000")],
    )

    assert match_account(other, fold(events), SYMBOL).refusals == (
        "trade 7: the newest trade in the database is not in this account's history",
    )


def test_a_position_the_listed_trades_do_not_explain_is_refused() -> None:
    _, events = traded_once()
    other = snapshot(
        trades=[trade_report(7, qty="1")],
        position=position_report(qty="0"),
        balances=[balance_report("USDT", wallet="1000")],
    )

    assert match_account(other, fold(events), SYMBOL).refusals == (
        f"position {SYMBOL}: 1 in the database (with the trades listed since), 0 on the exchange",
    )


def test_a_wallet_asset_the_account_does_not_hold_is_refused() -> None:
    factory, events = traded_once()
    events.append(factory.balance("BNB", wallet="2"))
    other = snapshot(
        trades=[trade_report(7, qty="1")],
        position=position_report(qty="1"),
        balances=[balance_report("USDT", wallet="1000")],
    )

    assert match_account(other, fold(events), SYMBOL).refusals == ("balance BNB: 2 in the database, 0 on the exchange",)


def test_without_a_trade_to_compare_the_wallet_balances_must_be_equal() -> None:
    factory = EventFactory()
    events = [factory.balance("USDT", wallet="1000")]
    same = snapshot(balances=[balance_report("USDT", wallet="1000")])
    other = snapshot(balances=[balance_report("USDT", wallet="15000")])

    assert match_account(same, fold(events), SYMBOL).same
    assert match_account(other, fold(events), SYMBOL).refusals == (
        "balance USDT: 1000 in the database, 15000 on the exchange",
    )


def test_a_trade_older_than_the_exchanges_history_is_not_compared() -> None:
    factory = EventFactory()
    events = [factory.trade(7, qty="1", executed_at=at(days=-400)), factory.balance("USDT", wallet="1000")]
    today = snapshot(position=position_report(qty="1"), balances=[balance_report("USDT", wallet="990")])

    match = match_account(today, fold(events), SYMBOL)

    assert match.refusals == ("balance USDT: 1000 in the database, 990 on the exchange",)
    assert match.notes == ("trade 7: older than the exchange's 6-month trade history, not compared",)


def test_a_database_that_knows_nothing_says_only_the_authentication_was_checked() -> None:
    match = match_account(snapshot(balances=[balance_report("USDT", wallet="5")]), fold([]), SYMBOL)

    assert match.same
    assert match.notes == ("the database knows no trade and no balance: only the key's authentication was checked",)
