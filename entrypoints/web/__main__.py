"""`python -m entrypoints.web [options]` is `alphaengine web [options]`."""

from __future__ import annotations

import sys

from entrypoints.cli import main

if __name__ == "__main__":
    sys.exit(main(["web", *sys.argv[1:]]))
