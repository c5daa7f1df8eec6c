"""The base of every Binance message structure and its loaders: JSON text or already parsed objects in, a frozen typed
structure out, every error a MalformedPayload naming the payload and the field by its wire name."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

import msgspec

from adapters.binance.messages.errors import MalformedPayload
from adapters.binance.messages.reading import CHECKERS, FIELD, checker_of

M = TypeVar("M", bound="Message")


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """One Binance object. Binance adds fields without notice: extra keys are ignored, missing required ones are
    errors; every `str` field holds text the engine may store and log (domain.text), every wire type (wire.py) is
    read by its reader once msgspec has built the structure."""

    def __post_init__(self) -> None:
        checker = CHECKERS.get(type(self))
        if checker is None:
            checker = CHECKERS[type(self)] = checker_of(type(self))
        checker(self)


def load(kind: type[M], data: Any, payload: str) -> M:
    """One already parsed JSON object, or array for an array-like structure (Python floats refused: they may already
    have lost digits; Decimals accepted as exact)."""
    if not isinstance(data, list if kind.__struct_config__.array_like else Mapping):
        wanted = "array" if kind.__struct_config__.array_like else "object"
        raise MalformedPayload(f"{payload}: expected a JSON {wanted}, got {_kind(data)}")
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        raise MalformedPayload(describe(payload, exc)) from None


def load_list(kind: type[M], data: Any, payload: str) -> list[M]:
    """An already parsed JSON array of objects; a bad row is named by its index."""
    if not isinstance(data, list):
        raise MalformedPayload(f"{payload}: expected a JSON array, got {_kind(data)}")
    return [load(kind, row, f"{payload}[{index}]") for index, row in enumerate(data)]


Body = Mapping[str, Any] | str | bytes | msgspec.Raw


def read(kind: type[M], body: Body, payload: str) -> M:
    """`body` as parsed objects (load) or as JSON text (decode)."""
    # Text first: a frame from the socket is text, and a str is told apart faster than a Mapping (an ABC)
    if type(body) is str:
        return decode(kind, body, payload)
    return load(kind, body, payload) if isinstance(body, Mapping) else decode(kind, body, payload)


def decode(kind: type[M], text: str | bytes | msgspec.Raw, payload: str) -> M:
    """One JSON object straight from its text; a JSON number in a decimal field is read from its digits.

    Text msgspec cannot parse raises msgspec.DecodeError: the caller reads it again with the json module, whose
    errors it words, and which reads a lone surrogate escape that msgspec refuses."""
    try:
        message: M = _decoder(kind).decode(text)
    except msgspec.ValidationError as exc:
        raise MalformedPayload(describe(payload, exc)) from None
    return message


@cache
def _decoder(kind: type[M]) -> msgspec.json.Decoder[M]:
    return msgspec.json.Decoder(kind, float_hook=Decimal)


_AT = re.compile(r"^(?P<problem>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED = re.compile(rf"^{FIELD}(?P<name>[^`]*)`: (?P<problem>.*)$", re.DOTALL)
_MISSING = re.compile(r"^Object missing required field `(?P<name>[^`]*)`$")
_SHORTER = re.compile(r"^Expected `array` of length >= (?P<least>\d+)$")
_EXPECTED = re.compile(r"^Expected `(?P<wanted>[^`]*)`, got `(?P<got>[^`]*)`$")
_MARSHMALLOW_WORDS = {
    "str": "Not a valid string.",
    "bool": "Not a valid boolean.",
    "array": "Not a valid list.",
    "object": "Invalid input type.",
}


def describe(payload: str, error: msgspec.ValidationError) -> str:
    """msgspec's "… - at `$.o.B[1]`" in marshmallow's words, as "payload: o.B.1: …"."""
    found = _AT.match(str(error))
    problem, path = (found["problem"], found["path"] or "") if found is not None else (str(error), "")
    missing, named = _MISSING.match(problem), _NAMED.match(problem)
    if named is not None:
        path, problem = f"{path}.{named['name']}", named["problem"]
    elif missing is not None:
        path, problem = f"{path}.{missing['name']}", "Missing data for required field."
    else:
        problem = _worded(problem, at_root=not path)
    dotted = re.sub(r"\[(\d+)\]", r".\1", path).lstrip(".")
    return f"{payload}: {dotted}: {problem}" if dotted else f"{payload}: {problem}"


def _worded(problem: str, *, at_root: bool) -> str:
    shorter = _SHORTER.match(problem)
    if shorter is not None:
        return f"Shorter than minimum length {shorter['least']}."
    expected = _EXPECTED.match(problem)
    if expected is None:
        return problem
    wanted, got = expected["wanted"].removesuffix(" | null"), expected["got"]
    if at_root and wanted in ("object", "array"):
        return f"expected a JSON {wanted}, got {_ARTICLED.get(got, got)}"
    if got == "null":
        return "Field may not be null."
    return _MARSHMALLOW_WORDS.get(wanted, f"expected {wanted}, got {got}")


_ARTICLED = {"object": "an object", "array": "an array", "str": "a string"}


_KINDS: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}


def _kind(data: Any) -> str:
    return _KINDS.get(type(data), type(data).__name__)
