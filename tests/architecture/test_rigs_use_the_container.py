"""Every test builds the bot through its container (ADR 0058): no test wires the bot's parts by hand.

A rig that constructs the effects, the executor, the core, the boot or the loop itself holds a copy of the
container's graph, and a change to the graph (a new dependency, another store) reaches the product but not the rig.
Benches override one provider of a container instead (`tests/harness/simulated_bot.py`).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The bot's parts the container composes, by the module that defines each
COMPOSED = {
    "Effects": "application.commands.effects",
    "Executor": "application.executor",
    "BotCore": "application.bot_core",
    "Boot": "application.boot",
    "MainLoop": "application.loop",
}
# Test files that may construct one of them: none. The classes' own behaviour is tested through a bench built by
# the container (tests/unit/application/bench.py, tests/unit/application_loop/bench.py), so no exception is needed
ALLOWED: frozenset[str] = frozenset()


def constructions(path: Path) -> list[str]:
    """`line: Name(` for every call in the file that constructs one of the composed parts, under any imported name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = {name: name for name in COMPOSED}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in COMPOSED.values():
            names.update({alias.asname: alias.name for alias in node.names if alias.asname and alias.name in COMPOSED})
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if called in names:
            found.append(f"{node.lineno}: {names[called]}(")
    return found


def hand_wired(root: Path) -> dict[str, list[str]]:
    """The test files under `root`/tests that construct a composed part, with where, outside ALLOWED."""
    found = {}
    for path in sorted((root / "tests").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name not in ALLOWED and (calls := constructions(path)):
            found[name] = calls
    return found


def test_no_test_constructs_the_bots_parts_by_hand() -> None:
    assert hand_wired(REPO) == {}, "build the bot with build_bot_container and override the provider you replace"


def test_the_check_sees_a_hand_wired_part_under_any_name(tmp_path: Path) -> None:
    rigs = {
        "tests/rig.py": "from application.boot import Boot\n\nboot = Boot(core, executor, stream)\n",
        "tests/renamed.py": "from application.loop import MainLoop as Loop\n\nloop = Loop(core, None, None)\n",
        "tests/dotted.py": "import application.executor\n\nx = application.executor.Executor(effects)\n",
        "tests/viewed.py": "def view(bot):\n    return bot.loop(), bot.effects()\n",
    }
    for name, text in rigs.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    assert hand_wired(tmp_path) == {
        "tests/dotted.py": ["3: Executor("],
        "tests/renamed.py": ["3: MainLoop("],
        "tests/rig.py": ["3: Boot("],
    }
