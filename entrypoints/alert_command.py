"""`alphaengine alert KIND`: send one alert from outside the bot — `bot-down` for systemd's OnFailure= unit, `test`
to try the configured URLs (ADR 0078)."""

from __future__ import annotations

import argparse
from typing import TextIO

from domain.alerts import Alert, AlertKind
from entrypoints.cli_services import EXIT_FAILURE
from ports.clock import Clock

KINDS = ("bot-down", "test")


def alert(args: argparse.Namespace, out: TextIO) -> int:
    """Send the alert and wait (bounded) for its delivery; exit 1 when a configured URL did not take it."""
    from adapters.system.clock import SystemClock
    from entrypoints.alerting import CLOSE_TIMEOUT_S, notifier_for
    from entrypoints.cli_services import load_secrets_logged
    from entrypoints.runtime import configure_logging

    configure_logging()
    secrets = load_secrets_logged(args, None, exchange_keys=False)
    notifier = notifier_for(secrets)
    notifier.notify(_alert(args.kind, args.unit or "alphaengine-bot", SystemClock()))
    delivered = notifier.close(CLOSE_TIMEOUT_S)
    if not secrets.alert_urls:
        print("no alert URLs configured (alerts.urls or ALPHAENGINE_ALERT_URLS): the alert was logged only", file=out)
        return 0
    if not delivered:
        print(f"alert not delivered to every one of the {len(secrets.alert_urls)} URLs: see the log above", file=out)
        return EXIT_FAILURE
    print(f"alert sent to {len(secrets.alert_urls)} URLs", file=out)
    return 0


def _alert(kind: str, unit: str, clock: Clock) -> Alert:
    if kind == "bot-down":
        summary = f"systemd gave up on {unit}: it failed and is not restarted"
        return Alert(AlertKind.BOT_DOWN, unit, summary, clock.now())
    return Alert(AlertKind.TEST, "", "sent by `alphaengine alert test`", clock.now())
