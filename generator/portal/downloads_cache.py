"""Keep the CSV, JSON and XLSX downloads between builds, keyed by what they are made from.

A resource's three files depend only on its published rows, its descriptor entry and the
code that writes them, so on a publish day only the gazette tables need writing again.
The cache lives in `ROOT/.cache/downloads/`:

- `<resource>-<input digest>.json` points from the inputs to the files' own digests;
- `<sha256 of the bytes>.<format>` holds the bytes (content-addressed).

Storage goes through `generator.cache`: the files are blobs, a file whose SHA-256 does not
match its name is a miss; pointers are entries, one that is damaged or carries another code
stamp is a miss; the files are then made and stored again. After a build only that build's
entries stay.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from generator import cache
from generator.models import Dataset

CACHE_VERSION = "3"  # bump to drop every cached download after a format change
FORMATS = ("csv", "json", "xlsx")
_ARRAYS = {"i": "int64", "u": "uint64", "f": "float64"}  # numpy kinds hashed as array bytes
_POINTER = re.compile(r"[A-Za-z0-9_.-]+-[0-9a-f]{64}\.json")
_OWNED = re.compile(rf"{_POINTER.pattern}|[0-9a-f]{{64}}\.(csv|json|xlsx)")


def cache_dir(root: Path) -> Path:
    """Return the folder that keeps downloads between builds."""
    return cache.cache_dir(root, "downloads")


def code_stamp() -> str:
    """Return the stamp of the code and library versions that turn rows into file bytes."""
    return cache.code_stamp(
        "generator.portal.downloads",
        # openpyxl writes its XML through lxml when that is installed, and the bytes differ
        libraries=("pandas", "numpy", "openpyxl", "lxml"),
        extra=(zlib.ZLIB_RUNTIME_VERSION,),  # deflate output may differ between zlib releases
        version=CACHE_VERSION,
    )


def column_digest(digest: Any, series: pd.Series) -> None:
    """Feed one column into `digest` so that different values never give the same bytes.

    Numbers and booleans go in as their array bytes plus the missing-value mask; text as
    the character lengths plus the joined UTF-8; dates as day numbers (0 when empty);
    anything else as one `repr` per line, which has no line break for a frame's scalars.
    """
    digest.update(f"\0{series.name}\0{series.dtype}\0{len(series)}\0".encode())
    kind = "bool" if pd.api.types.is_bool_dtype(series.dtype) else _ARRAYS.get(series.dtype.kind)
    if kind is not None:
        digest.update(series.isna().to_numpy(bool).tobytes())
        digest.update(series.to_numpy(kind, na_value=0).tobytes())
        return
    values = series.tolist()
    kinds = set(map(type, values))
    if kinds <= {str}:
        digest.update(np.fromiter(map(len, values), np.int64, len(values)).tobytes())
        digest.update("".join(values).encode("utf-8", "surrogatepass"))
        return
    if kinds <= {dt.date, type(None)}:  # exactly dates: a datetime would print differently
        days = [0 if v is None else v.toordinal() for v in values]  # ordinals start at 1
        digest.update(b"dates" + np.array(days, np.int64).tobytes())
        return
    digest.update("\n".join(map(repr, values)).encode("utf-8", "surrogatepass"))


def input_key(dataset: Dataset, name: str, positions: list[int] | None = None) -> str:
    """Return the digest of everything a resource's downloads are made from.

    With `positions`, of the files made from those rows only (one archive year's part).
    """
    resource = dataset.resource(name)
    frame = dataset.frames[name]
    if positions is not None:
        frame = frame.iloc[positions]
    digest = cache.hasher(code_stamp().encode())
    digest.update(json.dumps(resource, sort_keys=True, default=str, ensure_ascii=False).encode())
    digest.update(b"all" if positions is None else b"part")
    for spec in resource["schema"]["fields"]:
        if spec["name"] in frame.columns:
            column_digest(digest, frame[spec["name"]])
        else:
            digest.update(f"\0{spec['name']}\0absent\0".encode())
    return digest.hexdigest()


class DownloadCache(cache.Store):
    """The download cache folder of one project: look up, store and prune downloads."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, _OWNED, code_stamp())

    def load(self, name: str, key: str) -> dict[str, tuple[bytes, str]] | None:
        """Return format → (bytes, sha256) when every file is cached intact, else None."""
        digests = self.get_json(f"{name}-{key}.json")
        if not isinstance(digests, dict) or sorted(digests) != sorted(FORMATS):
            return None
        found = {}
        for fmt in FORMATS:
            sha = digests[fmt]
            content = self.read(f"{sha}.{fmt}", sha) if cache.is_sha256(sha) else None
            if content is None:
                return None  # missing, damaged or tampered with: make the files again
            found[fmt] = (content, sha)
        return found

    def store(self, name: str, key: str, contents: dict[str, tuple[bytes, str]]) -> None:
        """Store a resource's files, then the pointer that names them."""
        for fmt, (content, sha) in contents.items():
            self.write(f"{sha}.{fmt}", content)
        digests = {fmt: sha for fmt, (_, sha) in contents.items()}
        self.put_json(f"{name}-{key}.json", digests)

    def prune(self, keep: set[str] | None = None) -> None:
        """Delete the pointers this build did not use and the files no kept pointer names."""
        pointers = [n for n in self.names() if _POINTER.fullmatch(n) and n in self.used]
        kept = set(pointers)
        for pointer in pointers:
            digests = self.get_json(pointer)
            if isinstance(digests, dict):
                kept.update(f"{sha}.{fmt}" for fmt, sha in digests.items())
            else:
                kept.discard(pointer)
        super().prune(kept)
