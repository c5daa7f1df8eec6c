"""GET|PUT /api/config/{key}: settings by section, validated by the settings schema, versioned (409 on a conflict)."""

from __future__ import annotations

from functools import partial
from typing import Any

from quart import Blueprint

from config.settings import SECTIONS, default_sections
from entrypoints.web.api.context import actor, adapters, running, settings_entries
from entrypoints.web.api.errors import ApiError
from entrypoints.web.api.replies import dumped
from entrypoints.web.api.requests import json_body, load
from entrypoints.web.api.settings_input import checked_section
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ConflictSchema, ErrorSchema
from entrypoints.web.schemas.config import ConfigEntrySchema, ConfigListSchema, ConfigUpdateSchema
from entrypoints.web.security.public import requires
from ports.config_store import ConfigEntry, ConfigStore
from ports.errors import ConfigVersionConflict
from ports.user_store import Role

blueprint = Blueprint("config_api", __name__)

_KEY = {"key": {"type": "string", "enum": list(SECTIONS)}}
_NOT_FOUND = Reply("Not a settings section", ErrorSchema)


@blueprint.get("/api/config")
@requires(Role.VIEWER)
@operation("Every settings section", "config", {200: Reply("All sections", ConfigListSchema)})
async def list_config() -> dict[str, Any]:
    return await on_store(_list)


def _list() -> dict[str, Any]:
    stored, trading = settings_entries(), running()
    entries = [_shown(key, stored.get(key)) for key in SECTIONS]
    return dumped(
        ConfigListSchema(),
        {"entries": entries, "pending_restart": trading.pending, "settings_refused": trading.settings_refused},
    )


@blueprint.get("/api/config/<key>")
@requires(Role.VIEWER)
@operation("One settings section", "config", {200: Reply("The section", ConfigEntrySchema), 404: _NOT_FOUND}, path=_KEY)
async def get_config(key: str) -> dict[str, Any]:
    _check_section(key)
    return await on_store(lambda: dumped(ConfigEntrySchema(), _entry(adapters().config_store(), key)))


@blueprint.put("/api/config/<key>")
@requires(Role.ADMIN)
@operation(
    "Replace one settings section",
    "config",
    {
        200: Reply("Stored as the next version", ConfigEntrySchema),
        404: _NOT_FOUND,
        409: Reply("Someone changed it since expected_version", ConflictSchema),
    },
    path=_KEY,
    body=ConfigUpdateSchema,
)
async def put_config(key: str) -> dict[str, Any]:
    _check_section(key)
    update = load(ConfigUpdateSchema(), await json_body())
    return await on_store(partial(_put, key, update))


def _put(key: str, update: dict[str, Any]) -> dict[str, Any]:
    ports = adapters()
    store = ports.config_store()
    section, value = checked_section(store, key, update["value"], key_field="key", value_field="value")
    expected = update["expected_version"]
    if expected is None:
        expected = _entry(store, section)["version"]
    try:
        entry = store.put(section, value, expected_version=expected, updated_by=actor().id, now=ports.clock().now())
    except ConfigVersionConflict as exc:
        message = f"expected_version: {key} is at version {exc.actual}, not {exc.expected}; reload and retry"
        versions = {"expected_version": exc.expected, "current_version": exc.actual}
        raise ApiError(409, message, "expected_version", **versions) from None
    return dumped(ConfigEntrySchema(), entry)


def _check_section(key: str) -> None:
    if key not in SECTIONS:
        raise ApiError(404, f"no settings section {key!r}; expected one of {', '.join(SECTIONS)}")


def _entry(store: ConfigStore, key: str) -> dict[str, Any]:
    """The stored entry, or the section's default as version 0 (not stored yet: expected_version 0 creates it)."""
    return _shown(key, store.get(key))


def _shown(key: str, entry: ConfigEntry | None) -> dict[str, Any]:
    if entry is None:
        return {"key": key, "value": default_sections()[key], "version": 0, "updated_at": None, "updated_by": None}
    return vars(entry)
