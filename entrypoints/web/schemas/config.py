"""GET|PUT /api/config/{key}: a versioned settings section, the update request, the list of all sections."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from entrypoints.web.schemas.common import StrictSchema
from entrypoints.web.schemas.fields import UtcDateTime


class ConfigEntrySchema(Schema):
    key = fields.String(required=True)
    value = fields.Raw(required=True, metadata={"description": "The section as stored (Decimals as strings)"})
    version = fields.Integer(required=True, metadata={"description": "0 while the section still has its default"})
    updated_at = UtcDateTime(required=True, allow_none=True)
    updated_by = fields.String(required=True, allow_none=True)


class RunningSettingsSchema(Schema):
    """What the bot runs when it differs from the store (ADR 0044); part of the dashboard and the config list."""

    pending_restart = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Stored trading settings the bot takes at its next start, pending until then"},
    )
    settings_refused = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Stored settings the bot refused, and the version it runs on instead"},
    )


class ConfigListSchema(RunningSettingsSchema):
    entries = fields.List(fields.Nested(ConfigEntrySchema), required=True)


class ConfigUpdateSchema(StrictSchema):
    value = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": "The whole section as an object, validated by its settings schema"},
    )
    expected_version = fields.Integer(
        strict=True,
        load_default=None,
        validate=validate.Range(min=0, error="must be a version number >= 0"),
        metadata={"description": "The version read before editing; a different stored version gives 409"},
    )
