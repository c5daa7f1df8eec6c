"""Schemas used across areas: the error body, an event or command scope, and paging arguments."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from domain.values import Mode

MAX_OFFSET = 1_000_000


class StrictSchema(Schema):
    """Request schemas refuse unknown keys, so a typo is a 400 naming it rather than silently ignored."""

    class Meta:
        unknown = RAISE


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": "What is wrong, in one sentence"})
    field = fields.String(metadata={"description": "The input field at fault, when one is"})


class ConflictSchema(ErrorSchema):
    expected_version = fields.Integer(required=True)
    current_version = fields.Integer(required=True)


class ScopeSchema(Schema):
    exchange = fields.String(required=True)
    venue = fields.String(required=True)
    account_id = fields.String(required=True)
    symbol = fields.String(required=True)
    mode = fields.Enum(Mode, by_value=True, required=True)


def limit_field(default: int, maximum: int) -> fields.Integer:
    return fields.Integer(
        load_default=default,
        validate=validate.Range(min=1, max=maximum, error=f"must be between 1 and {maximum}"),
        metadata={"description": "How many items to return at most"},
    )


def offset_field(description: str = "How many matching items to skip (newest first)") -> fields.Integer:
    return fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=MAX_OFFSET, error=f"must be between 0 and {MAX_OFFSET}"),
        metadata={"description": description},
    )
