"""Start-up refusal: in production and testnet the web never serves with a weak secret, or off loopback without TLS."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from config.constants import SimCredentials
from config.errors import ConfigError

GUARDED_MODES = frozenset({"production", "testnet"})
MIN_SECRET_LENGTH = 32
# Values people paste from examples and docs; the sim key is public by design
EXAMPLE_SECRETS = frozenset(
    {
        SimCredentials.WEB_SECRET_KEY,
        "change-me",
        "changeme",
        "change_me",
        "secret",
        "secret-key",
        "secret_key",
        "your-secret-key",
        "example",
        "password",
        "replace-me",
        "super-secret",
        "supersecret",
    }
)
GENERATE = 'python -c "import secrets; print(secrets.token_hex(32))"'


class UnsafeWebStartup(ConfigError):
    """The web refuses to start as configured; the message says what to change."""


def check_web_startup(
    mode: str,
    secret: str,
    host: str,
    certfile: Path | None = None,
    keyfile: Path | None = None,
) -> None:
    """Raise UnsafeWebStartup (one line) when the secret, the bind address or the TLS files are not safe to serve."""
    _check_tls_files(certfile, keyfile)
    if mode not in GUARDED_MODES:
        return
    _check_secret(mode, secret)
    if certfile is None and not is_loopback(host):
        raise UnsafeWebStartup(
            "web.bind",
            f"{host} is not a loopback address and TLS is off in {mode} mode; bind 127.0.0.1 behind "
            "a TLS proxy (nginx) or give a certificate and key",
        )


def is_loopback(host: str) -> bool:
    """True for localhost and loopback IPs; any other name counts as reachable from outside."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_secret(mode: str, secret: str) -> None:
    value = secret.strip()
    if not value:
        raise UnsafeWebStartup("web.secret_key", f"empty in {mode} mode; set a random one: {GENERATE}")
    if value.lower() in EXAMPLE_SECRETS:
        raise UnsafeWebStartup("web.secret_key", f"is an example value; set a random one: {GENERATE}")
    if len(value) < MIN_SECRET_LENGTH:
        raise UnsafeWebStartup(
            "web.secret_key",
            f"shorter than {MIN_SECRET_LENGTH} characters in {mode} mode; set a random one: {GENERATE}",
        )


def _check_tls_files(certfile: Path | None, keyfile: Path | None) -> None:
    if (certfile is None) != (keyfile is None):
        raise UnsafeWebStartup("web.tls", "TLS needs both a certificate file and a key file")
    for what, path in (("certificate", certfile), ("key", keyfile)):
        if path is not None and not Path(path).is_file():
            raise UnsafeWebStartup("web.tls", f"{what} file {path} not found")
