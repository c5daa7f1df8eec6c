"""The `public` markers: a view decorated with `public` is served without authentication (login, /health); one
decorated with `loopback_public` only to a loopback peer that no proxy forwarded (/metrics, ADR 0077)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

View = TypeVar("View", bound=Callable[..., Any])

_MARK = "_alphaengine_public"
_LOOPBACK_MARK = "_alphaengine_loopback_public"


def public(view: View) -> View:
    """Mark `view` as reachable without authentication; put it below the route decorator."""
    setattr(view, _MARK, True)
    return view


def loopback_public(view: View) -> View:
    """Mark `view` as reachable without authentication from a direct loopback peer; put it below the route."""
    setattr(view, _LOOPBACK_MARK, True)
    return view


def is_public(view: Callable[..., Any] | None) -> bool:
    """True when `view` (or the function it wraps) was marked with `public`."""
    return marked(view, _MARK)


def is_loopback_public(view: Callable[..., Any] | None) -> bool:
    """True when `view` (or the function it wraps) was marked with `loopback_public`."""
    return marked(view, _LOOPBACK_MARK)


def marked(view: Callable[..., Any] | None, mark: str) -> bool:
    """True when `view` or a function it wraps carries attribute `mark`."""
    while view is not None:
        if getattr(view, mark, False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False
