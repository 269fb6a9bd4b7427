"""Child processes end with the command that started them.

A build killed during Pagefind left Pagefind running (and its temporary folders behind):
`subprocess.run` in a worker thread neither stops its child when the build is told to stop
nor when it is killed outright. Every long-running child the build starts goes through
`run` here:

- the child gets its own process group, so ending it ends whatever it started too;
- it is started through a one-line launcher that asks Linux to SIGKILL it when the thread
  that started it dies (`PR_SET_PDEATHSIG`, which survives the exec into the real
  program): this covers a build killed with SIGKILL, when no Python code runs any more;
- it is tracked while it runs; `end_all` (called by the CLI's SIGTERM/SIGINT handler and
  at exit) kills the tracked process groups and the multiprocessing workers (MkDocs,
  PDF editions), so a stopped build's thread pools are not left waiting for them.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from typing import Any

# Runs in the child before the real program: ask for SIGKILL when the parent goes, and
# give up if it is already gone (the request is only honoured for a live parent).
_LAUNCHER = (
    "import ctypes, os, sys\n"
    "try:\n"
    "    ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, 9)\n"  # PR_SET_PDEATHSIG, SIGKILL
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "if os.getppid() != int(sys.argv[1]):\n"
    "    os._exit(1)\n"
    "os.execvp(sys.argv[2], sys.argv[2:])\n"
)

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


def launcher(command: Sequence[str]) -> list[str]:
    """Return `command` wrapped so that it dies with this process (Linux; elsewhere as is)."""
    if not sys.platform.startswith("linux"):
        return list(command)
    return [sys.executable, "-c", _LAUNCHER, str(os.getpid()), *command]


def run(
    command: Sequence[str],
    *,
    input: bytes | None = None,  # noqa: A002 - the name subprocess.run uses
    timeout: float | None = None,
    **kwargs: Any,
) -> subprocess.CompletedProcess:
    """Run `command` like `subprocess.run(capture_output=True)`, tracked and in its own group.

    Extra keyword arguments (`text`, `cwd`, `env`) go to Popen. A timeout or an exception
    while waiting (the build being stopped) ends the child's whole process group first.
    """
    process = subprocess.Popen(
        launcher(command),
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        process_group=0,
        **kwargs,
    )
    with _lock:
        _running.add(process)
    try:
        stdout, stderr = process.communicate(input, timeout=timeout)
    except BaseException:
        _end(process)
        raise
    finally:
        with _lock:
            _running.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _end(process: subprocess.Popen) -> None:
    """Kill a child's process group and reap the child."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        process.communicate(timeout=5)


def running() -> list[int]:
    """Return the process ids of the tracked children still running (for tests)."""
    with _lock:
        return [p.pid for p in _running if p.poll() is None]


def end_all() -> None:
    """Kill every tracked child's process group and every multiprocessing worker now.

    Safe from a signal handler: it only sends signals (the threads waiting on the children
    reap them and raise, which unwinds the build and removes its temporary folders).
    """
    groups: list[int] = []
    for _ in range(3):  # no lock: the handler may interrupt a thread holding it
        try:
            groups = [p.pid for p in _running]
            break
        except RuntimeError:  # the set changed while read: read it again
            continue
    for pid in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    for worker in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            worker.kill()


atexit.register(end_all)
