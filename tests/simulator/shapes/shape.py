"""A payload's shape: its keys, recursively, and the JSON type at each leaf; and the differences between two shapes."""

from __future__ import annotations

from typing import Any


def differences(actual: Any, expected: Any, types: Any = None, at: str = "$") -> list[str]:
    """Where `actual` differs from `expected` in keys (recursively; arrays by their first element) or from `types`
    (default `expected`) in the JSON type of a shared leaf. An empty list means the same shape."""
    types = expected if types is None else types
    if isinstance(expected, dict) and isinstance(actual, dict):
        return _object_differences(actual, expected, types if isinstance(types, dict) else expected, at)
    if isinstance(expected, list) and isinstance(actual, list):
        if not expected or not actual:
            return []
        reference = types[0] if isinstance(types, list) and types else expected[0]
        return differences(actual[0], expected[0], reference, f"{at}[0]")
    if json_type(actual) != json_type(types):
        return [f"{at}: {json_type(actual)} {actual!r}, the fixture has {json_type(types)} {types!r}"]
    return []


def unexplained(found: list[str], explained: dict[str, str]) -> tuple[list[str], list[str]]:
    """The differences no explanation covers, and the explanations no difference needs any more (stale)."""
    paths = {difference.split(":")[0] for difference in found}
    return [d for d in found if d.split(":")[0] not in explained], sorted(set(explained) - paths)


def _object_differences(actual: dict[str, Any], expected: dict[str, Any], types: dict[str, Any], at: str) -> list[str]:
    found = [f"{at}.{key}: missing" for key in sorted(set(expected) - set(actual))]
    found += [f"{at}.{key}: not in the fixture" for key in sorted(set(actual) - set(expected))]
    for key in sorted(set(actual) & set(expected)):
        found += differences(actual[key], expected[key], types.get(key, expected[key]), f"{at}.{key}")
    return found


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"
