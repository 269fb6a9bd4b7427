"""Keep the diffs between dataset versions across builds, so history reads only new versions.

Diffing fifty versions of a 100,000-row CSV means parsing fifty files on every build; yet
two given versions always differ the same way under the same embargo. The cache, in
`ROOT/.cache/history/`, holds two kinds of small JSON files:

- `v-<digest>.json`: facts about one version that the embargo rule needs (its latest date,
  its plan years, its issue ids), so the rule's effect on it is known without parsing it;
- `d-<digest>.json`: the changes between two versions under one embargo signature.

Each file carries the SHA-256 of its data and is ignored when that does not match, so a
damaged file costs a recomputation, never a wrong history. Files are written to a temporary
name and renamed; after a build only the files that build used stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

_NAME = re.compile(r"[vd]-[0-9a-f]{64}\.json")


def cache_dir(root: Path) -> Path:
    """Return the folder that keeps history diffs between builds."""
    return Path(root) / ".cache" / "history"


def digest(*parts: str) -> str:
    """Return the SHA-256 of some text parts, unambiguously joined."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


class HistoryCache:
    """The history cache folder of one project."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None  # None: keep nothing
        self.used: set[str] = set()  # file names read or written by this build

    def get(self, kind: str, key: str) -> Any | None:
        """Return the data stored under a key, or None when absent or damaged."""
        name = f"{kind}-{key}.json"
        if self.folder is None:
            return None
        self.used.add(name)
        try:
            stored = json.loads((self.folder / name).read_text(encoding="utf-8"))
            data = stored["data"]
            if stored["sha256"] != _checksum(data):
                return None
            return data
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, kind: str, key: str, data: Any) -> None:
        """Store data under a key; a cache that cannot be written is skipped."""
        name = f"{kind}-{key}.json"
        if self.folder is None:
            return
        self.used.add(name)
        payload = json.dumps({"sha256": _checksum(data), "data": data}, ensure_ascii=False)
        target = self.folder / name
        temporary = target.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_text(payload, encoding="utf-8")
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def prune(self, used: set[str]) -> None:
        """Delete the cache files that `used` does not name."""
        if self.folder is None:
            return
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if _NAME.fullmatch(name) and name not in used:
                with contextlib.suppress(OSError):
                    (self.folder / name).unlink()


def _checksum(data: Any) -> str:
    """Return the SHA-256 of data's canonical JSON."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
