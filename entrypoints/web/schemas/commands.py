"""POST/GET /api/commands: one request schema per command type the web may issue, and the command record."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from config.settings import MAX_KEY_DEPTH, SECTIONS
from domain.commands import (
    COMMAND_TYPES,
    ActorKind,
    CommandPayload,
    CommandRecord,
    CommandStatus,
    UpdateConfig,
    encode_command_payload,
)
from domain.decisions import DECISION_KEY_PREFIX
from domain.transfers import TransferDirection, transfer_refusal
from entrypoints.web.schemas.common import ScopeSchema, StrictSchema, limit_field, offset_field
from entrypoints.web.schemas.fields import UtcDateTime

MAX_LEVERAGE = 125
# How long a web command waits for the bot before it expires unexecuted (ADR 0050), and the bounds a request may ask
DEFAULT_EXPIRES_IN_SEC = 300
MIN_EXPIRES_IN_SEC, MAX_EXPIRES_IN_SEC = 10, 3600
_SETTING_KEY = rf"^({'|'.join(SECTIONS)})(\.[A-Za-z0-9_]{{1,64}}){{0,{MAX_KEY_DEPTH}}}$"
_TOKEN = validate.Regexp(r"^[\x21-\x7e]{1,128}$", error="must be 1-128 printable ASCII characters without spaces")


def _not_a_decision_key(value: str) -> None:
    # A key the strategy's decisions use would make its kline fail as a collision (ADR 0047)
    if value.startswith(DECISION_KEY_PREFIX):
        raise ValidationError(f"must not start with {DECISION_KEY_PREFIX} (reserved for the strategy's decisions)")


# Binance's client order id alphabet and length
_CLIENT_ORDER_ID = validate.Regexp(r"^[.A-Z:/a-z0-9_-]{1,36}$", error="must be 1-36 of A-Z a-z 0-9 . : / _ -")


class PauseEnginePayload(StrictSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=200, error="must be at most 200 characters"))


class ResumeEnginePayload(StrictSchema):
    pass


class CancelAllPayload(StrictSchema):
    pass


class ClosePositionPayload(StrictSchema):
    pass


class SetLeveragePayload(StrictSchema):
    leverage = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_LEVERAGE, error=f"must be a whole number from 1 to {MAX_LEVERAGE}"),
    )


class CancelOrderPayload(StrictSchema):
    client_order_id = fields.String(required=True, validate=_CLIENT_ORDER_ID)
    conditional = fields.Boolean(load_default=False, metadata={"description": "True for a stop or take-profit (algo)"})


class AmountText(fields.Field[Decimal]):
    """A money amount as a JSON string ("250.5"), read exactly: a JSON number may already have lost digits."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if not isinstance(value, str):
            raise ValidationError('must be a decimal number written as a string, like "250.5"')
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValidationError('must be a decimal number written as a string, like "250.5"') from None


class TransferPayload(StrictSchema):
    direction = fields.Enum(
        TransferDirection,
        by_value=True,
        required=True,
        metadata={"description": "TO_FUTURES (spot → USDⓈ-M futures) or TO_SPOT (futures → spot)"},
    )
    asset = fields.String(required=True, metadata={"description": "The asset to move, like USDT"})
    amount = AmountText(required=True, metadata={"description": 'How much, as a decimal string ("250.5")'})

    @validates_schema
    def _transferable(self, data: dict[str, Any], **kwargs: Any) -> None:
        refusal = transfer_refusal(data.get("asset", ""), data.get("amount", Decimal(1)))
        if refusal is not None:
            name, _, why = refusal.partition(": ")
            raise ValidationError(why, name)


class UpdateConfigPayload(StrictSchema):
    key = fields.String(
        required=True,
        validate=validate.Regexp(
            _SETTING_KEY,
            error="must be a settings section or a dotted key in one, like risk.daily_loss_limit",
        ),
        metadata={"description": "A settings section (risk) or a dotted key in it (risk.daily_loss_limit)"},
    )
    value = fields.Raw(required=True, metadata={"description": "The new JSON value, validated like PUT /api/config"})
    expected_version = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=0))


# Command types the web may issue, with the schema of their payload (PlaceOrder is the strategy's alone)
PAYLOAD_SCHEMAS: dict[str, type[StrictSchema]] = {
    "PauseEngine": PauseEnginePayload,
    "ResumeEngine": ResumeEnginePayload,
    "CancelAll": CancelAllPayload,
    "ClosePosition": ClosePositionPayload,
    "SetLeverage": SetLeveragePayload,
    "UpdateConfig": UpdateConfigPayload,
    "CancelOrder": CancelOrderPayload,
    "Transfer": TransferPayload,
}
WEB_COMMAND_TYPES = tuple(PAYLOAD_SCHEMAS)


