"""The exchange, through the Binance REST adapter: reachability and clock skew against /fapi/v1/time, what the API
key may do (/sapi/v1/account/apiRestrictions on the spot host) and whether the futures account may trade
(/fapi/v1/accountConfig). Each call is bounded by the timeout; nothing is written anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import anyio

from adapters.binance.rest import BinanceGateway
from entrypoints.doctor.verdict import Finding, Verdict, ok
from ports.errors import ExchangeError, ExchangeRejected

# Binance refuses a timestamp 1000 ms ahead of its clock, or older than recvWindow (5000 ms unless a request says)
AHEAD_TOLERANCE = timedelta(milliseconds=1000)
DEFAULT_RECV_WINDOW = timedelta(milliseconds=5000)
UNREACHABLE = (ExchangeError, OSError, TimeoutError)
BY_HAND = (
    "verify by hand in Binance's API Management: Enable Futures on, Enable Withdrawals off, "
    "access restricted to this server's IP address"
)
SYNC_TIME = "turn on time sync (`timedatectl set-ntp true`, or chrony)"


@dataclass(frozen=True)
class SkewBounds:
    """A failure where Binance would refuse a request stamped by this machine's clock; a warning above `warn`."""

    ahead: timedelta = AHEAD_TOLERANCE
    behind: timedelta = DEFAULT_RECV_WINDOW
    warn: timedelta = timedelta(milliseconds=500)


async def reachability(gateway: BinanceGateway, rest_url: str, limit_s: float) -> Finding:
    check = "exchange"
    try:
        with anyio.fail_after(limit_s):
            await gateway.server_time()
    except UNREACHABLE as error:
        return Finding(
            check,
            Verdict.FAIL,
            f"no answer from {rest_url}/fapi/v1/time within {limit_s:g} s ({_said(error)})",
            "check the network, DNS and firewall, and rest_url (in sim mode, start `alphaengine sim` first)",
        )
    return ok(check, f"{rest_url} answers")


def clock_skew(offset: timedelta, bounds: SkewBounds | None = None) -> Finding:
    """`offset` is the exchange's time minus this machine's, as measured at the middle of the round trip."""
    check = "clock skew"
    bounds = bounds or SkewBounds()
    millis = round(offset / timedelta(milliseconds=1))
    said = f"this machine's clock is {abs(millis)} ms {'behind' if millis >= 0 else 'ahead of'} the exchange's"
    if -offset >= bounds.ahead or offset > bounds.behind:
        limit = bounds.ahead if offset < timedelta(0) else bounds.behind
        return Finding(
            check,
            Verdict.FAIL,
            f"{said}: beyond Binance's {round(limit / timedelta(milliseconds=1))} ms, a request stamped by it is "
            "refused (-1021); the bot corrects by the measured offset, every other clock reading is off",
            SYNC_TIME,
        )
    if abs(offset) > bounds.warn:
        return Finding(check, Verdict.WARN, said, SYNC_TIME)
    return ok(check, said)


async def key_permissions(gateway: BinanceGateway, wallet_url: str, mode: str, limit_s: float) -> Finding:
    """In sim mode the key is public anyway: an IP restriction is not asked for there."""
    check = "api key permissions"
    try:
        with anyio.fail_after(limit_s):
            found = await gateway.key_permissions()
    except UNREACHABLE as error:
        return Finding(check, Verdict.UNKNOWN, f"{wallet_url} did not say (apiRestrictions: {_said(error)})", BY_HAND)
    problems = [
        (found.withdrawals, "withdrawals are ENABLED", "turn off Enable Withdrawals in API Management"),
        (not found.futures, "futures are not enabled", "turn on Enable Futures (or create a new key)"),
        (not found.reading, "reading is not enabled", "turn on Enable Reading"),
    ]
    failed = [(said, action) for bad, said, action in problems if bad]
    if failed:
        return Finding(
            check, Verdict.FAIL, "; ".join(said for said, _ in failed), "; ".join(action for _, action in failed)
        )
    if not found.ip_restricted and mode != "sim":
        return Finding(
            check,
            Verdict.WARN,
            "futures on, withdrawals off, but usable from any IP address",
            "restrict the key to this server's IP address in API Management",
        )
    restricted = "restricted to trusted IP addresses" if found.ip_restricted else "any IP address (sim mode)"
    return ok(check, f"futures on, withdrawals off, {restricted}")


async def futures_trading(gateway: BinanceGateway, limit_s: float) -> Finding:
    check = "futures account"
    try:
        with anyio.fail_after(limit_s):
            can_trade = await gateway.can_trade()
    except ExchangeRejected as refused:
        return Finding(
            check,
            Verdict.FAIL,
            f"the exchange refused the key ({refused})",
            "check the key and its secret, its IP restriction and Enable Futures",
        )
    except UNREACHABLE as error:
        return Finding(check, Verdict.FAIL, f"accountConfig did not answer ({_said(error)})", "re-run when it answers")
    if not can_trade:
        return Finding(
            check,
            Verdict.FAIL,
            "canTrade is false: this futures account may not trade",
            "check the account's status and restrictions on Binance",
        )
    return ok(check, "canTrade: the futures account may trade")


def _said(error: BaseException) -> str:
    return str(error) or type(error).__name__
