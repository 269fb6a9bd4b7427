"""Progress of the long build stages: MkDocs pages and Pagefind on a terminal, nothing else.

A bar is drawn only when stderr is a terminal; the site is the same with or without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.progress import Bar
from generator.site.mkdocs_worker import PageTicks, pages_done

AS_OF = "2025-03-31"
BAR = re.compile(r"\r(MkDocs pages|Pagefind) \[[#-]+\] (\d+)/(\d+)")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Pages(list):
    """A stand-in for the shared array of the MkDocs workers."""

    def get_lock(self) -> contextlib.AbstractContextManager:
        return contextlib.nullcontext()


def test_a_bar_with_a_total_learnt_later_draws_only_once_it_is_known(monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    with Bar("MkDocs pages", 0, screen) as bar:
        bar.update(0, 0)
        assert screen.getvalue() == ""
        bar.update(3, 10)
        bar.update(10, 10)
    text = screen.getvalue()
    assert "] 10/10\x1b[K" in text and text.endswith("\r\x1b[2K")


def test_page_ticks_count_pages_to_build_converted_and_written_and_keep_the_html() -> None:
    pages = Pages([0, 0, 0, 0])
    files = SimpleNamespace(
        documentation_pages=lambda: [
            SimpleNamespace(is_modified=lambda: True),
            SimpleNamespace(is_modified=lambda: False),
        ]
    )
    assert PageTicks(pages, dirty=False).on_files(files, config=None) is files
    PageTicks(pages, dirty=True).on_files(files, config=None)
    assert pages[0] == 3  # both pages of a full build, the modified one of a dirty build
    assert pages[3] == 2  # two runs have counted their pages
    ticks = PageTicks(pages, dirty=False)
    assert ticks.on_page_content("<p>x</p>", page=None, config=None, files=None) == "<p>x</p>"
    assert pages_done(pages) == 0  # converted, not yet written: half a page
    assert ticks.on_post_page("<p>x</p>", page=None, config=None) == "<p>x</p>"
    assert pages[1:3] == [1, 1] and pages_done(pages) == 1


def tree(site: Path) -> dict[str, str]:
    """Return every file of `site` by relative path with the SHA-256 of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def build_with(stream: io.StringIO, root: Path, site: Path, *options: str) -> str:
    """Build `root` into `site` with stderr going to `stream`; return what was written."""
    from generator.cli import main

    out = io.StringIO()
    args = ["build", "--root", str(root), "--site-dir", str(site), "--as-of", AS_OF, *options]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(stream):
        code = main(args)
    assert code == 0, stream.getvalue()
    assert out.getvalue() == ""  # stdout is kept for --format json
    return stream.getvalue()


@pytest.mark.slow
def test_mkdocs_and_pagefind_show_a_bar_on_a_terminal_only_and_the_site_is_the_same(
    mini_project, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("GAZETTE_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr("generator.progress.INTERVAL", 0.0)  # draw every step
    twin = tmp_path / "twin"
    shutil.copytree(mini_project.root, twin)  # same project, its own caches

    shown = build_with(Terminal(), mini_project.root, tmp_path / "shown")
    plain = build_with(io.StringIO(), twin, tmp_path / "plain")

    draws: dict[str, list[tuple[int, int]]] = {}
    for label, done, total in BAR.findall(shown):
        draws.setdefault(label, []).append((int(done), int(total)))
    assert "\rPDF editions [" in shown  # the mini project's editions are rendered here
    for label in ("MkDocs pages", "Pagefind"):
        done = [step for step, _ in draws[label]]
        assert done == sorted(done) and done[-1] == draws[label][-1][1] > 0, label
        assert len(set(done)) > 1, label  # it moved, not only appeared full
        assert {total for _, total in draws[label]} == {draws[label][-1][1]}, label
    # Every Markdown page of both languages; the theme's 404 pages are not pages.
    pages = [p for p in (tmp_path / "shown").rglob("*.html") if p.name != "404.html"]
    assert draws["MkDocs pages"][-1][1] == len(pages)
    # The stage lines are there in both; nothing that draws is in the plain output.
    for stage in ("mkdocs", "search"):
        assert f"gazette build: {stage}" in shown and f"gazette build: {stage}" in plain
    assert "\r" not in plain and "\x1b" not in plain
    assert tree(tmp_path / "shown") == tree(tmp_path / "plain")


@pytest.mark.slow
def test_a_quiet_build_draws_no_bar_for_mkdocs_or_pagefind_on_a_terminal(
    mini_project, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("GAZETTE_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    shown = build_with(Terminal(), mini_project.root, tmp_path / "site", "--quiet")
    # --quiet holds every bar for the whole build, the render stage's PDF editions too.
    assert "MkDocs pages" not in shown and "Pagefind [" not in shown
    assert "PDF editions" not in shown
    assert "gazette build:" not in shown
    assert Bar("after", 1, Terminal()).enabled  # the switch ends with the build


def run_bar(stderr: int) -> bytes:
    """Run a bar of three steps in a new Python process with `stderr`; return its stdout."""
    code = "from generator.progress import Bar\nwith Bar('MkDocs pages', 3) as b: b.advance(3)"
    env = {key: value for key, value in os.environ.items() if key != "GAZETTE_NO_PROGRESS"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**env, "TERM": "xterm"},
        cwd=Path(__file__).parent.parent,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_a_real_pseudo_terminal_gets_the_bar_and_a_pipe_does_not() -> None:
    main, follower = pty.openpty()
    try:
        assert run_bar(follower) == b""  # stdout carries nothing of it
    finally:
        os.close(follower)
    drawn = b""
    with contextlib.suppress(OSError):  # EIO once the terminal's other end is closed
        while chunk := os.read(main, 4096):
            drawn += chunk
    os.close(main)
    assert b"\rMkDocs pages [" + b"#" * 24 + b"] 3/3\x1b[K" in drawn
    assert drawn.endswith(b"\r\x1b[2K")
    read, write = os.pipe()
    try:
        run_bar(write)
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as pipe:
        assert pipe.read() == b""
