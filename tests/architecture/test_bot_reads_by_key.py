"""The bot's code never reads a large projection table whole (ADR 0069): trades and closed orders are asked by key.

`ProjectionState.trades()`, `StoredRows.all_trades()` and `ProjectionStore.load()`/`dump()` read every row ever
written; they serve tools and tests. A call in the domain or the application would make a boot or a reconcile pass
grow with history again, which the row-counting test sees only on the paths it drives.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WHOLE_READS = frozenset({"trades", "all_trades", "load", "dump"})
# The state itself answers trades() over the store (and, without one, over the rows it holds)
ALLOWED = frozenset({"domain/projections/state.py"})


def whole_reads(path: Path) -> list[str]:
    """`line: .name()` for every argument-less call of a whole-table read in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{node.lineno}: .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WHOLE_READS
        and not node.args
        and not node.keywords
    ]


def readers(root: Path) -> dict[str, list[str]]:
    found = {}
    for package in ("domain", "application"):
        for path in sorted((root / package).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            if name not in ALLOWED and (calls := whole_reads(path)):
                found[name] = calls
    return found


def test_the_domain_and_the_application_never_read_a_whole_projection_table() -> None:
    assert readers(REPO) == {}


def test_the_check_sees_a_whole_read(tmp_path: Path) -> None:
    (tmp_path / "application").mkdir()
    (tmp_path / "application" / "reader.py").write_text("def f(state):\n    return state.trades()\n", encoding="utf-8")

    assert readers(tmp_path) == {"application/reader.py": ["2: .trades()"]}
