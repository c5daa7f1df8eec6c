"""Who may reach a route, declared next to it (ADR 0080): `public` (anyone; login), `public(details=ROLE)` (anyone, and
a credential of at least ROLE sees more: /health), `loopback_public` (a loopback peer that no proxy forwarded:
/metrics, ADR 0077) and `requires(ROLE)` (an authenticated principal of at least ROLE). A route that declares none of
them is refused to everyone (install.py's guard decides, through authorize.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from ports.user_store import Role

View = TypeVar("View", bound=Callable[..., Any])

_MARK = "_alphaengine_public"
_LOOPBACK_MARK = "_alphaengine_loopback_public"
_REQUIRES = "_alphaengine_requires"


@dataclass(frozen=True)
class Requirement:
    """The least role a route needs; by_type raises it by the JSON body's `type` (POST /api/commands)."""

    least: Role
    by_type: Mapping[str, Role] = field(default_factory=dict)

    def role_for(self, type_name: object) -> Role:
        """The role needed for a body of type `type_name`: never below `least`; an unknown type needs `least`."""
        found = self.by_type.get(type_name, self.least) if isinstance(type_name, str) else self.least
        return found if found.allows(self.least) else self.least


@overload
def public(view: View, /) -> View: ...


@overload
def public(*, details: Role) -> Callable[[View], View]: ...


def public(view: Any = None, /, *, details: Role | None = None) -> Any:
    """Mark a view as reachable without authentication; put it below the route decorator.

    details: a request that carries a valid credential of at least this role is authenticated anyway, so the view
    may show it more (current_principal() is set); a missing or bad credential still gets the public answer.
    """

    def mark(found: View) -> View:
        setattr(found, _MARK, True)
        if details is not None:
            setattr(found, _REQUIRES, Requirement(details))
        return found

    return mark if view is None else mark(view)


def loopback_public(view: View) -> View:
    """Mark `view` as reachable without authentication from a direct loopback peer; put it below the route."""
    setattr(view, _LOOPBACK_MARK, True)
    return view


def requires(least: Role, *, by_type: Mapping[str, Role] | None = None) -> Callable[[View], View]:
    """Declare the least role a view needs; put it below the route decorator.

    by_type: for a body that is one of several types (a JSON object's `type`), the role each type needs.
    """
    requirement = Requirement(least, dict(by_type or {}))

    def mark(view: View) -> View:
        setattr(view, _REQUIRES, requirement)
        return view

    return mark


def is_public(view: Callable[..., Any] | None) -> bool:
    """True when `view` (or the function it wraps) was marked with `public`."""
    return _found(view, _MARK) is True


def is_loopback_public(view: Callable[..., Any] | None) -> bool:
    """True when `view` (or the function it wraps) was marked with `loopback_public`."""
    return _found(view, _LOOPBACK_MARK) is True


def requirement_of(view: Callable[..., Any] | None) -> Requirement | None:
    """The role `view` declared with `requires` or `public(details=...)`, or None."""
    found = _found(view, _REQUIRES)
    return found if isinstance(found, Requirement) else None


def is_declared(view: Callable[..., Any] | None) -> bool:
    """True when `view` says who may reach it: public, or a role (loopback_public alone says nothing of others)."""
    return is_public(view) or requirement_of(view) is not None


def marked(view: Callable[..., Any] | None, mark: str) -> bool:
    """True when `view` or a function it wraps carries attribute `mark` set to True."""
    return _found(view, mark) is True


def _found(view: Callable[..., Any] | None, mark: str) -> object:
    while view is not None:
        value = getattr(view, mark, None)
        if value is not None:
            return value
        view = getattr(view, "__wrapped__", None)
    return None
