"""Entry point: `python tools/runner [command ...]` (what `./bostad` runs)."""

import sys
from pathlib import Path

# Run as a script, sys.path[0] is tools/runner; make `runner` importable as a package.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from runner.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
