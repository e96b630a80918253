"""Run every benchmark (``make bench``): each script of :data:`BENCHMARKS` in turn, its table on stdout.

Speed and memory targets live here, not in the tests: the numbers depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("graph_page.py", "validate.py", "extract_bench.py", "extract_size.py", "stores.py", "serve_bench.py")


def main() -> int:
    worst = 0
    for script in BENCHMARKS:
        print(f"== {script}", flush=True)
        worst = max(worst, subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]]).returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
