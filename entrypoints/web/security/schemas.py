"""Marshmallow schemas of the auth routes (request validation, and the OpenAPI document)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from entrypoints.web.security.passwords import MAX_LENGTH


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
