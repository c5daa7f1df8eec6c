"""The strategies the engine itself ships, as the trial and its bench enumerate them."""

from __future__ import annotations

from adapters.strategies.registry import BUILT_IN


def built_in_strategies() -> list[str]:
    """Sorted names of the registry's built-ins: the alphaengine.strategies entry points this distribution's pyproject
    declares (tests/e2e/test_trial.py holds the two equal). Read from the code, not from the installed metadata, which
    an editable install may have from another tree; a plug-in of another distribution is not one of them."""
    return sorted(BUILT_IN)
