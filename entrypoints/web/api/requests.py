"""Reading a request: a JSON object body or the query string, loaded through a marshmallow schema."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import Schema, ValidationError, fields
from quart import request

from domain.text import find_bad_text
from entrypoints.web.api.errors import ApiError, bad_input

# Python's own bound on converting digits to an int (sys.int_info.default_max_str_digits): longer is refused here, in
# words; shorter reaches the schemas, which name the field and its range
MAX_INT_DIGITS = 4300


async def json_body() -> dict[str, Any]:
    """The body as a JSON object; 415 unless it is declared JSON, 400 unless it parses to an object."""
    if request.mimetype != "application/json":
        raise ApiError(415, "the body must be JSON (Content-Type: application/json)")
    raw = await request.get_data(cache=True, as_text=False, parse_form_data=False)  # typed bytes only so
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant, parse_int=_bounded_int)
    except UnicodeDecodeError:
        raise ApiError(400, "the body is not UTF-8 text") from None
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, f"the body is not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    check_text(body)
    return body


def check_text(data: Any, prefix: str = "") -> None:
    """400 naming the first string (or key) of `data` that no store or log line may hold (domain.text)."""
    found = find_bad_text(data, prefix)
    if found is not None:
        field, problem = found
        raise ApiError(400, f"{field or 'body'}: {problem}", field or None)


def load(schema: Schema, data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Load `data`; a problem becomes a 400 naming the field (under `prefix`)."""
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as exc:
        raise bad_input(exc, prefix) from None
    return loaded


def query_args(schema: Schema) -> dict[str, Any]:
    """Load the query string; a List field takes every repetition of its parameter, others the first."""
    lists = {field.data_key or name for name, field in schema.fields.items() if isinstance(field, fields.List)}
    data = {key: request.args.getlist(key) if key in lists else request.args[key] for key in request.args}
    check_text(data)
    return load(schema, data)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a whole number has more than {MAX_INT_DIGITS} digits")
    return int(digits)
