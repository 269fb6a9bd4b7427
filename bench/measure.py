"""Run a command and measure it: wall time and the peak memory of its whole process tree.

Memory is sampled every 50 ms as two sums over the tree: RSS, which counts a page shared
by several processes (the spawned MkDocs and PDF workers share libraries) once per
process, and PSS from /proc/<pid>/smaps_rollup, which splits each shared page among its
sharers and so adds up to what the tree really holds. PSS is None where the kernel does
not provide smaps_rollup (before Linux 4.14, or another OS).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measured:
    """What one measured command did."""

    seconds: float
    peak_rss_mb: float  # the largest sum of RSS over the command's process tree
    peak_pss_mb: float | None  # the largest sum of PSS over it; None where unreadable
    returncode: int
    stdout: str
    stderr: str


def _children() -> dict[int, list[int]]:
    """Return every process's children, read from /proc (Linux only)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_bytes(pid: int) -> int:
    """Return the resident set size of one process, 0 if it is gone."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


# Whether this kernel lacks smaps_rollup altogether (then PSS is not reported).
_NO_ROLLUP = not Path("/proc/self/smaps_rollup").exists()


def _pss_bytes(pid: int) -> int:
    """Return the proportional set size of one process, 0 if it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0  # the process ended while we looked
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def _tree(root: int) -> list[int]:
    """Return `root` and all its descendants."""
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def tree_rss(root: int) -> int:
    """Return the summed RSS of `root` and all its descendants, in bytes."""
    return sum(_rss_bytes(pid) for pid in _tree(root))


def tree_memory(root: int) -> tuple[int, int | None]:
    """Return the summed RSS and PSS of `root` and its descendants (PSS None if unknown)."""
    pids = _tree(root)
    rss = sum(_rss_bytes(pid) for pid in pids)
    if _NO_ROLLUP:
        return rss, None
    return rss, sum(_pss_bytes(pid) for pid in pids)


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Measured:
    """Run `cmd`, sampling its process tree's memory every 50 ms; return the measurements."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak, peak_pss = 0, 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = tree_memory(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss or 0)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    pss_mb = None if _NO_ROLLUP else peak_pss / 2**20
    return Measured(seconds, peak / 2**20, pss_mb, proc.returncode, stdout, stderr)
