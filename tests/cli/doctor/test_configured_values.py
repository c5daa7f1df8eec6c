"""No example, sim or local values in testnet or production (ADR 0076)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from config.constants import SimCredentials
from config.secrets import Secrets, load_secrets
from entrypoints.doctor.configured_values import api_keys, endpoints, web_secret_key
from entrypoints.doctor.verdict import Verdict

REAL_KEY = "A1b2C3d4" * 8
REAL_SECRET = "Z9y8X7w6" * 8
WEB = "a130253170b440834bf747c15b011e323cbb26079300246cc43f07d8bf5fbbd2"


Configure = Callable[..., Secrets]


@pytest.fixture
def configure(tmp_path: Path) -> Configure:
    """Secrets of `mode` from the environment: a real-looking key pair and web key unless overridden."""
    empty = tmp_path / "secrets.yaml"
    empty.write_text("", encoding="utf-8")

    def load(mode: str, **env: str) -> Secrets:
        base = {
            "ALPHAENGINE_MODE": mode,
            f"ALPHAENGINE_{mode.upper()}_API_KEY": REAL_KEY,
            f"ALPHAENGINE_{mode.upper()}_API_SECRET": REAL_SECRET,
            "ALPHAENGINE_WEB_SECRET_KEY": WEB,
        }
        chosen = base if mode != "sim" else {"ALPHAENGINE_MODE": "sim"}
        return load_secrets(empty, env={**chosen, **env})

    return load


def test_a_real_looking_key_pair_and_web_key_pass(configure: Configure) -> None:
    configured = configure("production")

    assert [f.verdict for f in (api_keys(configured), web_secret_key(configured), endpoints(configured))] == [
        Verdict.OK
    ] * 3


def test_the_simulators_key_in_testnet_fails(configure: Configure) -> None:
    finding = api_keys(configure("testnet", ALPHAENGINE_TESTNET_API_KEY=SimCredentials.API_KEY))

    assert finding.verdict is Verdict.FAIL and "simulator's public key pair" in finding.detail


def test_a_placeholder_key_fails_and_an_odd_one_warns(configure: Configure) -> None:
    placeholder = api_keys(configure("production", ALPHAENGINE_PRODUCTION_API_KEY="changeme"))
    truncated = api_keys(configure("production", ALPHAENGINE_PRODUCTION_API_KEY=REAL_KEY[:40]))

    assert placeholder.verdict is Verdict.FAIL and "example value" in placeholder.detail
    assert truncated.verdict is Verdict.WARN and "64 letters and digits" in truncated.detail


def test_an_example_or_short_web_secret_key_fails_with_the_webs_own_words(configure: Configure) -> None:
    example = web_secret_key(configure("testnet", ALPHAENGINE_WEB_SECRET_KEY=SimCredentials.WEB_SECRET_KEY))
    short = web_secret_key(configure("production", ALPHAENGINE_WEB_SECRET_KEY="abc123"))

    assert example.verdict is Verdict.FAIL and example.detail == "web.secret_key: is an example value"
    assert short.verdict is Verdict.FAIL and "shorter than 32 characters" in short.detail
    assert "secrets.token_hex" in short.action


def test_a_web_secret_key_of_one_repeated_character_fails_and_a_random_one_says_so(configure: Configure) -> None:
    repeated = web_secret_key(configure("production", ALPHAENGINE_WEB_SECRET_KEY="a" * 32))
    random = web_secret_key(configure("production"))

    assert repeated.verdict is Verdict.FAIL
    assert (
        repeated.detail
        == "web.secret_key: only 1 different character in 32, too few for a random key in production mode"
    )
    assert repeated.action.startswith("set a random one: ") and "secrets.token_hex(32)" in repeated.action
    assert random.detail == "web.secret_key is long, random-looking (128 bits or more) and not an example value"


def test_production_pointing_at_this_machine_fails_and_testnet_warns(configure: Configure) -> None:
    local = {"ALPHAENGINE_REST_URL": "http://127.0.0.1:8600"}

    in_production = endpoints(configure("production", **local))
    in_testnet = endpoints(configure("testnet", **local))

    assert in_production.verdict is Verdict.FAIL
    assert "production.rest_url http://127.0.0.1:8600" in in_production.detail
    assert "ALPHAENGINE_REST_URL" in in_production.action
    assert in_testnet.verdict is Verdict.WARN


def test_a_spot_host_on_localhost_in_production_fails(configure: Configure) -> None:
    finding = endpoints(configure("production", ALPHAENGINE_SPOT_REST_URL="http://localhost:9000"))

    assert finding.verdict is Verdict.FAIL and "spot_rest_url" in finding.detail


def test_sim_mode_is_fine_with_the_sims_values(configure: Configure) -> None:
    configured = configure("sim")

    assert [f.verdict for f in (api_keys(configured), web_secret_key(configured), endpoints(configured))] == [
        Verdict.OK
    ] * 3
