"""exchangeInfo, klines, premiumIndex, time, commissionRate, leverage, listenKey, and error/acknowledgement bodies."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate import (
    MalformedPayload,
    MarkPrice,
    SymbolNotListed,
    check_acknowledged,
    commission_rates_from_rest,
    exchange_rejected,
    is_error_body,
    klines_from_rest,
    leverage_from_rest,
    mark_price_from_rest,
    server_time_from_rest,
    symbol_rules_from_rest,
)
from domain.reports import SymbolRules
from domain.times import from_epoch_ms
from ports.errors import ExchangeRejected
from tests.binance.support import error_of, fixture_text, utc


def data(name: str) -> Any:
    return json.loads(fixture_text(name))


def exchange_info_without(filter_type: str) -> dict[str, Any]:
    info = data("rest_exchange_info_btcusdt_ethusdt_2022.json")
    symbol = info["symbols"][1]
    symbol["filters"] = [f for f in symbol["filters"] if f["filterType"] != filter_type]
    return info


def test_symbol_rules_come_from_the_price_lot_market_lot_and_notional_filters() -> None:
    rules = symbol_rules_from_rest(data("rest_exchange_info_btcusdt_ethusdt_2022.json"), "ETHUSDT")

    assert rules == SymbolRules(
        symbol="ETHUSDT",
        tick_size=Decimal("0.01"),
        step_size=Decimal("0.001"),
        min_qty=Decimal("0.001"),
        max_qty=Decimal("10000"),
        min_notional=Decimal("10"),
        market_step_size=Decimal("0.001"),
    )


def test_grid_sizes_keep_the_exponent_they_were_sent_with() -> None:
    rules = symbol_rules_from_rest(data("rest_exchange_info_btcusdt_ethusdt_2022.json"), "BTCUSDT")

    assert str(rules.tick_size) == "0.10"


def test_a_symbol_exchange_info_does_not_list_is_refused() -> None:
    info = data("rest_exchange_info_btcusdt_ethusdt_2022.json")

    message = error_of(lambda: symbol_rules_from_rest(info, "XRPUSDT"), SymbolNotListed)

    assert message == "exchangeInfo: symbol XRPUSDT is not listed"


def test_a_missing_lot_size_filter_is_named() -> None:
    message = error_of(lambda: symbol_rules_from_rest(exchange_info_without("LOT_SIZE"), "ETHUSDT"), MalformedPayload)

    assert message == "exchangeInfo ETHUSDT: filter LOT_SIZE missing"


def test_without_a_market_lot_size_filter_market_orders_use_no_separate_step() -> None:
    rules = symbol_rules_from_rest(exchange_info_without("MARKET_LOT_SIZE"), "ETHUSDT")

    assert rules.market_step_size is None


def test_a_kline_is_closed_only_once_its_close_time_is_in_the_past() -> None:
    payload = data("rest_klines_btcusdt_1m_2024.json")[:1]
    close_time = from_epoch_ms(1712738519999)

    at_close = klines_from_rest(payload, close_time)[0]
    after_close = klines_from_rest(payload, close_time + timedelta(milliseconds=1))[0]

    assert (at_close.closed, after_close.closed) == (False, True)
    assert (after_close.open_time, after_close.close_time) == (utc("2024-04-10T08:41:00Z"), close_time)


def test_a_kline_row_with_too_few_columns_is_named_by_its_index() -> None:
    payload = [data("rest_klines_btcusdt_1m_2024.json")[0], [1712738460000, "1"]]

    message = error_of(lambda: klines_from_rest(payload, utc("2024-04-10T09:00:00Z")), MalformedPayload)

    assert message == "klines[1]: expected an array of at least 7 columns"


def test_premium_index_gives_the_mark_price_and_the_next_funding_time() -> None:
    mark = mark_price_from_rest(data("rest_premium_index_btcusdt_docs_example.json"), "BTCUSDT")

    assert mark == MarkPrice(Decimal("11793.63104562"), utc("2020-08-14T08:00:00Z"), utc("2020-08-14T02:01:35.002Z"))


def test_premium_index_of_all_symbols_is_searched_for_the_symbol() -> None:
    row = data("rest_premium_index_btcusdt_docs_example.json")
    rows = [{**row, "symbol": "ETHUSDT", "markPrice": "1"}, row]

    assert (mark_price_from_rest(rows, "BTCUSDT").mark_price, mark_price_from_rest(rows, "XRPUSDT")) == (
        Decimal("11793.63104562"),
        None,
    )


def test_server_time_is_an_aware_utc_datetime() -> None:
    assert server_time_from_rest({"serverTime": 1499827319559}) == utc("2017-07-12T02:41:59.559Z")


def test_commission_rates_and_leverage_of_another_symbol_yield_nothing() -> None:
    assert commission_rates_from_rest(data("rest_commission_rate_docs_example.json"), "XRPUSDT") is None
    assert leverage_from_rest(data("rest_leverage_change.json"), "XRPUSDT") is None


def test_an_error_body_becomes_the_ports_exchange_rejected() -> None:
    error = exchange_rejected(data("error_-2019_margin_insufficient.json"))

    assert isinstance(error, ExchangeRejected)
    assert (error.code, error.message) == (-2019, "Margin is insufficient.")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"code": -1021, "msg": "late"}, True),
        ({"code": 200, "msg": "success"}, False),
        ({"code": "-1021", "msg": "late"}, False),
        ({"listenKey": "abc"}, False),
        ([], False),
    ],
)
def test_only_a_negative_code_with_a_message_is_an_error_body(body: Any, expected: bool) -> None:
    assert is_error_body(body) is expected


@pytest.mark.parametrize("body", [{"code": 200, "msg": "success"}, {"code": "200", "msg": "success"}, {}])
def test_success_acknowledgements_are_accepted(body: Any) -> None:
    assert check_acknowledged(body, "cancel-all") is None


def test_an_error_body_in_place_of_an_acknowledgement_raises_exchange_rejected() -> None:
    with pytest.raises(ExchangeRejected) as raised:
        check_acknowledged(data("error_-4046_no_need_to_change_margin_type_reconstructed.json"), "marginType")

    assert raised.value.code == -4046


def test_an_unexpected_acknowledgement_is_refused() -> None:
    message = error_of(lambda: check_acknowledged({"code": 400, "msg": "?"}, "cancel-all"), MalformedPayload)

    assert message == "cancel-all: expected a success acknowledgement, got {'code': 400, 'msg': '?'}"
