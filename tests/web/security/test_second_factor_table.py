"""The second factor's tables name real things: a renamed endpoint or command type fails here, not silently in
production (the dangerous-request table and the routes open before enrolment, ADR 0085)."""

from __future__ import annotations

from pathlib import Path

from entrypoints.web.schemas.commands import WEB_COMMAND_TYPES
from entrypoints.web.security.dangerous import COMMANDS, ENDPOINTS, READS_BODY
from entrypoints.web.security.second_factor import BEFORE_ENROLMENT
from tests.web.api.conftest import secured_app, web_container


def test_every_endpoint_the_tables_name_is_a_route_of_the_real_app(tmp_path: Path) -> None:
    app = secured_app(web_container(tmp_path))

    assert set(ENDPOINTS) | READS_BODY | BEFORE_ENROLMENT <= set(app.view_functions)
    assert READS_BODY <= set(ENDPOINTS)


def test_every_dangerous_command_type_is_one_the_web_queues() -> None:
    assert set(COMMANDS) <= set(WEB_COMMAND_TYPES)
