"""Fixed constants: Binance hosts per mode, defaults, the sim-only key pair, Binance kline intervals."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

MODES = ("production", "testnet", "sim")


@dataclass(frozen=True)
class Endpoints:
    """Where one mode's exchange lives; a WS URL is `ws_url + path`, to which clients add `/ws/…` or `/stream?…`."""

    rest_url: str
    ws_url: str
    ws_market_path: str = "/market"
    ws_public_path: str = "/public"
    ws_private_path: str = "/private"
    # The spot host: what an API key may do (/sapi/v1/account/apiRestrictions), the spot wallet (/api/v3/account) and
    # transfers between it and futures (/sapi/v1/asset/transfer); "" = rest_url (the simulator serves both)
    spot_rest_url: str = ""

    @property
    def wallet_url(self) -> str:
        """Where /sapi/ requests go: the spot host, or the REST host itself (the simulator serves both)."""
        return self.spot_rest_url or self.rest_url

    @property
    def ws_market_url(self) -> str:
        return self.ws_url + self.ws_market_path

    @property
    def ws_public_url(self) -> str:
        return self.ws_url + self.ws_public_path

    @property
    def ws_private_url(self) -> str:
        return self.ws_url + self.ws_private_path

    def with_overrides(self, **overrides: str | None) -> Endpoints:
        """Return a copy with every non-None override applied (unknown names raise TypeError)."""
        return dataclasses.replace(self, **{k: v for k, v in overrides.items() if v is not None})


ENDPOINT_FIELDS = tuple(field.name for field in dataclasses.fields(Endpoints))


class BinanceEndpoints:
    """Today's hosts (binance/API.md §0–1): production WS split into /market, /public, /private; testnet is demo."""

    PROD_REST_URL = "https://fapi.binance.com"
    PROD_WS_URL = "wss://fstream.binance.com"
    PROD_SPOT_REST_URL = "https://api.binance.com"
    # The demo host keeps the un-split WS layout: /ws/<stream>, /stream?streams=…, /ws/<listenKey>
    TEST_REST_URL = "https://demo-fapi.binance.com"
    TEST_WS_URL = "wss://demo-fstream.binance.com"
    TEST_SPOT_REST_URL = "https://demo-api.binance.com"
    SIM_REST_URL = "http://127.0.0.1:8600"
    SIM_WS_URL = "ws://127.0.0.1:8600"

    PRODUCTION = Endpoints(PROD_REST_URL, PROD_WS_URL, spot_rest_url=PROD_SPOT_REST_URL)
    TESTNET = Endpoints(
        TEST_REST_URL,
        TEST_WS_URL,
        ws_market_path="",
        ws_public_path="",
        ws_private_path="",
        spot_rest_url=TEST_SPOT_REST_URL,
    )
    # The simulator mirrors production's paths so the adapter code takes the same branch
    SIM = Endpoints(SIM_REST_URL, SIM_WS_URL)

    @classmethod
    def for_mode(cls, mode: str) -> Endpoints:
        """Return the built-in endpoints of `mode` (production, testnet or sim)."""
        by_mode = {"production": cls.PRODUCTION, "testnet": cls.TESTNET, "sim": cls.SIM}
        if mode not in by_mode:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        return by_mode[mode]


class SimCredentials:
    """The built-in simulator's only key pair: public on purpose, worthless anywhere else."""

    # Alphanumeric like real Binance keys: the simulator refuses any other API-key format (-2014)
    API_KEY = "AlphaEngineSimApiKey"
    API_SECRET = "AlphaEngineSimApiSecret"  # noqa: S105 - the simulator's own, public by design
    WEB_SECRET_KEY = "alphaengine-sim-web-secret-key-not-for-real-use"  # noqa: S105 - sim mode only


class Defaults:
    EXCHANGE = "BINANCE"
    VENUE = "FUTURES"
    MODE = "sim"
    WEB_HOST = "127.0.0.1"
    WEB_PORT = 8000
    SIM_PORT = 8600
    LOG_LEVEL = "INFO"
    DB_PATH = Path("data") / "alphaengine.sqlite3"
    # The demo's own file: a sim demo and a real bot never share a database by default (ADR 0046)
    DEMO_DB_PATH = Path("data") / "demo.sqlite3"
    SECRETS_PATH = Path("config") / "secrets.yaml"
    BUSY_TIMEOUT_S = 5.0
    BOT_TICK_S = 0.1


KLINE_INTERVALS = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_FORMATS = ("text", "json")
# A log file rotates at this size (MiB), keeping LOG_BACKUPS older files: months of running fill no disk
LOG_MAX_MB = (1, 1024)
LOG_BACKUPS = 5

# Environment variables read by config.secrets and the CLI
ENV_PREFIX = "ALPHAENGINE_"
ENV_SECRETS_PATH = "ALPHAENGINE_SECRETS"
ENV_DB_PATH = "ALPHAENGINE_DB"
ENV_LOG_FORMAT = "ALPHAENGINE_LOG_FORMAT"
ENV_LOG_FILE = "ALPHAENGINE_LOG_FILE"
