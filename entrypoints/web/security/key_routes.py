"""GET|POST /api/keys and DELETE /api/keys/<key_id>: list, create (for oneself, shown once) and revoke API keys.

An admin sees and revokes every key; any other user only its own. Until routes declare their role (issue 15's
`requires`), these views check the principal's role themselves.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime
from functools import partial
from typing import Any

from quart import Blueprint, Response, jsonify

from entrypoints.web.api.errors import ApiError, api_error
from entrypoints.web.api.requests import json_body, load
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.api_keys import KeyRefused, expiry_in_days, key_label, key_scope, new_api_key
from entrypoints.web.security.dangerous import needs_step_up
from entrypoints.web.security.principal import Principal, Via, current_principal
from entrypoints.web.security.public import requires
from entrypoints.web.security.replies import error_reply
from entrypoints.web.security.schemas import ApiKeyListSchema, ApiKeySchema, NewApiKeyRequestSchema, NewApiKeySchema
from entrypoints.web.security.state import Security
from ports.user_store import ApiKey, Role

log = logging.getLogger("alphaengine.web.auth")
_KEY_ID = {"key_id": {"type": "string", "pattern": "^[a-z0-9]{4,32}$"}}
_LIST_REPLIES = {200: Reply("Every key for an admin, else the caller's own", ApiKeyListSchema)}
_CREATE_REPLIES = {
    201: Reply("The new key: its text is shown only in this reply", NewApiKeySchema),
    403: Reply("Asked through an API key: keys are made from a logged-in session", ErrorSchema),
}
_REVOKE_REPLIES = {
    200: Reply("Revoked (a key revoked before keeps its first revocation time)", ApiKeySchema),
    404: Reply("No such key among those the caller may see", ErrorSchema),
}
FROM_A_SESSION = "an API key cannot make keys; log in and make it from the dashboard or run `alphaengine user api-key`"


def keys_blueprint(security: Security) -> Blueprint:
    blueprint = Blueprint("api_keys", __name__)
    # The API's answer to a bad body, also where the app has not installed the API's error handlers
    blueprint.register_error_handler(ApiError, api_error)

    @blueprint.get("/api/keys")
    @requires(Role.VIEWER)  # everyone sees their own keys, an admin every key
    @operation("The API keys: every key for an admin, else one's own", "auth", _LIST_REPLIES)
    async def list_keys() -> Response:
        principal = _principal()
        keys = await on_store(lambda: _visible(security, principal))
        now = security.clock.now()
        return jsonify(ApiKeyListSchema().dump({"keys": [key_view(key, now) for key in keys]}))

    @blueprint.post("/api/keys")
    @requires(Role.VIEWER)  # a key for oneself, at most one's own role
    @needs_step_up  # key management asks for a fresh second factor (ADR 0085)
    @operation(
        "Make an API key for oneself, at most one's own role", "auth", _CREATE_REPLIES, body=NewApiKeyRequestSchema
    )
    async def create_key() -> Response:
        principal = _principal()
        if principal.via is Via.API_KEY:
            # A leaked key must not be able to mint keys that outlive its revocation
            return error_reply(403, FROM_A_SESSION)
        asked = load(NewApiKeyRequestSchema(), await json_body())
        try:
            text, key = await on_store(partial(_create, security, principal.name, asked))
        except KeyRefused as exc:
            raise ApiError(400, str(exc), exc.field) from None
        log.info("API key %s made by user %r for itself (%s)", key.key_id, principal.name, key.role.value)
        response = jsonify(NewApiKeySchema().dump({**key_view(key, security.clock.now()), "key": text}))
        response.status_code = 201
        return response

    @blueprint.delete("/api/keys/<key_id>")
    @requires(Role.VIEWER)  # one's own keys; an admin any key
    @needs_step_up
    @operation("Revoke an API key: its next request is refused", "auth", _REVOKE_REPLIES, path=_KEY_ID)
    async def revoke_key(key_id: str) -> Response:
        principal = _principal()
        key = await on_store(partial(_revoke, security, principal, key_id))
        if key is None:
            return error_reply(404, f"key_id: no API key {key_id!r} that you may revoke; list them at /api/keys")
        log.info("API key %s of user %r revoked by user %r", key.key_id, key.user_name, principal.name)
        return jsonify(ApiKeySchema().dump(key_view(key, security.clock.now())))

    return blueprint


def key_view(key: ApiKey, now: datetime) -> dict[str, Any]:
    """A key as ApiKeySchema shows it: its fields, its role as text and its status now."""
    return {**asdict(key), "role": key.role.value, "status": key.status(now)}


def _principal() -> Principal:
    principal = current_principal()
    # The guard authenticates every route of this blueprint before the view runs
    if principal is None:
        raise RuntimeError("the API key routes are never public, yet no principal was set")
    return principal


def _visible(security: Security, principal: Principal) -> list[ApiKey]:
    keys = security.users.api_keys()
    if principal.role is Role.ADMIN:
        return keys
    return [key for key in keys if key.user_name == principal.name]


def _create(security: Security, owner_name: str, asked: dict[str, Any]) -> tuple[str, ApiKey]:
    owner = security.users.get_user(owner_name)
    if owner is None:
        raise KeyRefused("user", f"{owner_name!r} no longer exists")
    now = security.clock.now()
    role = key_scope(owner, None if asked["role"] is None else Role(asked["role"]), "role")
    days = asked["expires_in_days"]
    expires_at = None if days is None else expiry_in_days(now, days, "expires_in_days")
    text, key = new_api_key(owner.name, key_label(asked["label"], "label"), now, role, expires_at)
    security.users.add_api_key(key)
    return text, key


def _revoke(security: Security, principal: Principal, key_id: str) -> ApiKey | None:
    found = next((key for key in _visible(security, principal) if key.key_id == key_id), None)
    if found is None:
        return None
    security.users.revoke_api_key(key_id, security.clock.now())
    return next((key for key in security.users.api_keys() if key.key_id == key_id), None)
