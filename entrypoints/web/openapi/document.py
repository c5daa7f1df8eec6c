"""Build the OpenAPI 3.0 document of an app: every route and method, from the Operation each view declares."""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from quart import Quart
from werkzeug.routing import Rule

from entrypoints.web.openapi.auth import AUTH_OPERATIONS
from entrypoints.web.openapi.operation import OneOf, Operation, Reply, operation_of
from entrypoints.web.openapi.schemas import Components, JsonSchema
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.api_keys import HEADER as API_KEY_HEADER
from entrypoints.web.security.cookies import cookie_names
from entrypoints.web.security.public import is_public, requirement_of

# Not API routes: files served as they are
UNDOCUMENTED_ENDPOINTS = frozenset({"static"})
IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})


def build_document(app: Quart) -> JsonSchema:
    """Every route but static files; a view's own Operation, else a known one, else a minimal entry."""
    components = Components()
    error = components.ref(ErrorSchema)
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in UNDOCUMENTED_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted((rule.methods or set()) - IMPLICIT_METHODS):
            item = _operation(rule, method, view, components, error)
            paths.setdefault(openapi_path(rule), {})[method.lower()] = item
    return {
        "openapi": "3.0.3",
        "info": {"title": "AlphaEngine API", "version": _version()},
        "paths": paths,
        "components": {"schemas": components.schemas, "securitySchemes": _security_schemes()},
        "security": [{"cookieAuth": []}, {"bearerAuth": []}, {"apiKeyAuth": []}],
    }


def openapi_path(rule: Rule) -> str:
    """/api/commands/<command_id> → /api/commands/{command_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


def _operation(rule: Rule, method: str, view: Any, components: Components, error: JsonSchema) -> JsonSchema:
    declared = operation_of(view) or AUTH_OPERATIONS.get(rule.endpoint) or _undeclared(rule)
    item: JsonSchema = {
        "operationId": f"{method.lower()}_{rule.endpoint.replace('.', '_')}",
        "summary": declared.summary,
        "tags": [declared.tag],
        "parameters": _parameters(rule, declared, components),
        "responses": _responses(declared, components, error),
    }
    if declared.body is not None:
        body = _body(declared.body, components)
        item["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    item.update(_access(view))
    if "x-required-role" in item:
        refused = Reply("Your role may not do this: the message names the role needed", ErrorSchema)
        item["responses"]["403"] = _reply(refused, components)
    return item


def _access(view: Any) -> JsonSchema:
    """Who may call it (ADR 0080): no security for a public view, else the least role and the role of each type."""
    requirement = requirement_of(view)
    if is_public(view):
        details = {} if requirement is None else {"x-details-role": requirement.least.value}
        return {"security": [], **details}
    if requirement is None:
        # Refused to everyone by the guard; tests/web/security/test_route_table.py fails on such a route
        return {"x-required-role": "none"}
    found: JsonSchema = {"x-required-role": requirement.least.value}
    if requirement.by_type:
        found["x-required-role-by-type"] = {name: role.value for name, role in sorted(requirement.by_type.items())}
    return found


def _undeclared(rule: Rule) -> Operation:
    # A route that declares nothing (another package's) is still listed so a client or fuzzer can reach it
    return Operation(summary=rule.endpoint, tag="other", responses={200: Reply("Success", raw={})})


def _parameters(rule: Rule, declared: Operation, components: Components) -> list[JsonSchema]:
    found = [
        {"name": name, "in": "path", "required": True, "schema": declared.path.get(name) or _converter(rule, name)}
        for name in sorted(rule.arguments)
    ]
    if declared.query is not None:
        found += components.parameters(declared.query, "query")
    headers = declared.headers.items()
    found += [{"name": name, "in": "header", "required": False, "schema": schema} for name, schema in headers]
    return found


def _converter(rule: Rule, name: str) -> JsonSchema:
    converter = type(rule._converters[name]).__name__
    return {"type": "integer"} if converter == "IntegerConverter" else {"type": "string"}


def _body(body: Any, components: Components) -> JsonSchema:
    if isinstance(body, OneOf):
        refs = {value: components.ref(schema) for value, schema in body.variants.items()}
        return {
            "oneOf": list(refs.values()),
            "discriminator": {"propertyName": body.discriminator, "mapping": {k: r["$ref"] for k, r in refs.items()}},
        }
    return components.ref(body)


def _responses(declared: Operation, components: Components, error: JsonSchema) -> JsonSchema:
    replies = dict(declared.responses)
    if declared.query is not None or declared.body is not None or declared.path:
        replies.setdefault(400, Reply("Bad input: the message names the field", ErrorSchema))
    if declared.body is not None:
        replies.setdefault(415, Reply("The body is not JSON", ErrorSchema))
    found: JsonSchema = {str(code): _reply(reply, components) for code, reply in sorted(replies.items())}
    found["default"] = {
        "description": "Any other error (401, 403, 404, 405, 429, 500, 503)",
        "content": {"application/json": {"schema": error}},
    }
    return found


def _reply(reply: Reply, components: Components) -> JsonSchema:
    schema = reply.raw if reply.schema is None else components.ref(reply.schema)
    if schema is None:
        return {"description": reply.description}
    return {"description": reply.description, "content": {reply.media_type: {"schema": schema}}}


def _security_schemes() -> JsonSchema:
    plain, tls = cookie_names(tls=False).session, cookie_names(tls=True).session
    described = f"JWT set by login; named {tls} when the site is served over HTTPS"
    return {
        "cookieAuth": {"type": "apiKey", "in": "cookie", "name": plain, "description": described},
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "The token of login"},
        "apiKeyAuth": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER, "description": "For automation"},
    }


def _version() -> str:
    try:
        return metadata.version("alphaengine")
    except metadata.PackageNotFoundError:
        return "0.0.0"
