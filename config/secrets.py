"""Secrets: the mode, API keys and the web key, from config/secrets.yaml overridden by ALPHAENGINE_* variables."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from config.constants import (
    ENDPOINT_FIELDS,
    ENV_SECRETS_PATH,
    MODES,
    BinanceEndpoints,
    Defaults,
    Endpoints,
    SimCredentials,
)
from config.errors import SecretsError, from_validation


class Secret:
    """A secret string that prints as *** everywhere (logs, errors, reprs); reveal() gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("a Secret wraps a str")
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))


# Hex digits of a key's SHA-256 kept as the account's fingerprint: enough to tell keys apart, useless to sign with
FINGERPRINT_HEX = 16


@dataclass(frozen=True)
class Credentials:
    api_key: Secret
    api_secret: Secret

    def fingerprint(self) -> str:
        """A non-reversible name of the account the key belongs to: a truncated SHA-256 of the API key."""
        return hashlib.sha256(self.api_key.reveal().encode()).hexdigest()[:FINGERPRINT_HEX]


@dataclass(frozen=True)
class Secrets:
    """What the chosen mode needs: its credentials, its endpoints and the web's signing key."""

    mode: str
    # None when loaded without exchange keys (the web never talks to the exchange)
    credentials: Credentials | None
    web_secret_key: Secret
    endpoints: Endpoints
    source: Path | None

    def exchange_credentials(self) -> Credentials:
        """The exchange key pair, for a caller that talks to the exchange; ValueError if loaded without it."""
        if self.credentials is None:
            raise ValueError("credentials: these secrets were loaded with exchange_keys=False; load them with the keys")
        return self.credentials


# Environment variable -> dotted key in the secrets document; {mode} is the chosen mode
ENV_KEYS = {
    "ALPHAENGINE_PRODUCTION_API_KEY": "production.api_key",
    "ALPHAENGINE_PRODUCTION_API_SECRET": "production.api_secret",
    "ALPHAENGINE_TESTNET_API_KEY": "testnet.api_key",
    "ALPHAENGINE_TESTNET_API_SECRET": "testnet.api_secret",
    "ALPHAENGINE_WEB_SECRET_KEY": "web.secret_key",
    **{f"ALPHAENGINE_{name.upper()}": f"{{mode}}.{name}" for name in ENDPOINT_FIELDS},
}
ENV_MODE = "ALPHAENGINE_MODE"
_PATH = validate.Regexp(r"^(/[A-Za-z0-9._~-]+)*$", error="must be empty or a path like /market")


class _EndpointsSchema(Schema):
    class Meta:
        unknown = RAISE

    rest_url = fields.Url(schemes={"http", "https"}, require_tld=False)
    ws_url = fields.Url(schemes={"ws", "wss"}, require_tld=False)
    ws_market_path = fields.String(validate=_PATH)
    ws_public_path = fields.String(validate=_PATH)
    ws_private_path = fields.String(validate=_PATH)
    spot_rest_url = fields.Url(schemes={"http", "https"}, require_tld=False)


class _ExchangeSchema(_EndpointsSchema):
    api_key = fields.String()
    api_secret = fields.String()


class _WebSchema(Schema):
    class Meta:
        unknown = RAISE

    secret_key = fields.String()


class _SecretsSchema(Schema):
    class Meta:
        unknown = RAISE

    mode = fields.String(validate=validate.OneOf(MODES, error="must be one of production, testnet, sim"))
    production = fields.Nested(_ExchangeSchema)
    testnet = fields.Nested(_ExchangeSchema)
    sim = fields.Nested(_EndpointsSchema)
    web = fields.Nested(_WebSchema)


def secrets_path(path: Path | None = None, env: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """Return the secrets file to read and whether it was named explicitly (then it must exist)."""
    env = os.environ if env is None else env
    if path is not None:
        return path, True
    if env.get(ENV_SECRETS_PATH):
        return Path(env[ENV_SECRETS_PATH]), True
    return Defaults.SECRETS_PATH, False


def stated_mode(path: Path | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """The mode the operator asked for: ALPHAENGINE_MODE, else `mode:` in the secrets file; None if neither says."""
    env = os.environ if env is None else env
    return _stated(env, _read(*secrets_path(path, env)))


def load_secrets(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    mode: str | None = None,
    exchange_keys: bool = True,
) -> Secrets:
    """Read the secrets file, apply environment overrides, validate, and check what `mode` (else the file's) needs.

    exchange_keys False: the exchange key pair is neither required nor returned (credentials None).
    """
    env = os.environ if env is None else env
    file, required = secrets_path(path, env)
    document = _read(file, required)
    chosen = mode or _stated(env, document) or Defaults.MODE
    document["mode"] = chosen
    for variable, key in ENV_KEYS.items():
        if env.get(variable):
            _put(document, key.format(mode=chosen), env[variable])
    try:
        loaded = _SecretsSchema().load(document)
    except ValidationError as exc:
        raise from_validation(SecretsError, exc, "") from None
    return _build(loaded, file if file.is_file() else None, exchange_keys)


def _read(file: Path, required: bool) -> dict[str, Any]:
    if not file.is_file():
        if required:
            raise SecretsError(str(file), "secrets file not found")
        return {}
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SecretsError(str(file), f"cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        # Never quote the offending line: it may hold a key
        raise SecretsError(str(file), f"not valid YAML{_where(exc)}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise SecretsError(str(file), "expected a mapping of mode, production, testnet, sim, web")
    return document


def _stated(env: Mapping[str, str], document: dict[str, Any]) -> str | None:
    stated = env.get(ENV_MODE) or document.get("mode")
    if stated is not None and stated not in MODES:
        raise SecretsError("mode", "must be one of production, testnet, sim")
    return stated


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return "" if mark is None else f" (line {mark.line + 1}, column {mark.column + 1})"


def _put(document: dict[str, Any], key: str, value: str) -> None:
    section, _, name = key.partition(".")
    if document.get(section) is None:
        document[section] = {}
    if isinstance(document[section], dict):
        document[section][name] = value


def _build(loaded: dict[str, Any], source: Path | None, exchange_keys: bool) -> Secrets:
    mode = loaded["mode"]
    section = loaded.get(mode, {})
    overrides = {name: section.get(name) for name in ENDPOINT_FIELDS}
    return Secrets(
        mode=mode,
        credentials=_credentials(mode, section) if exchange_keys else None,
        web_secret_key=Secret(_required(loaded.get("web", {}), "web", "secret_key", mode)),
        endpoints=BinanceEndpoints.for_mode(mode).with_overrides(**overrides),
        source=source,
    )


def _credentials(mode: str, section: dict[str, Any]) -> Credentials:
    if mode == "sim":
        return Credentials(Secret(SimCredentials.API_KEY), Secret(SimCredentials.API_SECRET))
    return Credentials(
        api_key=Secret(_required(section, mode, "api_key", mode)),
        api_secret=Secret(_required(section, mode, "api_secret", mode)),
    )


def _required(section: dict[str, Any], name: str, field: str, mode: str) -> str:
    # An empty value counts as unset, so the example file works as it is in sim mode
    value: str = section.get(field, "")  # _SecretsSchema loads every field as a string
    if value:
        return value
    if mode == "sim" and (name, field) == ("web", "secret_key"):
        return SimCredentials.WEB_SECRET_KEY
    variable = f"ALPHAENGINE_{name.upper()}_{field.upper()}"
    raise SecretsError(f"{name}.{field}", f"missing for mode {mode} (set it in the secrets file or in {variable})")
