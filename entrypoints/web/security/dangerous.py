"""Which requests are dangerous, so need a fresh second factor (step-up, ADR 0085): the one table.

A rule per endpoint reads the request's JSON body and path arguments and names what makes it dangerous (None: it is
not). Routes that are dangerous whatever they carry (user and key management) are marked `needs_step_up` next to
their route instead, like `public`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from entrypoints.web.security.public import marked

View = TypeVar("View", bound=Callable[..., Any])
Rule = Callable[[Mapping[str, Any], Mapping[str, Any]], str | None]

# Leverage up to this needs no step-up; above it (11x and more) does
LEVERAGE_STEP_UP_ABOVE = 10
RISK_SECTION = "risk"
_MARK = "_alphaengine_needs_step_up"


def needs_step_up(view: View) -> View:
    """Mark `view` as dangerous whatever it carries (user and key management); put it below the route decorator."""
    setattr(view, _MARK, True)
    return view


def _command(body: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    kind, payload = body.get("type"), body.get("payload")
    payload = payload if isinstance(payload, Mapping) else {}
    rule = COMMANDS.get(kind) if isinstance(kind, str) else None
    return rule(payload) if rule is not None else None


def _config(_: Mapping[str, Any], path: Mapping[str, Any]) -> str | None:
    return "changing the risk limits" if path.get("key") == RISK_SECTION else None


def _leverage(payload: Mapping[str, Any]) -> str | None:
    try:
        leverage = Decimal(str(payload.get("leverage")))
    except InvalidOperation:
        # Not a number: the command's own validation refuses it; asking first costs nothing and never lets one by
        return f"leverage above {LEVERAGE_STEP_UP_ABOVE}x"
    if not leverage.is_finite() or leverage > LEVERAGE_STEP_UP_ABOVE:
        return f"leverage above {LEVERAGE_STEP_UP_ABOVE}x"
    return None


def _risk_update(payload: Mapping[str, Any]) -> str | None:
    return "changing the risk limits" if payload.get("key") == RISK_SECTION else None


# Command types by what makes them dangerous
COMMANDS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "ClosePosition": lambda _: "closing the position",
    "Transfer": lambda _: "moving funds between spot and futures",
    "SetLeverage": _leverage,
    "UpdateConfig": _risk_update,
}
# Endpoints whose body or path decides
ENDPOINTS: dict[str, Rule] = {
    "commands_api.create_command": _command,
    "config_api.put_config": _config,
}
# The endpoints whose JSON body a rule reads (the guard parses it only for these)
READS_BODY = frozenset({"commands_api.create_command"})


def dangerous(
    endpoint: str | None, view: Callable[..., Any] | None, body: Mapping[str, Any], path: Mapping[str, Any]
) -> str | None:
    """What makes this request dangerous (for the refusal's message), or None when it is not."""
    if marked(view, _MARK):
        return "managing users and keys"
    rule = ENDPOINTS.get(endpoint or "")
    return rule(body, path) if rule is not None else None
