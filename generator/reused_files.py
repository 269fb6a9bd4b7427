"""Files an artifact writer made before, taken from the site a build replaces when unchanged.

An artifact writer (generator/site/writers.py) writes its files into the staging folder
afresh on every build. For the gazette's JSON API that is one document per issue and
entry, ~5,500 at ten years, serialised again although a publish day changes a handful.
`ReusedFiles.write` takes a key that covers every byte of the file (a digest of what it
is made from) and, when the last successful build wrote that file with the same key and
the replaced site still holds it untouched (a regular file with the size and time, in
nanoseconds, it had when written), hard-links it into the staging folder instead of
making it again. Otherwise the file is made and written anew (`cache.write_replacing`:
never through a link), and its key, size and time are recorded for the next build.

The record is the workspace state of the last successful build (generator/site/reuse.py),
saved only once its site is live: it always describes the site being replaced.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.cache import write_replacing

Record = list[Any]  # [key, size, mtime_ns]


class ReusedFiles:
    """The files written into `out` by this build, and those `previous` holds from the last."""

    def __init__(self, out: Path, previous: Path | None, before: dict[str, Record]) -> None:
        self.out, self.previous = out, previous
        self.before = before if isinstance(before, dict) else {}
        self.now: dict[str, Record] = {}
        self.linked = 0
        # folder (relative) -> whether it is reached through no link: a few hundred folders
        # hold thousands of files, so each is resolved once, not per file.
        self._plain_folders: dict[str, bool] = {}
        self._real_previous = os.path.realpath(previous) if previous is not None else ""

    def write(self, rel: str, key: str, make: Callable[[], bytes]) -> None:
        """Place file `rel` (a site path) in `out`: linked if unchanged, else `make()`."""
        if self.reuse(rel, key):
            return
        write_replacing(self.out / rel, make())
        self.record(rel, key)

    def reuse(self, rel: str, key: str) -> bool:
        """Link the replaced site's copy of `rel` into `out` if it is still as written with
        `key`; return whether it was (else the caller writes the file and `record`s it)."""
        record = self.before.get(rel)
        if self.previous is None or not isinstance(record, list) or len(record) != 3:
            return False
        if record[0] != key:
            return False
        source, target = self.previous / rel, self.out / rel
        try:
            found = os.lstat(source)
            if not stat.S_ISREG(found.st_mode) or not self._inside(source, rel):
                return False
            if [found.st_size, found.st_mtime_ns] != record[1:]:
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            os.link(source, target)
        except OSError:
            return False
        self.now[rel] = list(record)
        self.linked += 1
        return True

    def record(self, rel: str, key: str) -> None:
        """Remember that this build wrote file `rel` of `out` from inputs with `key`."""
        found = os.stat(self.out / rel)
        self.now[rel] = [key, found.st_size, found.st_mtime_ns]

    def _inside(self, source: Path, rel: str) -> bool:
        """Tell whether `source` (a regular file, not itself a link) is reached through no
        symbolic link below the old site."""
        folder = os.path.dirname(rel)
        plain = self._plain_folders.get(folder)
        if plain is None:
            expected = os.path.normpath(os.path.join(self._real_previous, folder))
            plain = os.path.realpath(source.parent) == expected
            self._plain_folders[folder] = plain
        return plain
