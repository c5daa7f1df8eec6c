"""Start-up refusal: in production and testnet the web never serves with a weak secret, or off loopback without TLS."""

from __future__ import annotations

import ipaddress
import ssl
from pathlib import Path

from config.constants import SimCredentials
from config.errors import ConfigError
from entrypoints.web.security.secret_strength import secret_weakness

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
_READABLE = "make it readable by the user the web runs as"
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
    weakness = secret_weakness(value)
    if weakness is not None:
        raise UnsafeWebStartup("web.secret_key", f"{weakness} in {mode} mode; set a random one: {GENERATE}")


def _check_tls_files(certfile: Path | None, keyfile: Path | None) -> None:
    if certfile is None or keyfile is None:
        if certfile is not None or keyfile is not None:
            raise UnsafeWebStartup("web.tls", "TLS needs both a certificate file and a key file")
        return
    for flag, what, path in (("--certfile", "certificate", certfile), ("--keyfile", "key", keyfile)):
        if not Path(path).is_file():
            raise UnsafeWebStartup(flag, f"{what} file {path} not found")
        try:
            Path(path).read_bytes()
        except OSError as exc:
            raise UnsafeWebStartup(flag, f"cannot read the {what} file {path} ({exc.strerror}); {_READABLE}") from None
    # Loaded here as the server will load them, so a wrong file is one line now, not a failure at the first request
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except ssl.SSLError as exc:
        raise UnsafeWebStartup(
            "--certfile",
            f"{certfile} and --keyfile {keyfile} do not load as a PEM certificate and its private key ({exc.reason})",
        ) from None
