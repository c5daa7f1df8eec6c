"""The dependency rule (ADR-0001): walk every import of the inner packages and fail on a forbidden edge."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OURS = frozenset({"domain", "ports", "application", "adapters", "entrypoints", "config"})
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}

# Package -> what it may import besides the standard library (None = any third party)
ALLOWED_OURS = {
    "domain": {"domain"},
    "ports": {"domain", "ports"},
    "application": {"domain", "ports", "application"},
    "adapters": {"domain", "ports", "adapters"},
    "config": {"config"},
}
ALLOWED_THIRD_PARTY: dict[str, frozenset[str] | None] = {
    "domain": frozenset(),
    "ports": frozenset(),
    "application": frozenset({"anyio"}),
    "adapters": None,
    "config": None,
}


def imports(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """Yield (line, absolute module) for every import in the file, resolving relative ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # The package a relative import starts from: the folder, for modules and __init__ alike
    package = list(path.relative_to(root).parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.lineno, node.module or ""
            else:
                base = package[: len(package) - node.level + 1]
                yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])


def violations(root: Path) -> list[str]:
    found = []
    for layer in ALLOWED_OURS:
        for path in sorted((root / layer).rglob("*.py")):
            for line, module in imports(path, root):
                top = module.split(".")[0]
                if not _allowed(layer, top):
                    found.append(f"{path.relative_to(root).as_posix()}:{line}: {layer} -> {module}")
    return found


def _allowed(layer: str, top: str) -> bool:
    if top in STDLIB:
        return True
    if top in OURS:
        return top in ALLOWED_OURS[layer]
    third_party = ALLOWED_THIRD_PARTY[layer]
    return third_party is None or top in third_party


def test_no_package_imports_across_a_forbidden_edge() -> None:
    found = violations(REPO)

    assert not found, "forbidden imports (file:line: edge):\n" + "\n".join(found)


def test_the_walk_covers_every_inner_package() -> None:
    walked = {layer: len(list((REPO / layer).rglob("*.py"))) for layer in ALLOWED_OURS}

    assert all(count > 0 for count in walked.values()), walked


@pytest.mark.parametrize(
    ("layer", "source", "edge"),
    [
        ("domain", "import httpx\n", "domain -> httpx"),
        ("domain", "from ports.clock import Clock\n", "domain -> ports.clock"),
        ("domain", "import anyio\n", "domain -> anyio"),
        ("ports", "from application.projector import Projector\n", "ports -> application.projector"),
        ("application", "from adapters.sqlite import connection\n", "application -> adapters.sqlite"),
        ("application", "import apsw\n", "application -> apsw"),
        ("adapters", "from entrypoints.cli import main\n", "adapters -> entrypoints.cli"),
        ("adapters", "from application import projector\n", "adapters -> application"),
        ("config", "from domain.values import Mode\n", "config -> domain.values"),
        ("config", "from ..entrypoints import cli\n", "config -> entrypoints"),
    ],
)
def test_a_forbidden_edge_is_reported_with_file_and_line(tmp_path: Path, layer: str, source: str, edge: str) -> None:
    for name in ALLOWED_OURS:
        (tmp_path / name).mkdir()
    (tmp_path / layer / "bad.py").write_text("from __future__ import annotations\n" + source, encoding="utf-8")

    assert violations(tmp_path) == [f"{layer}/bad.py:2: {edge}"]


def test_relative_imports_resolve_against_the_importing_package(tmp_path: Path) -> None:
    (tmp_path / "domain" / "events").mkdir(parents=True)
    path = tmp_path / "domain" / "events" / "orders.py"
    path.write_text("from . import envelope\nfrom ..values import Side\nfrom .registry import x\n", encoding="utf-8")

    modules = [module for _, module in imports(path, tmp_path)]

    assert modules == ["domain.events", "domain.values", "domain.events.registry"]


def test_allowed_edges_pass(tmp_path: Path) -> None:
    for name in ALLOWED_OURS:
        (tmp_path / name).mkdir()
    (tmp_path / "application" / "ok.py").write_text("import anyio\nfrom ports.clock import Clock\nimport json\n")
    (tmp_path / "adapters" / "ok.py").write_text("import apsw\nfrom domain.values import Side\n")

    assert violations(tmp_path) == []
