"""No example, sim or local values in testnet or production: the API key pair, the web's secret key, the hosts."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from config.constants import SimCredentials
from config.secrets import Secrets
from entrypoints.doctor.verdict import Finding, Verdict, ok
from entrypoints.web.security.startup import UnsafeWebStartup, check_web_startup, is_loopback

# Binance API keys and secrets are 64 letters and digits
_BINANCE_KEY = re.compile(r"[A-Za-z0-9]{64}")
PLACEHOLDERS = frozenset(
    {"", "changeme", "change-me", "change_me", "your-api-key", "your_api_key", "api-key", "apikey", "xxx", "key"}
)


def api_keys(secrets: Secrets) -> Finding:
    """Testnet and production need their own key pair: never empty, a placeholder or the simulator's public pair."""
    check = "api key"
    if secrets.mode == "sim":
        return ok(check, "sim mode: the simulator's public key pair (worthless anywhere else)")
    pair = secrets.exchange_credentials()
    key, secret = pair.api_key.reveal().strip(), pair.api_secret.reveal().strip()
    where = f"{secrets.mode}.api_key / {secrets.mode}.api_secret"
    if SimCredentials.API_KEY in (key, secret) or SimCredentials.API_SECRET in (key, secret):
        return Finding(
            check, Verdict.FAIL, f"{where}: the simulator's public key pair", f"set the {secrets.mode} key from Binance"
        )
    if key.lower() in PLACEHOLDERS or secret.lower() in PLACEHOLDERS:
        return Finding(check, Verdict.FAIL, f"{where}: an empty or example value", f"set the {secrets.mode} key")
    if not (_BINANCE_KEY.fullmatch(key) and _BINANCE_KEY.fullmatch(secret)):
        return Finding(
            check,
            Verdict.WARN,
            f"{where}: not 64 letters and digits as Binance's are",
            "check that the whole key and secret were pasted",
        )
    return ok(check, f"{secrets.mode} key {pair.fingerprint()} (fingerprint) is set")


def web_secret_key(secrets: Secrets) -> Finding:
    """The web's own start-up rule (ADR 0046, ADR 0084): a long random web.secret_key in testnet and production."""
    check = "web secret key"
    try:
        check_web_startup(secrets.mode, secrets.web_secret_key.reveal(), "127.0.0.1")
    except UnsafeWebStartup as refused:
        found, _, action = refused.problem.partition("; ")
        return Finding(check, Verdict.FAIL, f"{refused.key}: {found}", action)
    if secrets.mode == "sim":
        return ok(check, "sim mode: any key will do (the web refuses the sim key in testnet and production)")
    return ok(check, "web.secret_key is long, random-looking (128 bits or more) and not an example value")


def endpoints(secrets: Secrets) -> Finding:
    """Production must reach Binance: a host on this machine is the simulator or a leftover test override."""
    check = "endpoints"
    hosts = secrets.endpoints
    urls = {"rest_url": hosts.rest_url, "ws_url": hosts.ws_url, "spot_rest_url": hosts.wallet_url}
    local = {name: url for name, url in urls.items() if is_loopback(urlsplit(url).hostname or "")}
    if secrets.mode == "sim" or not local:
        return ok(check, f"{secrets.mode}: REST {hosts.rest_url}, WebSocket {hosts.ws_url}")
    named = ", ".join(f"{secrets.mode}.{name} {url}" for name, url in local.items())
    overrides = ", ".join(f"ALPHAENGINE_{name.upper()}" for name in local)
    verdict = Verdict.FAIL if secrets.mode == "production" else Verdict.WARN
    return Finding(
        check,
        verdict,
        f"{named}: this machine (the simulator?), not Binance",
        f"remove the override ({overrides} or the secrets file's {secrets.mode} section)",
    )
