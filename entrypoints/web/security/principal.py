"""Who the current request acts for (g.principal, set by the guard): the user's name and how they authenticated."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from quart import g

from entrypoints.web.security.tokens import Session
from ports.user_store import Role


class Via(str, Enum):
    COOKIE = "cookie"
    BEARER = "bearer"
    API_KEY = "api_key"


@dataclass(frozen=True)
class Principal:
    name: str
    via: Via
    # Read from the user at every request, never from the token: a role change applies to the next request
    role: Role
    session: Session | None = None
    key_id: str | None = None
    # What confirmed this request's dangerous action within the step-up window ("totp", "recovery", "password")
    confirmed_by: str | None = None

    @property
    def csrf_token(self) -> str | None:
        """The token a cookie session must echo on state-changing requests (for templates), else None."""
        return self.session.csrf_token if self.via is Via.COOKIE and self.session else None


def current_principal() -> Principal | None:
    """The authenticated principal of the current request, or None on public routes and static files."""
    principal: Principal | None = g.get("principal")
    return principal
