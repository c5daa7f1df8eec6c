"""The user-data stream's one entry point: a raw frame → domain payloads and stream signals; never raises.

Every problem — invalid JSON, a missing field, an unknown event type, a value the domain cannot hold, a rejected
trigger — becomes ExchangeErrorRecorded(operation "user_stream", code None, message, raw frame); the stream goes on.
GRID_UPDATE and STRATEGY_UPDATE (web-UI strategy bookkeeping) are ignored: the orders and fills of those strategies
arrive as ORDER_TRADE_UPDATE anyway. Subscription replies ({"result": …, "id": …}) are ignored too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgspec

from adapters.binance.messages.base import Body, read
from adapters.binance.messages.errors import BinancePayloadError, MalformedPayload
from adapters.binance.messages.frame import FrameHead, frame_head
from adapters.binance.messages.listen_key_expired import ListenKeyExpired
from adapters.binance.messages.trigger_reject import TriggerReject
from adapters.binance.translate.account_update import (
    translate_account_config_update,
    translate_account_update,
    translate_margin_call,
)
from adapters.binance.translate.algo_update import translate_algo_update
from adapters.binance.translate.errors import UnsupportedValue
from adapters.binance.translate.frames import decode_frame
from adapters.binance.translate.order_update import translate_order_trade_update, translate_trade_lite
from adapters.binance.translate.problems import StreamProblem
from domain.events import EventPayload, ExchangeErrorRecorded
from domain.text import shown, unstorable
from ports.exchange import StreamState, StreamStatus

USER_STREAM = "user_stream"
IGNORED_EVENTS = frozenset({"GRID_UPDATE", "STRATEGY_UPDATE"})

UserStreamItem = EventPayload | StreamStatus
_Item = UserStreamItem | StreamProblem
Handler = Callable[[Body, str], Sequence[_Item]]


def translate_user_message(raw: str | bytes, symbol: str) -> list[UserStreamItem]:
    """Translate one frame for `symbol`; other symbols' data yields nothing (a margin call, about the whole account,
    excepted), problems yield ExchangeErrorRecorded."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    try:
        # The frame's text goes straight into the typed structures
        return _guarded(lambda: _from_text(raw, symbol), lambda: text)
    except msgspec.MsgspecError:
        # Not a JSON object to msgspec: the json module reads it again and words the problem (or reads the lone
        # surrogate escape msgspec refuses, which the text check then names)
        return _guarded(lambda: _translate(decode_frame(text), symbol), lambda: text)


def translate_user_object(message: Mapping[str, Any], symbol: str) -> list[UserStreamItem]:
    """Like translate_user_message for a frame already decoded to JSON types (the in-process simulator's, ADR 0055);
    a problem's raw text is the frame dumped as JSON."""
    return _guarded(lambda: _translate(message, symbol), lambda: json.dumps(message, default=str))


def _guarded(items_of: Callable[[], Sequence[_Item]], raw: Callable[[], str]) -> list[UserStreamItem]:
    try:
        items = items_of()
    except msgspec.MsgspecError:
        raise
    except BinancePayloadError as exc:
        return [unreadable(str(exc), raw())]
    except Exception as exc:  # noqa: BLE001 - a bug on one odd frame must not stop the stream (issue 4)
        return [unreadable(f"could not translate the frame ({type(exc).__name__}: {exc})", raw())]
    return [unreadable(item.message, raw()) if isinstance(item, StreamProblem) else item for item in items]


def unreadable(message: str, raw: str) -> ExchangeErrorRecorded:
    # A frame handed over as text with a lone surrogate in it would make even this record unstorable
    return ExchangeErrorRecorded(
        operation=USER_STREAM, code=None, message=shown(message), raw=shown(raw) if unstorable(raw) else raw
    )


def _from_text(raw: str | bytes, symbol: str) -> Sequence[_Item]:
    head = frame_head(raw)
    body: str | bytes | msgspec.Raw = raw
    if head.is_envelope and head.data is not None:
        body = head.data
        head = frame_head(body)
    return _dispatch(head, body, symbol)


def _translate(message: Mapping[str, Any], symbol: str) -> Sequence[_Item]:
    head = FrameHead(
        e=message.get("e"), result=message.get("result", msgspec.UNSET), id=message.get("id", msgspec.UNSET)
    )
    return _dispatch(head, message, symbol)


def _dispatch(head: FrameHead, body: Body, symbol: str) -> Sequence[_Item]:
    event_type = head.e
    if head.is_reply:
        return []
    if not isinstance(event_type, str):
        raise MalformedPayload(f"user-data frame: no event type `e` (got {event_type!r})")
    if event_type in IGNORED_EVENTS:
        return []
    handler = _HANDLERS.get(event_type)
    if handler is None:
        raise UnsupportedValue(f"unknown user-data event type {event_type!r}")
    return handler(body, symbol)


def _listen_key_expired(message: Body, symbol: str) -> list[StreamStatus]:
    # The key itself is left out of the detail: it grants read access to the account's stream
    frame = read(ListenKeyExpired, message, "listenKeyExpired")
    return [StreamStatus(state=StreamState.KEY_EXPIRED, at=frame.event_time, detail="listenKey expired")]


def _trigger_rejected(message: Body, symbol: str) -> list[StreamProblem]:
    reject = read(TriggerReject, message, "CONDITIONAL_ORDER_TRIGGER_REJECT").reject
    if reject.symbol != symbol:
        return []
    return [StreamProblem(f"conditional order {reject.order_id} trigger rejected: {reject.reason}")]


_HANDLERS: dict[str, Handler] = {
    "ORDER_TRADE_UPDATE": translate_order_trade_update,
    "TRADE_LITE": translate_trade_lite,
    "ACCOUNT_UPDATE": translate_account_update,
    "ALGO_UPDATE": translate_algo_update,
    "ACCOUNT_CONFIG_UPDATE": translate_account_config_update,
    "MARGIN_CALL": translate_margin_call,
    "CONDITIONAL_ORDER_TRIGGER_REJECT": _trigger_rejected,
    "listenKeyExpired": _listen_key_expired,
}
