"""`python -m entrypoints.bot [options]` is `alphaengine bot [options]`."""

from __future__ import annotations

import sys

from entrypoints.cli import main

if __name__ == "__main__":
    sys.exit(main(["bot", *sys.argv[1:]]))
