"""The OpenAPI operations of the auth routes, which the security package registers without declaring them."""

from __future__ import annotations

from entrypoints.web.openapi.operation import Operation, Reply
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.schemas import LoginRequestSchema, LoginResponseSchema, LogoutResponseSchema

AUTH_OPERATIONS = {
    "auth.login": Operation(
        summary="Log in: a JWT in an HttpOnly cookie for the browser and in the body for API clients",
        tag="auth",
        responses={
            200: Reply("Logged in", LoginResponseSchema),
            401: Reply("Invalid username or password", ErrorSchema),
            429: Reply("Too many attempts; see Retry-After", ErrorSchema),
        },
        body=LoginRequestSchema,
    ),
    "auth.logout": Operation(
        summary="Log out: the session's token is revoked",
        tag="auth",
        responses={
            200: Reply("Logged out", LogoutResponseSchema),
            400: Reply("An API key has no session", ErrorSchema),
        },
    ),
}
