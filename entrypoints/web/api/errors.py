"""Every error is JSON {"error": ..., "field"?: ...}: bad input 400, 404, 405, 409, 415, and 500 without a traceback."""

from __future__ import annotations

import logging
from typing import Any

from marshmallow import ValidationError
from quart import Quart, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from config.errors import ConfigError, problems
from ports.errors import StorageBusy, StorageError

TOO_LARGE = 413

log = logging.getLogger("alphaengine.web")


class ApiError(Exception):
    """An answer other than success, with the message (and the input field) that explains it."""

    def __init__(self, status: int, message: str, field: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.field, self.extra = status, message, field, extra

    def body(self) -> dict[str, Any]:
        field = {} if self.field is None else {"field": self.field}
        return {"error": self.message, **field, **self.extra}


def bad_input(error: ValidationError, prefix: str = "") -> ApiError:
    """A 400 naming the first field at fault; the message lists every problem."""
    found = problems(error, prefix) or [(prefix, "is invalid")]
    field = found[0][0]
    message = "; ".join(f"{key or 'body'}: {text}" for key, text in found)
    return ApiError(400, message, field or None)


def install_error_handlers(app: Quart) -> None:
    app.register_error_handler(ApiError, api_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def error_response(status: int, body: dict[str, Any]) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


async def api_error(error: ApiError) -> Response:
    """The JSON answer of an ApiError: its status, message and field."""
    return error_response(error.status, error.body())


async def _validation_error(error: ValidationError) -> Response:
    return await api_error(bad_input(error))


async def _http_error(error: HTTPException) -> Response:
    body = {"error": _describe(error)}
    if error.code == TOO_LARGE:
        # The whole body is what is wrong: name it, like every other refusal of a request's input
        body["field"] = "body"
    response = error_response(error.code or 500, body)
    # Keep what the exception adds, such as Allow on a 405
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


async def _unexpected(error: Exception) -> Response:
    if isinstance(error, StorageBusy):
        response = error_response(503, {"error": "the database is busy; retry shortly"})
        response.headers["Retry-After"] = "1"
        return response
    if isinstance(error, StorageError):
        log.error("storage failed: %s", error)
        return error_response(503, {"error": f"storage unavailable: {error}"})
    if isinstance(error, ConfigError):
        log.error("stored configuration is invalid: %s", error)
        return error_response(500, {"error": f"stored configuration is invalid: {error}"})
    # The traceback goes to the log only: a client never sees internals
    log.error("unhandled error in %s", type(error).__name__, exc_info=error)
    return error_response(500, {"error": "internal error; the server log has the details"})


def _describe(error: HTTPException) -> str:
    if error.code == 404:
        return f"no such resource: {request.path}"
    if error.code == 405:
        return f"method {request.method} is not allowed on {request.path}"
    if error.code == TOO_LARGE:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        return f"body: larger than the {limit} bytes a request may carry; send less" if limit else "body: too large"
    return error.description or error.name
