"""The history cache: the diffs between dataset versions, kept across builds.

Diffing fifty versions of a 100,000-row CSV means parsing fifty files on every build; yet
two given versions always differ the same way under the same embargo. The cache, in
`.cache/history/`, holds two kinds of small JSON entries (`generator.cache`: each checked
against its checksum and the code stamp of `history.py`):

- `v-<digest>.json`: facts about one version that the embargo rule needs (its latest date,
  its plan years, its issue ids), so the rule's effect on it is known without parsing it;
- `d-<digest>.json`: the changes between two versions under one embargo signature.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator import cache
from generator.cache import digest

__all__ = ["HistoryCache", "cache_dir", "code_stamp", "digest"]

CACHE_VERSION = "1"  # bump to drop every cached diff after a change of format

_NAME = re.compile(r"[vd]-[0-9a-f]{64}\.json")


def cache_dir(root: Path) -> Path:
    """Return the folder that keeps history diffs between builds."""
    return cache.cache_dir(root, "history")


def code_stamp() -> str:
    """Return the stamp of the code that turns versions into changes (part of every key)."""
    return cache.code_stamp("generator.portal.history", version=CACHE_VERSION)


class HistoryCache(cache.Store):
    """The history cache folder of one project (`None`: keep nothing)."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(folder, _NAME, code_stamp())

    def get(self, kind: str, key: str) -> Any | None:
        """Return the data stored under a key, or None when absent or damaged."""
        return self.get_json(f"{kind}-{key}.json")

    def put(self, kind: str, key: str, data: Any) -> None:
        """Store data under a key; a cache that cannot be written is skipped."""
        self.put_json(f"{kind}-{key}.json", data)
