"""The `public` marker: a view decorated with it is served without authentication (login, /health)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

View = TypeVar("View", bound=Callable[..., Any])

_MARK = "_alphaengine_public"


def public(view: View) -> View:
    """Mark `view` as reachable without authentication; put it below the route decorator."""
    setattr(view, _MARK, True)
    return view


def is_public(view: Callable[..., Any] | None) -> bool:
    """True when `view` (or the function it wraps) was marked with `public`."""
    while view is not None:
        if getattr(view, _MARK, False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False
