"""The strategies the engine itself ships: those its own distribution registers in the alphaengine.strategies
entry-point group, and the registry's built-ins (found even when an editable install's metadata is stale)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, distribution

from adapters.strategies.registry import BUILT_IN, GROUP

DISTRIBUTION = "alphaengine"


def built_in_strategies() -> list[str]:
    """Sorted names; a plug-in installed from another distribution is not one of them."""
    try:
        points = distribution(DISTRIBUTION).entry_points.select(group=GROUP)
    except PackageNotFoundError:
        points = None
    return sorted({*BUILT_IN, *(point.name for point in points or ())})
