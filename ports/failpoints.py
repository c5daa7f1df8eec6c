"""Named crash points: places where a deployment may ask the process to stop dead, to prove recovery (issue 5)."""

from __future__ import annotations

from abc import ABC, abstractmethod

AFTER_INTENT_COMMIT = "after_intent_commit"
"""Placement: the intent (OrderLink) is durable, the request has not been sent."""
AFTER_SEND_BEFORE_ACK = "after_send_before_ack"
"""Placement: the exchange accepted the order, nothing about the result is recorded yet."""
MID_FILL_PROCESSING = "mid_fill_processing"
"""Main loop: some stream facts of a fill are appended, the rest are not (nor folded into projections)."""
MID_PROJECTION_UPDATE = "mid_projection_update"
"""Projector: row changes are computed, not yet committed with their checkpoint."""

NAMES = (AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK, MID_FILL_PROCESSING, MID_PROJECTION_UPDATE)


def check_name(name: str) -> str:
    """Return `name` if it is a known failpoint, else raise ValueError listing the known ones."""
    if name not in NAMES:
        raise ValueError(f"unknown failpoint {name!r}; known failpoints: {', '.join(NAMES)}")
    return name


class Failpoints(ABC):
    @abstractmethod
    def hit(self, name: str) -> None:
        """Mark that execution reached failpoint `name`.

        Returns normally unless the deployment asked to stop the process there; then it never returns.
        """


class NoFailpoints(Failpoints):
    """Stops nowhere: the default wherever failpoints are injected, so unwired code behaves as before."""

    def hit(self, name: str) -> None:
        return None
