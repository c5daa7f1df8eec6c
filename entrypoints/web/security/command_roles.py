"""The least role each command type the web may queue needs (ADR 0080): POST /api/commands declares it by type."""

from __future__ import annotations

from ports.user_store import Role

# A trader stops, resumes and unwinds trading; only an admin changes how it trades. Every web command type is here
# (tests/web/security/test_route_table.py): a new type without a role is refused by that test, not let through.
COMMAND_ROLES: dict[str, Role] = {
    "PauseEngine": Role.TRADER,
    "ResumeEngine": Role.TRADER,
    "CancelAll": Role.TRADER,
    "CancelOrder": Role.TRADER,
    "ClosePosition": Role.TRADER,
    "SetLeverage": Role.ADMIN,
    "UpdateConfig": Role.ADMIN,
    # Moves money between the account's own wallets, as closing the position does: a trader's, with step-up
    "Transfer": Role.TRADER,
}
# Any command at all: the route's least role, which a body of no known type also needs before the view refuses it
LEAST_COMMAND_ROLE = min(COMMAND_ROLES.values(), key=lambda role: role.rank)
