"""Secrets: file + environment, per-mode requirements, endpoint overrides, and values that never print."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from config.constants import BinanceEndpoints, SimCredentials
from config.errors import SecretsError
from config.secrets import Secret, load_secrets, stated_mode

CANARY = "CANARY-5f1c9e-do-not-print"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "secrets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PRODUCTION = """
mode: production
production:
  api_key: prod-key
  api_secret: prod-secret
web:
  secret_key: web-key
"""


class TestSimMode:
    def test_no_file_and_no_environment_means_sim_with_the_sim_key_pair(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)  # no config/secrets.yaml here

        secrets = load_secrets(env={})

        assert secrets.mode == "sim"
        assert secrets.credentials.api_key.reveal() == SimCredentials.API_KEY
        assert secrets.credentials.api_secret.reveal() == SimCredentials.API_SECRET
        assert secrets.endpoints == BinanceEndpoints.SIM

    def test_sim_needs_no_web_key_and_gets_the_sim_one(self, tmp_path: Path) -> None:
        secrets = load_secrets(write(tmp_path, "mode: sim\n"), env={})

        assert secrets.web_secret_key.reveal() == SimCredentials.WEB_SECRET_KEY
        assert secrets.source == tmp_path / "secrets.yaml"

    def test_an_empty_file_is_all_defaults(self, tmp_path: Path) -> None:
        assert load_secrets(write(tmp_path, ""), env={}).mode == "sim"

    def test_sim_rejects_api_keys_because_it_has_its_own(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match=r"^sim\.api_key: unknown field$"):
            load_secrets(write(tmp_path, "sim:\n  api_key: x\n"), env={})


class TestProductionAndTestnet:
    def test_the_file_gives_the_chosen_modes_credentials_and_endpoints(self, tmp_path: Path) -> None:
        secrets = load_secrets(write(tmp_path, PRODUCTION), env={})

        assert secrets.mode == "production"
        assert secrets.credentials.api_key.reveal() == "prod-key"
        assert secrets.credentials.api_secret.reveal() == "prod-secret"
        assert secrets.web_secret_key.reveal() == "web-key"
        assert secrets.endpoints.rest_url == "https://fapi.binance.com"
        assert secrets.endpoints.ws_private_url == "wss://fstream.binance.com/private"

    def test_environment_variables_override_the_file(self, tmp_path: Path) -> None:
        env = {"ALPHAENGINE_PRODUCTION_API_SECRET": "from-env", "ALPHAENGINE_WEB_SECRET_KEY": "web-env"}

        secrets = load_secrets(write(tmp_path, PRODUCTION), env=env)

        assert secrets.credentials.api_secret.reveal() == "from-env"
        assert secrets.web_secret_key.reveal() == "web-env"

    def test_the_mode_variable_overrides_the_files_mode(self, tmp_path: Path) -> None:
        assert load_secrets(write(tmp_path, PRODUCTION), env={"ALPHAENGINE_MODE": "sim"}).mode == "sim"

    def test_an_explicit_mode_overrides_the_environment(self, tmp_path: Path) -> None:
        env = {"ALPHAENGINE_MODE": "production"}

        assert load_secrets(write(tmp_path, PRODUCTION), env=env, mode="sim").mode == "sim"

    def test_the_environment_alone_can_supply_everything(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        env = {
            "ALPHAENGINE_MODE": "testnet",
            "ALPHAENGINE_TESTNET_API_KEY": "k",
            "ALPHAENGINE_TESTNET_API_SECRET": "s",
            "ALPHAENGINE_WEB_SECRET_KEY": "w",
        }

        secrets = load_secrets(env=env)

        assert (secrets.mode, secrets.credentials.api_key.reveal(), secrets.source) == ("testnet", "k", None)
        assert secrets.endpoints.rest_url == "https://demo-fapi.binance.com"

    def test_a_missing_api_secret_names_the_key(self, tmp_path: Path) -> None:
        text = PRODUCTION.replace("  api_secret: prod-secret\n", "")

        with pytest.raises(SecretsError, match=r"^production\.api_secret: missing for mode production") as error:
            load_secrets(write(tmp_path, text), env={})

        assert "ALPHAENGINE_PRODUCTION_API_SECRET" in str(error.value)

    def test_without_a_file_production_names_the_first_missing_key(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)

        with pytest.raises(SecretsError, match=r"^production\.api_key: missing"):
            load_secrets(env={"ALPHAENGINE_MODE": "production"})

    def test_testnet_requires_a_web_secret_key(self, tmp_path: Path) -> None:
        text = "mode: testnet\ntestnet:\n  api_key: k\n  api_secret: s\n"

        with pytest.raises(SecretsError, match=r"^web\.secret_key: missing for mode testnet"):
            load_secrets(write(tmp_path, text), env={})

    def test_an_empty_key_counts_as_missing(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match=r"^production\.api_key: missing for mode production"):
            load_secrets(write(tmp_path, PRODUCTION.replace("prod-key", '""')), env={})


class TestTheFileItself:
    def test_the_committed_example_loads_as_sim(self) -> None:
        example = Path(__file__).resolve().parents[3] / "config" / "secrets.example.yaml"

        secrets = load_secrets(example, env={})

        assert (secrets.mode, secrets.endpoints) == ("sim", BinanceEndpoints.SIM)

    def test_the_example_with_keys_filled_in_loads_as_testnet(self, tmp_path: Path) -> None:
        example = (Path(__file__).resolve().parents[3] / "config" / "secrets.example.yaml").read_text(encoding="utf-8")
        text = example.replace("mode: sim", "mode: testnet").replace('api_key: ""', "api_key: k")
        text = text.replace('api_secret: ""', "api_secret: s").replace('secret_key: ""', "secret_key: w")

        secrets = load_secrets(write(tmp_path, text), env={})

        assert (secrets.mode, secrets.credentials.api_key.reveal()) == ("testnet", "k")
        assert secrets.web_secret_key.reveal() == "w"

    def test_a_named_file_that_does_not_exist_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match="secrets file not found"):
            load_secrets(tmp_path / "nope.yaml", env={})

    def test_the_secrets_variable_names_the_file(self, tmp_path: Path) -> None:
        path = write(tmp_path, PRODUCTION)

        assert load_secrets(env={"ALPHAENGINE_SECRETS": str(path)}).mode == "production"

    def test_an_unknown_key_is_named_with_its_section(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match=r"^production\.api_secrte: unknown field$"):
            load_secrets(write(tmp_path, PRODUCTION.replace("api_secret", "api_secrte")), env={})

    def test_an_unknown_mode_is_rejected(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match=r"^mode: must be one of production, testnet, sim$"):
            load_secrets(write(tmp_path, "mode: paper\n"), env={})

    def test_a_top_level_list_is_rejected(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match="expected a mapping"):
            load_secrets(write(tmp_path, "- a\n- b\n"), env={})


class TestEndpointOverrides:
    def test_the_chosen_modes_section_overrides_its_hosts(self, tmp_path: Path) -> None:
        text = "sim:\n  rest_url: http://localhost:9000\n  ws_url: ws://localhost:9000\n"

        endpoints = load_secrets(write(tmp_path, text), env={}).endpoints

        assert endpoints.rest_url == "http://localhost:9000"
        assert endpoints.ws_market_url == "ws://localhost:9000/market"

    def test_environment_host_variables_apply_to_the_chosen_mode(self, tmp_path: Path) -> None:
        env = {"ALPHAENGINE_REST_URL": "https://testnet.binancefuture.com", "ALPHAENGINE_WS_PRIVATE_PATH": "/ws"}
        text = "mode: testnet\ntestnet: {api_key: k, api_secret: s}\nweb: {secret_key: w}\n"

        endpoints = load_secrets(write(tmp_path, text), env=env).endpoints

        assert endpoints.rest_url == "https://testnet.binancefuture.com"
        assert endpoints.ws_private_url == "wss://demo-fstream.binance.com/ws"

    def test_other_modes_overrides_do_not_leak_into_the_chosen_one(self, tmp_path: Path) -> None:
        text = PRODUCTION + "  \nsim:\n  rest_url: http://localhost:9000\n"

        assert load_secrets(write(tmp_path, text), env={}).endpoints == BinanceEndpoints.PRODUCTION

    def test_a_rest_url_with_a_websocket_scheme_is_rejected(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match=r"^sim\.rest_url: not a valid URL$"):
            load_secrets(write(tmp_path, ""), env={"ALPHAENGINE_REST_URL": "ws://127.0.0.1:1"})


class TestSecretValuesNeverPrint:
    def test_a_secret_prints_as_stars_and_reveals_on_request(self) -> None:
        secret = Secret(CANARY)

        assert (str(secret), repr(secret), f"{secret}") == ("***", "***", "***")
        assert secret.reveal() == CANARY
        assert secret == Secret(CANARY) and secret != Secret("other")

    def test_the_loaded_object_does_not_show_the_canary(self, tmp_path: Path) -> None:
        text = PRODUCTION.replace("prod-key", CANARY).replace("prod-secret", CANARY).replace("web-key", CANARY)

        secrets = load_secrets(write(tmp_path, text), env={})

        assert secrets.credentials.api_secret.reveal() == CANARY
        assert CANARY not in repr(secrets) and CANARY not in str(secrets)
        assert CANARY not in repr(secrets.credentials)

    @pytest.mark.parametrize(
        "text",
        [
            f"mode: production\nproduction:\n  api_key: {CANARY}\n",  # api_secret missing
            f"mode: production\nproduction:\n  api_key: {CANARY}\n  api_secret: [{CANARY}\n",  # broken YAML
            f'mode: production\nproduction:\n  api_key: "{CANARY}" oops: 1\n',  # broken YAML on the secret's line
            f"mode: production\nproduction:\n  api_key: {CANARY}\n  api_secret: [1, 2]\n",  # wrong type
            f"mode: production\nproduction:\n  api_key: {CANARY}\n  extra: 1\n",  # unknown field
            f"mode: {CANARY}\n",  # invalid mode
            f"mode: testnet\ntestnet:\n  api_key: {CANARY}\n  api_secret: {CANARY}\n",  # web key missing
            f"mode: sim\nsim:\n  rest_url: {CANARY}\n",  # invalid URL
        ],
    )
    def test_no_error_message_or_traceback_shows_the_canary(self, tmp_path: Path, text: str) -> None:
        with pytest.raises(SecretsError) as error:
            load_secrets(write(tmp_path, text), env={})

        assert CANARY not in str(error.value)
        assert CANARY not in "".join(traceback.format_exception(error.value))


class TestModeAndAccount:
    """What ADR 0046 needs: the mode the operator stated, secrets without exchange keys, the account's fingerprint."""

    def test_the_stated_mode_is_the_variable_else_the_file_else_none(self, tmp_path: Path) -> None:
        assert stated_mode(write(tmp_path, PRODUCTION), env={"ALPHAENGINE_MODE": "testnet"}) == "testnet"
        assert stated_mode(write(tmp_path, PRODUCTION), env={}) == "production"
        assert stated_mode(write(tmp_path, "{}\n"), env={}) is None

    def test_a_stated_mode_that_does_not_exist_is_refused_naming_the_key(self, tmp_path: Path) -> None:
        with pytest.raises(SecretsError, match=r"^mode: must be one of production, testnet, sim$"):
            stated_mode(write(tmp_path, "{}\n"), env={"ALPHAENGINE_MODE": "live"})

    def test_without_exchange_keys_production_needs_only_the_web_key(self, tmp_path: Path) -> None:
        secrets = load_secrets(
            write(tmp_path, "web:\n  secret_key: web-key\n"), env={}, mode="production", exchange_keys=False
        )

        assert (secrets.mode, secrets.credentials, secrets.web_secret_key.reveal()) == ("production", None, "web-key")

    def test_the_fingerprint_names_the_key_without_revealing_it(self, tmp_path: Path) -> None:
        secrets = load_secrets(write(tmp_path, PRODUCTION), env={})
        other = load_secrets(write(tmp_path, PRODUCTION), env={"ALPHAENGINE_PRODUCTION_API_KEY": "other-key"})

        fingerprint = secrets.credentials.fingerprint()

        assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0
        assert fingerprint == load_secrets(write(tmp_path, PRODUCTION), env={}).credentials.fingerprint()
        assert fingerprint != other.credentials.fingerprint()
        assert "prod-key" not in fingerprint
