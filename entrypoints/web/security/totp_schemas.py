"""Marshmallow schemas of the second-factor routes (request validation, and the OpenAPI document)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from entrypoints.web.security.passwords import MAX_LENGTH

# A TOTP code is six digits, a recovery code 19 characters; room for spaces, never a paragraph
MAX_CODE = 64


class CodeRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    code = fields.String(required=True, validate=validate.Length(min=1, max=MAX_CODE))


class LoginCodeRequestSchema(CodeRequestSchema):
    challenge = fields.String(required=True, validate=validate.Length(min=1, max=2048))


class ConfirmRequestSchema(Schema):
    """A code when the user has TOTP, else the password."""

    class Meta:
        unknown = RAISE

    code = fields.String(validate=validate.Length(min=1, max=MAX_CODE))
    password = fields.String(validate=validate.Length(min=1, max=MAX_LENGTH))


class TotpStatusSchema(Schema):
    enabled = fields.Boolean(required=True)
    pending = fields.Boolean(required=True, metadata={"description": "enrolled, waiting for a first code"})
    required = fields.Boolean(required=True, metadata={"description": "this user must have one to do anything"})
    recovery_codes_left = fields.Integer(required=True)


class EnrolmentSchema(Schema):
    uri = fields.String(required=True, metadata={"description": "otpauth:// URI for the authenticator app, shown once"})
    secret = fields.String(required=True, metadata={"description": "the same secret, to type in by hand"})
    recovery_codes = fields.List(fields.String(), required=True, metadata={"description": "each works once"})


class ConfirmedSchema(Schema):
    confirmed_by = fields.String(required=True, metadata={"description": "totp, recovery or password"})
    until = fields.String(required=True, metadata={"description": "ISO-8601 UTC: dangerous actions allowed till"})
