"""The settings form's fields, generated from the settings schema: what each input is, its choices and bounds.

The form only helps: the server validates every save with the same schema and names the field it refuses.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from config.numbers import BoundedDecimal
from config.settings import SECTIONS, section_fields


def settings_forms() -> dict[str, list[dict[str, Any]]]:
    """Every section's inputs in order: {name, kind (choice, integer, decimal, text, params), required, ...}."""
    return {key: [_input(name, field) for name, field in section_fields(key).items()] for key in SECTIONS}


def _input(name: str, field: fields.Field[Any]) -> dict[str, Any]:
    described: dict[str, Any] = {"name": name, "required": bool(field.required)}
    validators = list(field.validators)
    if isinstance(field, fields.Dict):
        return {**described, "kind": "params"}
    if isinstance(field, BoundedDecimal):
        low = "greater than" if field.above else "at least"
        hint = f"a decimal {low} {field.minimum} and at most {field.maximum}"
        return {**described, "kind": "decimal", "min": str(field.minimum), "max": str(field.maximum), "hint": hint}
    if isinstance(field, fields.Integer):
        ranges = [v for v in validators if isinstance(v, validate.Range)]
        bounds = {"min": ranges[0].min, "max": ranges[0].max} if ranges else {}
        return {**described, "kind": "integer", **bounds, "hint": ranges[0].error if ranges else "a whole number"}
    choices = [v for v in validators if isinstance(v, validate.OneOf)]
    if choices:
        return {**described, "kind": "choice", "choices": [str(choice) for choice in choices[0].choices]}
    patterns = [v for v in validators if isinstance(v, validate.Regexp)]
    hint = patterns[0].error if patterns else "text"
    return {**described, "kind": "text", "pattern": patterns[0].regex.pattern if patterns else None, "hint": hint}
