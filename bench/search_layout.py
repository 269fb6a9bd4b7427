"""Time the search bundles of a built site: cold, a publish day, and the day a volume opens.

    .venv/bin/python bench/search_layout.py SITE WORK [--json]

SITE is a built site (both languages, at least two volumes; its HTML is enough), WORK a
scratch folder (emptied). The site as of the day before its newest volume opened (that
volume removed, in hard-linked copies) is indexed with an empty cache; then one page of the
current volume changes (a publish day); then the whole site, with the newest volume, is
indexed on that cache (the day the volume opened). Each step prints its wall time and, per
Pagefind run, the bundle, its pages, wall and CPU seconds and peak memory (MB). Not a test:
it measures generator/site/search.py as the build calls it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site import search  # noqa: E402

RUNS: list[dict] = []
_RUNS_LOCK = threading.Lock()


def run_pagefind(site: Path, bundle: Path) -> None:
    """Run Pagefind as search.run_pagefind does, recording its time and memory."""
    started = time.monotonic()
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path"]
    process = subprocess.Popen([*command, str(bundle), "--silent"])  # execs the binary
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"pagefind failed for {bundle}")
    with _RUNS_LOCK:
        RUNS.append(
            {
                "bundle": "/".join(bundle.parts[-2:]),
                "pages": sum(1 for _ in site.rglob("*.html")),
                "wall_s": round(time.monotonic() - started, 1),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                "peak_mb": round(usage.ru_maxrss / 1024),
            }
        )


def link_copy(site: Path, target: Path, without_volume: int | None = None) -> Path:
    """Hard-link `site` to `target` without its bundles (and without one volume)."""
    subprocess.run(["cp", "-al", str(site), str(target)], check=True)
    for root in (target, target / "en"):
        for bundle in root.glob("pagefind*"):
            shutil.rmtree(bundle)
        if without_volume is not None:
            shutil.rmtree(root / "gazette" / str(without_volume), ignore_errors=True)
    return target


def step(name: str, out: Path, work: Path) -> dict:
    """Index `out` on the cache in `work`; return the step's times."""
    RUNS.clear()
    started = time.monotonic()
    search.index_site(out, work / "scratch", work / "cache")
    return {
        "step": name,
        "wall_s": round(time.monotonic() - started, 1),
        "pagefind": sorted(RUNS, key=lambda run: run["bundle"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--json", action="store_true", help="one JSON document at the end")
    args = parser.parse_args()
    search.run_pagefind = run_pagefind
    volumes = sorted(int(p.name) for p in (args.site / "gazette").iterdir() if p.name.isdigit())
    newest = volumes[-1]
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    before = link_copy(args.site, args.work / "before", without_volume=newest)
    steps = [step(f"cold, volume {newest - 1} current", before, args.work)]
    # A publish day: one page of the current volume changes in both languages.
    page = sorted((before / "gazette" / str(newest - 1)).rglob("index.html"))[-1]
    for root in (before, before / "en"):
        path = root / page.relative_to(before)
        text = path.read_text(encoding="utf-8")
        path.unlink()  # a hard link into SITE: replace it, don't write through it
        added = "<div data-pagefind-body><p>新增 added</p>"
        path.write_text(text.replace("<div data-pagefind-body>", added, 1), encoding="utf-8")
    steps.append(step("publish day", before, args.work))
    after = link_copy(args.site, args.work / "after")
    steps.append(step(f"volume {newest} opens", after, args.work))
    for done in steps:
        if not args.json:
            print(json.dumps(done, ensure_ascii=False), flush=True)
    if args.json:
        print(json.dumps(steps, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
