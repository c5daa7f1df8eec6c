"""Our generic top-level names (config, domain, entrypoints…) come from this repository, never PyPI (ADR-0002)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "ports", "application", "adapters", "entrypoints", "config")
OUR_DISTRIBUTION = "alphaengine"


def inside_repo(path: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(REPO)


def version_command() -> list[str]:
    """How a user starts it: the venv's console script when there is one, else `python -m` of this interpreter."""
    script = REPO / ".venv" / ("Scripts/alphaengine.exe" if os.name == "nt" else "bin/alphaengine")
    if script.exists():
        return [str(script), "version", "--verbose"]
    return [sys.executable, "-m", "entrypoints.cli", "version", "--verbose"]


@pytest.mark.parametrize("name", PACKAGES)
def test_each_package_is_imported_from_the_repository(name: str) -> None:
    module = importlib.import_module(name)

    assert module.__file__ is not None and inside_repo(module.__file__), f"{name} comes from {module.__file__}"


def test_the_installed_command_imports_every_package_from_the_repository(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    result = subprocess.run(
        version_command(), check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    origins = dict(line.split(maxsplit=1) for line in result.stdout.splitlines() if line.split()[0] in PACKAGES)
    assert set(origins) == set(PACKAGES), result.stdout
    assert all(inside_repo(path) for path in origins.values()), origins


def test_no_other_installed_distribution_provides_our_top_level_names() -> None:
    clashes = sorted(
        f"{dist.metadata['Name']} provides {name}"
        for dist in distributions()
        if (dist.metadata["Name"] or "").lower() != OUR_DISTRIBUTION
        for name in top_level_names(dist) & set(PACKAGES)
    )

    assert not clashes, "uninstall these, they shadow our packages: " + "; ".join(clashes)


def top_level_names(dist: object) -> set[str]:
    """Names a distribution installs at the top of site-packages, from top_level.txt and from RECORD."""
    names = set((dist.read_text("top_level.txt") or "").split())  # type: ignore[attr-defined]
    for file in dist.files or []:  # type: ignore[attr-defined]
        first = file.parts[0]
        if first not in ("..", "__pycache__") and not first.endswith((".dist-info", ".egg-info", ".data")):
            names.add(first.removesuffix(".py"))
    return names
