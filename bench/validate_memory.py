"""Peak memory of `gazette validate` on a project whose procurement_prices.csv has N rows.

Usage: .venv/bin/python bench/validate_memory.py [--rows 1000000]

Writes the rows (valid, distinct keys) into a temporary copy of the project, runs
`validate_project` in a child process and prints the child's peak resident set size
(`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`) and wall time. The target is ≤ 1 GB
for a million rows.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from validate_speed import write_prices  # noqa: E402

CHILD = """
import sys
from pathlib import Path
from generator.data.validate import validate_project
dataset, problems = validate_project(Path(sys.argv[1]))
assert not problems, problems[:5]
print(sum(len(f) for f in dataset.frames.values()))
"""


def main() -> int:
    """Write the file, validate it in a child, print its peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(REPO / "datasets", root / "datasets")
        prices = root / "datasets/procurement_prices.csv"
        write_prices(prices, args.rows)
        size = prices.stat().st_size / 1e6
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(root)], cwd=REPO, capture_output=True, text=True
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            return 1
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB on Linux
    print(f"{args.rows:,} price rows ({size:.0f} MB CSV), {done.stdout.strip()} rows valid")
    print(f"validate: peak RSS {peak:,.0f} MB, {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
