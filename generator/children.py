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

The Python worker processes (MkDocs per language, PDF editions) come from `worker_pool`:
spawned once per process and kept, so a process that builds more than once (`gazette
serve`, a test run) pays their start and imports (about 1.5 s of CPU each) once, not per
build. Each worker dies with the process that started it (`die_with_parent`).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
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


def die_with_parent(parent: int) -> None:
    """End this worker process when the build process that started it dies.

    A killed build cannot shut its pool down; its workers would run on (and hold memory)
    for nothing. Linux delivers SIGKILL on the parent's death (prctl); elsewhere, and as
    a fallback, a thread notices the worker was re-parented.
    """
    with contextlib.suppress(OSError, AttributeError):  # glibc only: elsewhere a no-op
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="gazette-parent-watch").start()


def _start_worker(parent: int, initializer: Callable[..., None] | None, args: tuple) -> None:
    """Set up one kept worker: die with the build process, then the pool's own set-up."""
    die_with_parent(parent)
    if initializer is not None:
        initializer(*args)


# This process's kept pools by name; a forked child must not use its parent's.
_pools: dict[str, ProcessPoolExecutor] = {}
os.register_at_fork(after_in_child=_pools.clear)


class Workers:
    """A kept pool lent to one run: each call runs as in a fresh worker of this process now."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        """Run `fn(*args, **kwargs)` in a worker with this process's environment and folder."""
        where = (dict(os.environ), os.getcwd())
        return self.pool.submit(_call, where, fn, args, kwargs)


def _call(
    where: tuple[dict[str, str], str], fn: Callable[..., Any], args: tuple, kwargs: dict
) -> Any:
    """Run one job in a kept worker, which may have served another build before."""
    environ, cwd = where
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(cwd)
    tempfile.tempdir = None  # TMPDIR is read again
    try:
        return fn(*args, **kwargs)
    finally:
        # Free the job's reference cycles now (WeasyPrint's font folders go with them, so a
        # worker killed while idle leaves none behind) and hand the memory back to the
        # system while the worker waits for the next build.
        give_back_memory()


def give_back_memory() -> None:
    """Free this process's unreachable objects and return the freed memory to the system."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only: elsewhere a no-op
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextlib.contextmanager
def worker_pool(
    name: str,
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator[Workers]:
    """Lend this process's pool `name` of `workers` spawned processes, started on first use.

    Spawned, not forked: a forked worker would start with a copy of the build's dataset and
    pages (hundreds of MB on a ten-year archive) that it never reads. The pool is kept for
    the next build of this process. A pool that lost a worker (a stopped build, `end_all`)
    is replaced; a run that ends in an exception takes its pool down with it, so that no
    half-done work is left queued in front of the next build's.
    """
    key = f"{name}-{workers}"
    pool = _pools.get(key)
    if pool is not None and not _usable(pool):
        _drop(key)
        pool = None
    if pool is None:
        spawn = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            workers,
            mp_context=spawn,
            initializer=_start_worker,
            initargs=(os.getpid(), initializer, initargs),
        )
        _pools[key] = pool
    try:
        yield Workers(pool)
    except BaseException:
        _drop(key)
        raise


def _usable(pool: ProcessPoolExecutor) -> bool:
    """Return whether a kept pool can take work (no worker lost, not shut down)."""
    return not (getattr(pool, "_broken", False) or getattr(pool, "_shutdown_thread", False))


def _drop(key: str) -> None:
    """Forget the pool `key`: kill its workers and cancel whatever it still had queued."""
    pool = _pools.pop(key, None)
    if pool is None:
        return
    for worker in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            worker.kill()
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)


atexit.register(end_all)
