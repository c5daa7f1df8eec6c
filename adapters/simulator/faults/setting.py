"""One armed fault: how many occasions it spoils (or for how long) and its one parameter; the switchboard contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class FaultSetting:
    """`count` occasions (None: every occasion while armed), bounded by `duration` simulated seconds when given;
    `seconds` is the fault's own parameter (delay, latency, skew, lag, stall length) and `placed` says whether a
    lost or failed order request was executed all the same.
    """

    count: int | None = 1
    duration: float | None = None
    seconds: float = 0.0
    placed: bool = True

    def __post_init__(self) -> None:
        if self.count is not None and (isinstance(self.count, bool) or self.count < 1):
            raise ValueError(f"a fault count must be a positive integer or None, got {self.count!r}")
        if self.duration is not None and self.duration <= 0:
            raise ValueError(f"a fault duration must be positive seconds, got {self.duration!r}")
        if self.seconds < 0:
            raise ValueError(f"a fault's seconds must not be negative, got {self.seconds!r}")


class Switchboard(Protocol):
    """A set of named faults; arming or clearing one is logged, and each firing is logged by the code it spoils."""

    names: tuple[str, ...]

    def arm(self, name: str, setting: FaultSetting) -> None:
        """Arm `name` (replacing its previous setting); ValueError names an unknown fault."""

    def clear(self, name: str | None = None) -> None:
        """Disarm `name`, or every fault of this board when None; idempotent."""

    def armed(self) -> dict[str, FaultSetting]:
        """The faults armed now with their remaining setting."""
