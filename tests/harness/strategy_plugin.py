"""A strategy plug-in as an installed distribution looks: a module and a dist-info naming its entry points."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def install_strategy_plugin(folder: Path, module: str, source: str, entry_points: Mapping[str, str]) -> Path:
    """Write `module` and its dist-info into `folder`, for sys.path or PYTHONPATH; entry name → "module:Class"."""
    (folder / f"{module}.py").write_text(source, encoding="utf-8")
    info = folder / f"{module}-0.1.dist-info"
    info.mkdir()
    name = module.replace("_", "-")
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    lines = "".join(f"{entry} = {target}\n" for entry, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[alphaengine.strategies]\n{lines}", encoding="utf-8")
    return folder
