"""Every vendored Binance fixture is either translated into the expected domain objects or excluded with a reason."""

from __future__ import annotations

import json

import pytest

from tests.binance.fixture_table_rest import REST_CASES, REST_EXCLUDED
from tests.binance.fixture_table_ws import WS_CASES, WS_EXCLUDED
from tests.binance.support import fixture_text
from tests.harness.binance_fixtures import FIXTURES

EXCLUDED = {**WS_EXCLUDED, **REST_EXCLUDED}
ON_DISK = sorted(path.name for path in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(WS_CASES))
def test_each_stream_fixture_translates_into_the_expected_domain_objects(name: str) -> None:
    case = WS_CASES[name]

    assert case.run(name) == case.expected


@pytest.mark.parametrize("name", sorted(REST_CASES))
def test_each_rest_fixture_translates_into_the_expected_domain_objects(name: str) -> None:
    case = REST_CASES[name]

    assert case.run(json.loads(fixture_text(name))) == case.expected


def test_every_fixture_on_disk_is_either_handled_or_excluded_with_a_reason() -> None:
    handled = set(WS_CASES) | set(REST_CASES)

    unaccounted = [name for name in ON_DISK if name not in handled and name not in EXCLUDED]

    assert ON_DISK, f"no fixtures found under {FIXTURES}"
    assert unaccounted == []


def test_no_fixture_is_both_handled_and_excluded() -> None:
    handled = set(WS_CASES) | set(REST_CASES)

    assert handled & set(EXCLUDED) == set()
    assert set(WS_CASES) & set(REST_CASES) == set()


def test_the_tables_name_only_fixtures_that_exist() -> None:
    named = set(WS_CASES) | set(REST_CASES) | set(EXCLUDED)

    assert named - set(ON_DISK) == set()


def test_every_exclusion_gives_a_reason() -> None:
    assert all(reason.strip() for reason in EXCLUDED.values())
