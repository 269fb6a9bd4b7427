"""Progress of long work: a bar on a terminal, nothing extra in a log.

Stages already print one line each when they end (`gazette build: render … (12.3s)`), which
is what CI logs want. A person at a terminal also wants to see that a long stage is moving:
MkDocs' pages, PDF editions, Pagefind, deploy uploads. `Bar` draws one self-erasing line on
stderr only when stderr is a terminal, at most a few times a second, so it costs nothing in
CI and never mixes into redirected output.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextvars import ContextVar
from typing import TextIO

WIDTH = 24  # characters of the bar itself
INTERVAL = 0.2  # seconds between redraws
# Whether bars may be drawn at all: a build with --quiet sets it to False while it publishes.
SHOWN: ContextVar[bool] = ContextVar("gazette_progress_shown", default=True)


class Bar:
    """A progress bar for `total` steps of `label`, drawn only on a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self.stream = stream if stream is not None else sys.stderr
        # A total of 0 may be learnt later (`update`): MkDocs' workers count their pages.
        self.enabled = SHOWN.get() and enabled(self.stream)
        self._drawn = 0.0
        self._lock = threading.Lock()  # Pagefind's languages advance from two threads

    def advance(self, steps: int = 1) -> None:
        """Count `steps` more as done; redraw if enough time has passed."""
        with self._lock:
            self._set(self.done + steps, self.total)

    def update(self, done: int, total: int | None = None) -> None:
        """Set how many steps are done (and, if given, the total); redraw if it is time."""
        with self._lock:
            self._set(done, self.total if total is None else max(total, 0))

    def _set(self, done: int, total: int) -> None:
        """Record `done` of `total` and redraw at most every INTERVAL, and at the end."""
        changed = (done, total) != (self.done, self.total)
        self.total, self.done = total, min(total, max(done, 0))
        if not (self.enabled and self.total and changed):
            return
        now = time.monotonic()
        if now - self._drawn >= INTERVAL or self.done == self.total:
            self._drawn = now
            # Erase to the end of the line: a total learnt late can make the line shorter.
            self.stream.write("\r" + line(self.label, self.done, self.total) + "\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        """Erase the bar, so the stage's own summary line takes its place."""
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def line(label: str, done: int, total: int) -> str:
    """Return the bar's text: `label [######------] done/total`."""
    filled = WIDTH * done // total if total else WIDTH
    return f"{label} [{'#' * filled}{'-' * (WIDTH - filled)}] {done}/{total}"


def enabled(stream: TextIO) -> bool:
    """Return whether to draw: a terminal, and not switched off by NO_COLOR-style settings."""
    if os.environ.get("GAZETTE_NO_PROGRESS") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
