"""The loop's last step: renew the lease, publish the health row (rate limit, market, unknown outcomes) for the web,
then let the alert watch look at what was recorded."""

from __future__ import annotations

import logging
from datetime import datetime

from application.alert_watch import AlertWatch
from application.bot_core import BotCore
from application.cycle import CycleReport, LoopTiming, elapsed
from application.loop_ports import RateLimitReading
from application.market_view import MarketView
from application.step_errors import StepErrors
from application.unresolved import UnresolvedOrders
from domain.text import shown
from ports.lease import LeaseLost

log = logging.getLogger("alphaengine.bot")
# The health row is rewritten every heartbeat: an error quoting a whole payload must not make it grow
LAST_ERROR_CHARS = 500


class Heartbeat:
    """Stamps every cycle in memory; renews the lease and publishes at most every `heartbeat_every`."""

    def __init__(
        self,
        core: BotCore,
        timing: LoopTiming,
        errors: StepErrors,
        *,
        rate_limits: RateLimitReading | None,
        market: MarketView | None,
        unresolved: UnresolvedOrders | None = None,
        alerts: AlertWatch | None = None,
    ) -> None:
        self._leases, self._board, self._clock = core.storage.leases, core.board, core.clock
        self._every, self._errors, self._rate_limits, self._market = timing.heartbeat_every, errors, rate_limits, market
        self._unresolved, self._alerts = unresolved, alerts
        self._last: datetime | None = None
        self.lease_lost = False

    def beat(self, report: CycleReport) -> None:
        """Raise LeaseLost when another bot holds the lease now; any other failure is recorded."""
        now = self._clock.now()
        self._board.update(last_loop_at=now)
        if report.errors:
            # Kept until a later one replaces it: the web shows it as the likely why of a bot that stops responding
            self._board.update(last_error=_storable(report.errors[-1]), last_error_at=now)
        if not elapsed(self._last, now, self._every):
            return
        self._last = now
        try:
            self._leases.heartbeat(self._board.current.holder, now)
        except LeaseLost:
            self.lease_lost = True
            log.critical("lease lost: this bot stops so that only one instance trades")
            raise
        except Exception as exc:  # noqa: BLE001 - a busy database delays the heartbeat; the ttl leaves room
            self._errors.record("heartbeat", exc, report)
            return
        with self._errors.guard("heartbeat", report):
            if self._rate_limits is not None:
                weight, state = self._rate_limits()
                self._board.update(rate_limit_weight=weight, rate_limit_state=state)
            if self._market is not None:
                self._board.update(**self._market.health_fields())
            if self._unresolved is not None:
                self._board.update(**self._unresolved.health_fields())
            self._board.publish()
        if self._alerts is not None:
            # After the publish: the watch reads the health it shows
            with self._errors.guard("alerts", report):
                self._alerts.check()


def _storable(error: str) -> str:
    # A lone surrogate from an exchange payload cannot be stored as UTF-8 and would fail every publish after it
    return shown(error)[:LAST_ERROR_CHARS]
