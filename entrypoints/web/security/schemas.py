"""Marshmallow schemas of the auth routes (request validation, and the OpenAPI document)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from entrypoints.web.schemas.fields import UtcDateTime
from entrypoints.web.security.api_keys import MAX_EXPIRY_DAYS, MAX_LABEL_LENGTH
from entrypoints.web.security.passwords import MAX_LENGTH
from ports.user_store import Role


class LoginRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))


class LoginResponseSchema(Schema):
    user = fields.String(required=True)
    token = fields.String(required=True, metadata={"description": "send as 'Authorization: Bearer <token>'"})
    token_type = fields.String(required=True, metadata={"description": "always Bearer"})
    expires_at = fields.String(required=True, metadata={"description": "ISO-8601 UTC"})
    csrf_token = fields.String(required=True, metadata={"description": "echo in X-CSRF-Token with the cookie"})
    refresh_token = fields.String(
        required=True,
        metadata={"description": "send once to /api/auth/refresh for a new pair (also set as an HttpOnly cookie)"},
    )
    session_expires_at = fields.String(
        required=True, metadata={"description": "ISO-8601 UTC: the login ends then at the latest, refreshed or not"}
    )


class RefreshRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    refresh_token = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "the refresh token from the login body; browsers send the cookie instead"},
    )


class PasswordChangeSchema(Schema):
    class Meta:
        unknown = RAISE

    current_password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))


class LogoutAllResponseSchema(Schema):
    status = fields.String(required=True)
    ended = fields.Integer(required=True, metadata={"description": "how many sessions were ended"})


class LogoutResponseSchema(Schema):
    status = fields.String(required=True)


class ApiKeySchema(Schema):
    """One API key as listed (never its secret)."""

    key_id = fields.String(required=True, metadata={"description": "the public part, ae_<key_id>_…"})
    user = fields.String(required=True, attribute="user_name")
    label = fields.String(required=True)
    role = fields.String(required=True, metadata={"description": "its scope: it acts with at most this role"})
    status = fields.String(required=True, metadata={"description": "active, expired or revoked"})
    created_at = UtcDateTime(required=True)
    expires_at = UtcDateTime(required=True, allow_none=True)
    last_used_at = UtcDateTime(required=True, allow_none=True, metadata={"description": "recorded once a minute"})
    last_used_from = fields.String(required=True, allow_none=True, metadata={"description": "the client address"})
    revoked_at = UtcDateTime(required=True, allow_none=True)


class ApiKeyListSchema(Schema):
    keys = fields.List(fields.Nested(ApiKeySchema), required=True)


class NewApiKeyRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    label = fields.String(load_default="", validate=validate.Length(max=MAX_LABEL_LENGTH))
    role = fields.String(
        load_default=None,
        validate=validate.OneOf([role.value for role in Role]),
        metadata={"description": "the key's scope, at most your role (default: your role)"},
    )
    expires_in_days = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=MAX_EXPIRY_DAYS),
        metadata={"description": "days until the key stops working (default: never)"},
    )


class NewApiKeySchema(ApiKeySchema):
    key = fields.String(required=True, metadata={"description": "send as the X-API-Key header; shown only now"})
