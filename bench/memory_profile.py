"""Where a build's memory goes: live Python allocations and peak RSS at the end of each stage.

    .venv/bin/python bench/memory_profile.py bench/work/project --as-of 2025-12-26
    .venv/bin/python bench/memory_profile.py PROJECT --as-of DAY --site-dir /tmp/s --top 15

Runs `gazette build` in this process under tracemalloc. Each time the build ends a stage
(the `gazette build: <stage> …` lines: validate, embargo, render, mkdocs, …, publish) it
takes a snapshot and records the live traced memory, the stage's traced peak, the process's
peak RSS during the stage (VmHWM, reset at each stage start through /proc/self/clear_refs)
and the top allocation sites still alive, each attributed to the innermost frame in
generator/ (the project's code that asked for the memory, whichever library allocated it).
A sampler thread reads the peak RSS of every child process (the spawned MkDocs workers,
Pagefind) while they run. The report goes to stdout and, with --json, to a file.

tracemalloc slows the build several times and adds its own bookkeeping to the RSS, so the
times are not the benchmark's; the sizes and their growth per archive year are the point.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = str(REPO / "generator") + os.sep
FRAMES = 25  # deep enough to reach the project's frame under pandas/frictionless/Jinja2
MB = 2**20


def status_kb(pid: int | str, field: str) -> int | None:
    """Return one kB field of /proc/<pid>/status (VmRSS, VmHWM), or None if gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM (Linux ≥ 4.0); return whether it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def children(pid: int) -> list[int]:
    """Return the pids of every descendant of `pid`."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
            found += kids
            todo += kids
    return found


class ChildSampler(threading.Thread):
    """Record the peak RSS of every child process, sampled every `interval` seconds."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peaks: dict[int, tuple[str, int]] = {}  # pid → (command, VmHWM kB)
        self.stopped = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(self.interval):
            for pid in children(me):
                hwm = status_kb(pid, "VmHWM")
                if hwm is None:
                    continue
                name = self.peaks.get(pid, (command_of(pid), 0))[0]
                self.peaks[pid] = (name, max(hwm, self.peaks.get(pid, ("", 0))[1]))

    def take(self) -> list[dict]:
        """Return the children seen since the last call, largest first, and forget them."""
        seen = sorted(self.peaks.items(), key=lambda kv: -kv[1][1])
        self.peaks = {}
        return [
            {"pid": pid, "command": name, "peak_rss_mb": round(kb / 1024, 1)}
            for pid, (name, kb) in seen
        ]


def command_of(pid: int) -> str:
    """Return a short command line of a process."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [w.decode(errors="replace") for w in raw if w]
    return " ".join(words)[:120]


def owner(trace: tracemalloc.Traceback) -> str:
    """Return the innermost project frame of an allocation (file:line), else the innermost."""
    for frame in reversed(trace):  # tracemalloc lists the most recent call last
        if frame.filename.startswith(GENERATOR):
            return f"{frame.filename[len(str(REPO)) + 1 :]}:{frame.lineno}"
    frame = trace[-1]
    return f"{frame.filename.rsplit('site-packages/', 1)[-1]}:{frame.lineno}"


def top_sites(snapshot: tracemalloc.Snapshot, count: int) -> list[dict]:
    """Return the `count` project sites holding the most live memory in a snapshot."""
    snapshot = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    sizes: dict[str, list[int]] = {}
    for stat in snapshot.statistics("traceback"):
        row = sizes.setdefault(owner(stat.traceback), [0, 0])
        row[0] += stat.size
        row[1] += stat.count
    ranked = sorted(sizes.items(), key=lambda kv: -kv[1][0])[:count]
    return [{"site": s, "mb": round(b / MB, 1), "blocks": n} for s, (b, n) in ranked]


def profile(project: Path, site_dir: Path, as_of: dt.date, top: int) -> dict:
    """Build the project under tracemalloc; return the per-stage memory report."""
    from generator.commands import build as build_command  # lazy: after tracemalloc starts

    stages: list[dict] = []
    sampler = ChildSampler()
    original = build_command.Progress.__call__

    def at_stage_end(self: build_command.Progress, stage: str, text: str) -> None:
        original(self, stage, text)
        current, peak = tracemalloc.get_traced_memory()
        row = {
            "stage": stage,
            "seconds": round(self.times[stage], 1),
            "traced_mb": round(current / MB, 1),
            "traced_peak_mb": round(peak / MB, 1),
            "rss_mb": round((status_kb("self", "VmRSS") or 0) / 1024, 1),
            "peak_rss_mb": round((status_kb("self", "VmHWM") or 0) / 1024, 1),
            "top": top_sites(tracemalloc.take_snapshot(), top),
            "children": sampler.take(),
        }
        stages.append(row)
        peaks = f"{row['traced_peak_mb']} MB traced / {row['peak_rss_mb']} MB RSS"
        print(f"memory: {stage:<8} live {row['traced_mb']} MB, stage peak {peaks}", file=sys.stderr)
        tracemalloc.reset_peak()
        reset_peak_rss()
        self.started = time.perf_counter()  # the snapshot's own time is not the next stage's

    build_command.Progress.__call__ = at_stage_end  # type: ignore[method-assign]
    sampler.start()
    reset_peak_rss()
    tracemalloc.start(FRAMES)
    started = time.perf_counter()
    try:
        build_command.build(project, site_dir=site_dir, as_of=as_of, progress=True)
    finally:
        tracemalloc.stop()
        sampler.stopped.set()
        build_command.Progress.__call__ = original  # type: ignore[method-assign]
    return {
        "project": str(project),
        "as_of": as_of.isoformat(),
        "seconds_under_tracemalloc": round(time.perf_counter() - started, 1),
        "frames": FRAMES,
        "stages": stages,
    }


def main(argv: list[str] | None = None) -> int:
    """Profile one build from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--site-dir", type=Path, default=Path("/tmp/memory-profile-site"))
    parser.add_argument("--top", type=int, default=12, help="allocation sites per stage")
    parser.add_argument("--json", type=Path, default=None, help="write the report here too")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    report = profile(args.project.absolute(), args.site_dir, args.as_of, args.top)
    for row in report["stages"]:
        print(f"\n## {row['stage']}: live {row['traced_mb']} MB, stage peak "
              f"{row['traced_peak_mb']} MB traced, {row['peak_rss_mb']} MB RSS")  # fmt: skip
        for site in row["top"]:
            print(f"  {site['mb']:>8.1f} MB  {site['blocks']:>9}  {site['site']}")
        for child in row["children"][:4]:
            print(f"  child {child['peak_rss_mb']:>8.1f} MB  {child['command']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
