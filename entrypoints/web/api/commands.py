"""POST/GET /api/commands: the web changes state only by queueing commands; a repeated idempotency key is one."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from functools import partial
from typing import Any

from quart import Blueprint

from application.log_context import correlated
from config.constants import Defaults
from domain.commands import USER_PRIORITY, Command, CommandPayload
from domain.values import Mode, Scope
from entrypoints.web.api.context import actor, adapters, mode, running, time_scale
from entrypoints.web.api.errors import ApiError
from entrypoints.web.api.replies import dumped
from entrypoints.web.api.requests import json_body, load, query_args
from entrypoints.web.api.settings_input import checked_section
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import OneOf, Reply, operation
from entrypoints.web.schemas.commands import (
    REQUEST_SCHEMAS,
    WEB_COMMAND_TYPES,
    CommandListArgs,
    CommandPageSchema,
    CommandSchema,
    command_view,
    to_payload,
)
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.command_roles import COMMAND_ROLES, LEAST_COMMAND_ROLE
from entrypoints.web.security.public import requires
from ports.user_store import Role

log = logging.getLogger("alphaengine.web")

blueprint = Blueprint("commands_api", __name__)

_CREATED = {
    201: Reply("Queued as NEW", CommandSchema),
    200: Reply("The idempotency key was seen before: the command it created", CommandSchema),
    409: Reply("The idempotency key was used for a different command", ErrorSchema),
}


@blueprint.post("/api/commands")
@requires(LEAST_COMMAND_ROLE, by_type=COMMAND_ROLES)
@operation("Queue a command", "commands", _CREATED, body=OneOf(REQUEST_SCHEMAS))
async def create_command() -> tuple[dict[str, Any], int, dict[str, str]]:
    body = await json_body()
    type_name = body.get("type")
    if not isinstance(type_name, str) or type_name not in REQUEST_SCHEMAS:
        raise ApiError(400, f"type: must be one of {', '.join(WEB_COMMAND_TYPES)}", "type")
    loaded = load(REQUEST_SCHEMAS[type_name](), body)
    return await on_store(partial(_create, type_name, loaded))


def _create(type_name: str, loaded: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    command = _command(type_name, loaded, _payload(type_name, loaded["payload"]))
    record, created = adapters().command_store().insert(command, command.created_at)
    if not created and (record.command.type, record.command.payload) != (command.type, command.payload):
        message = f"idempotency_key: already used for command {record.command.command_id} ({record.command.type})"
        raise ApiError(409, message, "idempotency_key")
    if created:
        with correlated(command.correlation_id):
            log.info("command %s (%s) queued by %s", command.command_id, command.type, command.actor.id)
    location = {"Location": f"/api/commands/{record.command.command_id}"}
    return dumped(CommandSchema(), command_view(record)), 201 if created else 200, location


@blueprint.get("/api/commands")
@requires(Role.VIEWER)
@operation(
    "Commands newest first",
    "commands",
    {200: Reply("A page of commands", CommandPageSchema)},
    query=CommandListArgs,
)
async def list_commands() -> dict[str, Any]:
    args = query_args(CommandListArgs())
    return await on_store(partial(_list, args))


def _list(args: dict[str, Any]) -> dict[str, Any]:
    records = adapters().command_store().list(args["status"], limit=args["limit"], offset=args["offset"])
    page = {"commands": [command_view(record) for record in records], "limit": args["limit"], "offset": args["offset"]}
    return dumped(CommandPageSchema(), page)


@blueprint.get("/api/commands/<command_id>")
@requires(Role.VIEWER)
@operation(
    "One command and where it stands",
    "commands",
    {200: Reply("The command", CommandSchema), 404: Reply("No such command", ErrorSchema)},
    path={"command_id": {"type": "string", "minLength": 1, "maxLength": 200}},
)
async def get_command(command_id: str) -> dict[str, Any]:
    return await on_store(partial(_get, command_id))


def _get(command_id: str) -> dict[str, Any]:
    record = adapters().command_store().get(command_id)
    if record is None:
        raise ApiError(404, f"no command with id {command_id!r}")
    return dumped(CommandSchema(), command_view(record))


def _payload(type_name: str, loaded: dict[str, Any]) -> CommandPayload:
    if type_name != "UpdateConfig":
        return to_payload(type_name, loaded)
    store = adapters().config_store()
    checked_section(store, loaded["key"], loaded["value"], key_field="payload.key", value_field="payload.value")
    return to_payload(type_name, loaded, json.dumps(loaded["value"], sort_keys=True, separators=(",", ":")))


def _command(type_name: str, loaded: dict[str, Any], payload: CommandPayload) -> Command:
    ports = adapters()
    # The bot executes every command on what it trades: the scope says so, whatever the store holds (ADR 0044)
    trading = running()
    command_id, now = ports.ids().new_id(), ports.clock().now()
    return Command(
        command_id=command_id,
        idempotency_key=loaded["idempotency_key"] or f"web:{command_id}",
        priority=USER_PRIORITY,
        actor=actor(),
        scope=Scope(Defaults.EXCHANGE, Defaults.VENUE, trading.account_id, trading.symbol, Mode(mode())),
        created_at=now,
        correlation_id=loaded["correlation_id"] or command_id,
        payload=payload,
        # Real seconds, as the user means them: the demo's clock runs time_scale times faster
        expires_at=now + timedelta(seconds=loaded["expires_in_sec"]) * time_scale(),
    )
