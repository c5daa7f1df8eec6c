"""The user-data entry point never raises: bad frames become ExchangeErrorRecorded with the raw text; signals pass."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate import translate_user_message, user_stream
from domain.events import ExchangeErrorRecorded, OrderPlaced
from ports.exchange import StreamState, StreamStatus
from tests.binance.support import fixture_text, utc


def the_error(raw: str | bytes, symbol: str = "ETHUSDC") -> ExchangeErrorRecorded:
    [error] = translate_user_message(raw, symbol)
    assert isinstance(error, ExchangeErrorRecorded)
    assert (error.operation, error.code) == ("user_stream", None)
    return error


def without(name: str, key: str) -> str:
    data = json.loads(fixture_text(name))
    del data["o"][key]
    return json.dumps(data)


def test_malformed_json_is_recorded_with_its_raw_text() -> None:
    raw = '{"e": "ORDER_TRADE_UPDATE", "o": {'

    error = the_error(raw)

    assert error.message.startswith("frame is not valid JSON")
    assert error.raw == raw


def test_a_missing_required_field_is_named_with_the_payload_type() -> None:
    raw = without("ws_order_trade_update_new_limit_2026.json", "i")

    error = the_error(raw)

    assert error.message == "ORDER_TRADE_UPDATE: o.i: Missing data for required field."
    assert error.raw == raw


def test_a_price_sent_as_a_json_number_is_read_from_its_text_never_through_a_float() -> None:
    text = fixture_text("ws_order_trade_update_new_limit_2026.json")
    text = text.replace('"p": "2313"', '"p": 0.1000000000000000055511')

    [placed] = translate_user_message(text, "ETHUSDC")

    assert placed.price == Decimal("0.1000000000000000055511")


def test_a_wrongly_typed_field_is_named_with_the_payload_type() -> None:
    text = fixture_text("ws_order_trade_update_new_limit_2026.json").replace('"q": "0.02"', '"q": true')

    assert the_error(text).message == "ORDER_TRADE_UPDATE: o.q: expected a decimal string, got True"


def test_an_unknown_event_type_is_recorded() -> None:
    raw = json.dumps({"e": "NEW_FANCY_EVENT", "E": 1})

    assert the_error(raw).message == "unknown user-data event type 'NEW_FANCY_EVENT'"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[1, 2]", "frame: expected a JSON object, got list"),
        ('"text"', "frame: expected a JSON object, got str"),
        ('{"E": 1}', "user-data frame: no event type `e` (got None)"),
        ('{"e": 7}', "user-data frame: no event type `e` (got 7)"),
    ],
)
def test_frames_that_are_not_user_data_events_are_recorded(raw: str, message: str) -> None:
    assert the_error(raw).message == message


def test_a_frame_given_as_bytes_is_decoded() -> None:
    raw = fixture_text("ws_order_trade_update_new_limit_2026.json").encode()

    assert [type(item) for item in translate_user_message(raw, "ETHUSDC")] == [OrderPlaced]


def test_an_undecodable_byte_frame_keeps_a_readable_raw_text() -> None:
    error = the_error(b"\xff\xfe{")

    assert error.raw == "\ufffd\ufffd{"


@pytest.mark.parametrize("event_time", ["1693427319838", 1693427319838])
def test_listen_key_expiry_is_a_stream_signal_whether_its_time_is_a_string_or_a_number(event_time: Any) -> None:
    raw = json.dumps({"e": "listenKeyExpired", "E": event_time, "listenKey": "KEY"})

    items = translate_user_message(raw, "XRPUSDT")

    assert items == [
        StreamStatus(state=StreamState.KEY_EXPIRED, at=utc("2023-08-30T20:28:39.838Z"), detail="listenKey expired")
    ]


def test_the_expired_listen_key_itself_is_not_repeated_in_the_signal() -> None:
    [status] = translate_user_message(fixture_text("ws_listen_key_expired_2023.json"), "XRPUSDT")

    assert "KEY" not in status.detail


def test_a_listen_key_expiry_without_a_time_is_recorded() -> None:
    assert the_error('{"e": "listenKeyExpired"}').message == "listenKeyExpired: E: Missing data for required field."


@pytest.mark.parametrize("event_type", ["GRID_UPDATE", "STRATEGY_UPDATE"])
def test_web_strategy_bookkeeping_events_are_ignored(event_type: str) -> None:
    assert translate_user_message(json.dumps({"e": event_type, "E": 1, "T": 1}), "ETHUSDC") == []


def test_a_subscription_reply_is_ignored() -> None:
    assert translate_user_message('{"result": null, "id": 1}', "ETHUSDC") == []


def test_a_combined_stream_envelope_is_unwrapped() -> None:
    [update] = translate_user_message(fixture_text("ws_algo_update_triggered.json"), "DOGEUSDT")

    assert update.order_key == "algo:1000000033225453"


def test_a_rejected_trigger_of_the_symbol_is_recorded_as_an_exchange_error() -> None:
    raw = json.dumps(
        {"e": "CONDITIONAL_ORDER_TRIGGER_REJECT", "E": 2, "T": 1, "or": {"s": "ETHUSDC", "i": 155, "r": "Reduce only"}},
    )

    assert the_error(raw).message == "conditional order 155 trigger rejected: Reduce only"


def test_a_rejected_trigger_of_another_symbol_yields_nothing() -> None:
    raw = json.dumps({"e": "CONDITIONAL_ORDER_TRIGGER_REJECT", "E": 2, "T": 1, "or": {"s": "BTCUSDT", "i": 1}})

    assert translate_user_message(raw, "ETHUSDC") == []


def test_a_bug_in_a_translator_is_recorded_and_does_not_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(message: Any, symbol: str) -> list[Any]:
        raise KeyError("surprise")

    monkeypatch.setitem(user_stream._HANDLERS, "TRADE_LITE", broken)
    raw = fixture_text("ws_trade_lite_limit_fill_2026.json")

    assert the_error(raw).message == "could not translate the frame (KeyError: 'surprise')"


def test_processing_goes_on_after_a_bad_frame() -> None:
    stream = ["not json", fixture_text("ws_order_trade_update_new_limit_2026.json")]

    results = [translate_user_message(raw, "ETHUSDC") for raw in stream]

    kinds = [[type(item).__name__ for item in items] for items in results]
    assert kinds == [["ExchangeErrorRecorded"], ["OrderPlaced"]]


@pytest.mark.parametrize("escape", ["\\ud800", "\\u0007"])
def test_text_no_store_could_hold_is_named_whether_or_not_the_fast_decoder_reads_it(escape: str) -> None:
    # msgspec refuses a lone surrogate escape outright; the json module reads it and the text check names the field
    text = fixture_text("ws_order_trade_update_new_limit_2026.json").replace('"c": "', f'"c": "{escape}', 1)

    error = the_error(text)

    assert error.message == "ORDER_TRADE_UPDATE: o.c: must not contain control characters or unpaired surrogates"
    assert error.raw == text
