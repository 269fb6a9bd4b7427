"""Time `validate_project` against plain `frictionless.validate` on the same 100,000-row file.

Usage: .venv/bin/python bench/validate_speed.py [--rows N] [--repeat K]

Prints the median of K runs for: the shipped sample, our full validation (every resource,
all schema checks and domain rules) of a project whose procurement_prices.csv has N rows,
and frictionless on that one resource (schema without foreign keys, which frictionless
would need the whole package for). The ratio is frictionless time / our time.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.data.validate import validate_project  # noqa: E402

CATEGORIES = [
    "辦公用品",
    "資訊耗材",
    "清潔用品",
    "茶水餐飲",
    "電器設備",
    "家具",
    "印刷文宣",
    "禮品紀念品",
]
REGIONS = ["本市", "北部", "中部", "南部", "東部", "全國"]


def write_prices(path: Path, rows: int) -> None:
    """Write `rows` valid, distinct-key price rows."""
    header = ["item_id", "name_zh", "name_en", "category", "specification", "unit",
              "reference_price", "min_price", "max_price", "quotes", "survey_date", "source",
              "region", "agency_id"]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            prefix = chr(65 + (i // 10000) // 26 % 26) + chr(65 + (i // 10000) % 26)
            low = 100 + i % 900
            writer.writerow([
                f"{prefix}-{i % 10000:04d}", f"品項{i}", f"Item {i}", CATEGORIES[i % 8],
                f"規格 {i % 37} 型", "個", f"{low + 10}.5", str(low), str(low + 25),
                str(1 + i % 9), f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "市場訪價",
                REGIONS[i % 6], "secretariat",
            ])  # fmt: skip


def median_time(func, repeat: int) -> float:
    """Return the median wall time of `func()` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import frictionless

    sample = median_time(lambda: validate_project(REPO), args.repeat)
    print(f"shipped sample: validate_project {sample:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(REPO / "datasets", root / "datasets")
        prices = root / "datasets/procurement_prices.csv"
        write_prices(prices, args.rows)
        _, problems = validate_project(root)
        assert not problems, problems[:5]

        ours = median_time(lambda: validate_project(root), args.repeat)
        descriptor = yaml.safe_load((root / "datasets/datapackage.yaml").read_text("utf-8"))
        (spec,) = [r for r in descriptor["resources"] if r["name"] == "procurement_prices"]
        schema = {k: v for k, v in spec["schema"].items() if k != "foreignKeys"}

        def reference() -> None:
            resource = frictionless.Resource(
                path=prices.name,
                basepath=str(prices.parent),
                schema=frictionless.Schema.from_descriptor(schema),
            )
            report = frictionless.validate(resource)
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:5]

        theirs = median_time(reference, args.repeat)
    print(f"{args.rows} price rows: validate_project (all resources, all rules) {ours:.3f} s")
    print(f"{args.rows} price rows: frictionless.validate (that resource only) {theirs:.3f} s")
    print(f"ratio frictionless / ours: {theirs / ours:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
