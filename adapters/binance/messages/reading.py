"""How a message structure reads its wire types and checks its text once msgspec has built it (Message.__post_init__).

msgspec leaves each wire-typed field as the JSON value it found (wire.py); the checker runs the field's reader on it
and replaces it (the structure is frozen, so through msgspec's force_setattr), and checks every `str` field with
domain.text in one scan. A refusal is a ValueError naming the field by its wire name, which msgspec reports with the
path of the structure and base.describe words like the rest.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, NoReturn

import msgspec
from msgspec.structs import force_setattr

from adapters.binance.messages import wire
from domain.text import MAX_TEXT_LENGTH, text_problem

# How a checker names the field whose value it refused; msgspec adds the path of the structure
FIELD = "field `"


Checker = Callable[[Any], None]
CHECKERS: dict[type, Checker] = {}


def checker_of(kind: type[msgspec.Struct]) -> Checker:
    """The structure's reading and text check as one straight-line function, compiled once per structure as
    dataclasses compiles __init__: a loop over a field table costs as much again as the readers themselves (B1)."""
    plan = _plan(kind)
    names: dict[str, Any] = {
        "_set": force_setattr,
        "_refuse": _refuse,
        "_texts": _check_texts,
        "_MAX": MAX_TEXT_LENGTH,
        "_TEXTS": plan.texts,
    }
    lines = ["def check(self):"]
    for index, field in enumerate(plan.read):
        names[f"read{index}"], names[f"default{index}"] = field.reader, field.default
        lines += [f"    value = self.{field.name}"]
        if field.nullable:
            lines += [f"    if value is not default{index} and value is not None:"]
        else:
            lines += [f"    if value is not default{index}:"]
        if not field.nullable and not field.takes_none:
            lines += [f"        if value is None: _refuse({field.wire_name!r}, 'Field may not be null.')"]
        text_reader = wire.TEXT_READERS.get(field.reader)
        reading = f"read{index}(value)"
        if text_reader is not None:
            names[f"text{index}"] = text_reader
            reading = f"text{index}(value) if type(value) is str else {reading}"
        lines += [
            f"        try: _set(self, {field.name!r}, {reading})",
            f"        except ValueError as exc: _refuse({field.wire_name!r}, exc)",
        ]
    if plan.texts:
        # A `str | None` field joins as "" when None; no comprehension, whose frame costs more than the scan (B1)
        values = ", ".join(f"self.{name}" if kind is str else f"self.{name} or ''" for name, _, kind in plan.texts)
        lines += [
            f"    joined = ''.join(({values},))",
            "    if not (joined.isascii() and joined.isprintable() and len(joined) <= _MAX):",
            "        _texts(self, _TEXTS)",
        ]
    lines += ["    return None"]
    exec("\n".join(lines), names)  # noqa: S102 - source built above from the structure's own field names
    checker: Checker = names["check"]
    return checker


def _refuse(wire_name: str, problem: object) -> NoReturn:
    raise ValueError(f"{FIELD}{wire_name}`: {problem}") from None


@dataclass(frozen=True)
class _Read:
    name: str
    wire_name: str
    reader: wire.Reader
    default: Any
    nullable: bool
    takes_none: bool


@dataclass(frozen=True)
class _Plan:
    read: tuple[_Read, ...]
    texts: tuple[tuple[str, str, Any], ...]


@cache
def _plan(kind: type[msgspec.Struct]) -> _Plan:
    read, texts = [], []
    for field in msgspec.structs.fields(kind):
        reader, nullable = _reader_of(field.type)
        if reader is not None:
            # `X | None` keeps a None; a blank or unset type's reader takes it and answers None
            read.append(
                _Read(field.name, field.encode_name, reader, field.default, nullable, reader in wire.TAKES_NONE)
            )
        elif field.type in (str, str | None):
            texts.append((field.name, field.encode_name, field.type))
    return _Plan(tuple(read), tuple(texts))


def _reader_of(annotation: Any) -> tuple[wire.Reader | None, bool]:
    """The reader of a wire type, and whether None is allowed (`Amount | None`)."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, type(int | None)):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(members) < len(typing.get_args(annotation))
        annotation = members[0] if len(members) == 1 else annotation
    if typing.get_origin(annotation) is typing.Annotated:
        readers = [m for m in annotation.__metadata__ if callable(m)]
        return (readers[0] if readers else None), nullable
    return None, nullable


def _check_texts(message: msgspec.Struct, texts: tuple[tuple[str, str, Any], ...]) -> None:
    values = [getattr(message, name) for name, _, _ in texts]
    # One scan over all the text of the object: printable ASCII, the usual case, needs nothing more
    joined = "".join(value for value in values if value is not None)
    if joined.isascii() and joined.isprintable() and len(joined) <= MAX_TEXT_LENGTH:
        return
    for (_, wire_name, _), value in zip(texts, values, strict=True):
        problem = text_problem(value) if value is not None else None
        if problem is not None:
            _refuse(wire_name, problem)