def _request_schema(type_name: str, payload: type[StrictSchema]) -> type[StrictSchema]:
    has_required = any(field.required for field in payload().fields.values())
    # An omitted payload of a type with no required field loads as {} through its schema (defaults filled in)
    optional = fields.Nested(payload, load_default=lambda: payload().load({}))
    payload_field = fields.Nested(payload, required=True) if has_required else optional
    # from_dict subclasses the class it is called on; marshmallow declares it as returning any Schema class
    return cast(
        "type[StrictSchema]",
        StrictSchema.from_dict(
            {
                "type": fields.String(required=True, validate=validate.OneOf([type_name])),
                "payload": payload_field,
                "idempotency_key": fields.String(
                    load_default=None,
                    validate=[_TOKEN, _not_a_decision_key],
                    metadata={"description": "Repeating a key returns the command it created; generated when absent"},
                ),
                "correlation_id": fields.String(load_default=None, validate=_TOKEN),
                "expires_in_sec": fields.Integer(
                    load_default=DEFAULT_EXPIRES_IN_SEC,
                    strict=True,
                    validate=validate.Range(
                        min=MIN_EXPIRES_IN_SEC,
                        max=MAX_EXPIRES_IN_SEC,
                        error=f"must be a whole number of seconds from {MIN_EXPIRES_IN_SEC} to {MAX_EXPIRES_IN_SEC}",
                    ),
                    metadata={
                        "description": "Seconds the command may wait for the bot; claimed later, it is EXPIRED "
                        "and never executed"
                    },
                ),
            },
            name=f"{type_name}Command",
        ),
    )


REQUEST_SCHEMAS: dict[str, type[StrictSchema]] = {
    name: _request_schema(name, payload) for name, payload in PAYLOAD_SCHEMAS.items()
}


def to_payload(type_name: str, loaded: dict[str, Any], value_json: str | None = None) -> CommandPayload:
    """The domain payload of a loaded request; UpdateConfig takes its value as canonical JSON text."""
    if type_name == "UpdateConfig":
        return UpdateConfig(loaded["key"], value_json or "null", loaded["expected_version"])
    # The other payload schemas name their fields as the payload classes do
    return COMMAND_TYPES[type_name](**loaded)


class CommandListArgs(StrictSchema):
    status = fields.Enum(CommandStatus, by_value=True, load_default=None, metadata={"description": "Only this status"})
    limit = limit_field(50, 500)
    offset = offset_field()


class ActorSchema(Schema):
    kind = fields.Enum(ActorKind, by_value=True, required=True)
    id = fields.String(required=True)


class CommandSchema(Schema):
    command_id = fields.String(required=True)
    idempotency_key = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(sorted(COMMAND_TYPES)))
    status = fields.Enum(CommandStatus, by_value=True, required=True)
    priority = fields.Integer(required=True, metadata={"description": "Lower runs first; the web uses 50"})
    actor = fields.Nested(ActorSchema, required=True)
    scope = fields.Nested(ScopeSchema, required=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    expires_at = UtcDateTime(
        required=True,
        allow_none=True,
        metadata={"description": "Claimed by the bot at or after this, the command is EXPIRED; null: never expires"},
    )
    correlation_id = fields.String(required=True)
    payload = fields.Dict(keys=fields.String(), required=True)
    result = fields.Dict(keys=fields.String(), required=True, allow_none=True)
    error = fields.String(required=True, allow_none=True)


class CommandPageSchema(Schema):
    commands = fields.List(fields.Nested(CommandSchema), required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)


def command_view(record: CommandRecord) -> dict[str, Any]:
    """The attributes CommandSchema dumps, from a stored command."""
    command = record.command
    return {
        "command_id": command.command_id,
        "idempotency_key": command.idempotency_key,
        "type": command.type,
        "status": record.status,
        "priority": command.priority,
        "actor": command.actor,
        "scope": command.scope,
        "created_at": command.created_at,
        "updated_at": record.updated_at,
        "expires_at": command.expires_at,
        "correlation_id": command.correlation_id,
        "payload": encode_command_payload(command.payload),
        "result": record.result,
        "error": record.error,
    }
