"""Children end with the build (issue 22): a build killed during Pagefind left Pagefind
running and its temporary folders behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import children
from generator.site import sitedir

REPO = Path(__file__).resolve().parents[2]


def _running(pid: int) -> bool:
    """Tell whether `pid` is a live (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _gone(pid: int, seconds: float = 10) -> bool:
    """Wait up to `seconds` for `pid` to end; tell whether it did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _running(pid):
            return True
        time.sleep(0.05)
    return False


def _wait_for(path: Path, seconds: float = 30) -> int:
    """Wait for a pid file to be written; return the pid."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().strip():
            return int(path.read_text().split()[0])
        time.sleep(0.05)
    raise AssertionError(f"{path} never written")


def stand_in(tmp_path: Path, handler: bool) -> subprocess.Popen:
    """Start a stand-in build: a worker thread runs a child that starts a grandchild."""
    child, grand = tmp_path / "child.pid", tmp_path / "grand.pid"
    script = textwrap.dedent(
        f"""
        from concurrent.futures import ThreadPoolExecutor
        import contextlib
        from generator import children
        from generator.cli import _terminate_cleanly

        shell = "sleep 600 & echo $! > {grand}; echo $$ > {child}; wait"
        with _terminate_cleanly() if {handler} else contextlib.nullcontext():
            with ThreadPoolExecutor(1) as pool:  # as search.index_site runs Pagefind
                pool.submit(children.run, ["sh", "-c", shell]).result()
        """
    )
    return subprocess.Popen([sys.executable, "-c", script], cwd=REPO)


def test_a_terminated_build_ends_its_child_and_grandchild(tmp_path: Path) -> None:
    build = stand_in(tmp_path, handler=True)
    child, grand = _wait_for(tmp_path / "child.pid"), _wait_for(tmp_path / "grand.pid")
    build.send_signal(signal.SIGTERM)
    # Before: the pool waited for the child to finish (ten minutes), the child ran on.
    assert build.wait(timeout=20) == 128 + signal.SIGTERM
    assert _gone(child) and _gone(grand)


def test_a_killed_build_takes_its_child_along(tmp_path: Path) -> None:
    build = stand_in(tmp_path, handler=False)
    child, grand = _wait_for(tmp_path / "child.pid"), _wait_for(tmp_path / "grand.pid")
    build.kill()  # SIGKILL: no Python code runs; the kernel ends the child (PDEATHSIG)
    build.wait(timeout=20)
    try:
        assert _gone(child)
    finally:  # a grandchild is not covered by PDEATHSIG (Pagefind starts none): tidy up
        if _running(grand):
            os.kill(grand, signal.SIGKILL)


def test_run_returns_like_subprocess_run() -> None:
    done = children.run(
        [sys.executable, "-c", "import sys; print(sys.stdin.read()[::-1])"], input=b"abc"
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, b"cba", b"")
    assert children.running() == []
    with pytest.raises(subprocess.TimeoutExpired):
        children.run(["sleep", "30"], timeout=0.5)
    assert children.running() == []


def test_temporary_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for name in (f"gazette-build-{dead.pid}-abc", f"gazette-build-{os.getpid()}-def", "other"):
        (tmp_path / name / "search").mkdir(parents=True)
    removed = sitedir.clean_scratch(tmp_path)
    assert [p.name for p in removed] == [f"gazette-build-{dead.pid}-abc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"gazette-build-{os.getpid()}-def",
        "other",
    ]


def _descendants(pid: int) -> list[tuple[int, str]]:
    """Return (pid, command line) of every live descendant of `pid`."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            commands[int(entry.name)] = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            )
        except (OSError, IndexError):
            continue
        if stat[0] != "Z":
            parents[int(entry.name)] = int(stat[1])
    found, frontier = [], {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier}
        found += [(p, commands.get(p, "")) for p in frontier]
    return found


def fake_pagefind(folder: Path, pids: Path) -> dict[str, str]:
    """Return an environment whose `python -m pagefind` records its pid and hangs."""
    package = folder / "fakes" / "pagefind"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    hang = (
        f"import os, time\nopen({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')\ntime.sleep(600)\n"
    )
    (package / "__main__.py").write_text(hang, encoding="utf-8")
    scratch = folder / "tmp"
    scratch.mkdir()
    return {**os.environ, "PYTHONPATH": str(folder / "fakes"), "TMPDIR": str(scratch)}


@pytest.mark.slow  # a build of the mini project, stopped during (a hanging) Pagefind
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_a_build_stopped_during_pagefind_leaves_no_process_or_folder(
    mini_project, tmp_path: Path, stop: signal.Signals
) -> None:
    pids = tmp_path / "pagefind.pids"
    env = fake_pagefind(tmp_path, pids)
    site = tmp_path / "site"
    command = [sys.executable, "-m", "generator", "build", "--root", str(mini_project.root)]
    build = subprocess.Popen(
        [*command, "--site-dir", str(site), "--as-of", "2026-11-25", "--quiet"],
        cwd=REPO,
        env=env,
    )
    try:
        first = _wait_for(pids, seconds=300)
        build.send_signal(stop)
        # Before: SIGTERM waited for Pagefind (here forever); SIGKILL left it running.
        status = build.wait(timeout=60)
        running = [int(p) for p in pids.read_text().split()]
        assert first in running and all(_gone(pid) for pid in running)
    finally:
        build.kill()
        for pid in [int(p) for p in pids.read_text().split()] if pids.is_file() else []:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    assert not site.exists()
    if stop == signal.SIGTERM:
        assert status == 128 + signal.SIGTERM
        assert list((tmp_path / "tmp").iterdir()) == []  # its temporary folder removed
        assert not list(tmp_path.glob(".site.*"))  # and its staging folder
    else:  # nothing runs in a killed build: the next one removes what it left
        assert list((tmp_path / "tmp").glob("gazette-build-*")) != []
        sitedir.clean_scratch(tmp_path / "tmp")
        assert list((tmp_path / "tmp").glob("gazette-build-*")) == []
