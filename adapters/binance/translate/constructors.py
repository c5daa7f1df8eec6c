"""A cheaper constructor for the frozen domain facts the user-data stream builds on every fill (B1).

A frozen dataclass's __init__ sets each field through object.__setattr__, a global lookup and a call per field: for
OrderUpdated's seventeen fields that is most of the cost of translating a fill. `constructor(kind)` compiles, once
per class, a function with the same signature that writes the same fields into the instance's __dict__ in the same
order and then runs __post_init__ when the class has one, so the instance is the one the class builds: equal, same
repr, same hash, same pickled state; a missing or unexpected argument is a TypeError as well. A class it cannot
prove that for (slots, an init-only variable, a field outside __init__, a default factory) gets its own __init__ back.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


_CONSTRUCTORS: dict[type, Callable[..., Any]] = {}


def constructor(kind: type[T]) -> Callable[..., T]:
    """`kind(**fields)` for a frozen dataclass, without a call per field."""
    built = _CONSTRUCTORS.get(kind)
    if built is None:
        built = _CONSTRUCTORS[kind] = _compiled(kind)
    return built


def _compiled(kind: type[T]) -> Callable[..., T]:
    if not dataclasses.is_dataclass(kind) or "__slots__" in vars(kind):
        return kind
    fields = dataclasses.fields(kind)
    # The class's own __init__ takes exactly the fields (an init-only variable would be one more parameter)
    taken = list(inspect.signature(kind.__init__).parameters)[1:]
    if taken != [f.name for f in fields] or any(
        not f.init or f.default_factory is not dataclasses.MISSING for f in fields
    ):
        return kind
    names: dict[str, Any] = {"_new": object.__new__, "_kind": kind}
    params = []
    for index, field in enumerate(fields):
        if field.default is dataclasses.MISSING:
            params.append(field.name)
        else:
            names[f"_default{index}"] = field.default
            params.append(f"{field.name}=_default{index}")
    # Keyword-only: a caller names every field, so no two fields of one type can trade places unseen
    lines = [f"def build(*, {', '.join(params)}):", "    self = _new(_kind)", "    d = self.__dict__"]
    lines += [f"    d[{f.name!r}] = {f.name}" for f in fields]
    if hasattr(kind, "__post_init__"):
        lines += ["    self.__post_init__()"]
    lines += ["    return self"]
    exec("\n".join(lines), names)  # noqa: S102 - source built above from the dataclass's own field names
    build: Callable[..., T] = names["build"]
    return build
