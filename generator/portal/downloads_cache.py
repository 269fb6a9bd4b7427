"""Keep the CSV, JSON and XLSX downloads between builds, keyed by what they are made from.

A resource's three files depend only on its published rows, its descriptor entry and the
code that writes them, so on a publish day only the gazette tables need writing again.
The cache lives in `ROOT/.cache/downloads/`:

- `<resource>-<input digest>.json` points from the inputs to the files' own digests;
- `<sha256 of the bytes>.<format>` holds the bytes (content-addressed).

Nothing read back is trusted: a file whose SHA-256 does not match its name, or an unreadable
pointer, is a miss, and the files are made and stored again. Every file is written to a
temporary name and renamed, so another build never sees half a file. After a build only
that build's entries stay, so the folder does not grow with the number of publish days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import sys
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

from generator.models import Dataset

CACHE_VERSION = "1"  # bump to drop every cached download after a format change
FORMATS = ("csv", "json", "xlsx")
_BLOB = re.compile(r"[0-9a-f]{64}\.(csv|json|xlsx)")
_HEX = re.compile(r"[0-9a-f]{64}")
_ARRAYS = {"i": "int64", "u": "uint64", "f": "float64"}  # numpy kinds hashed as array bytes
_POINTER = re.compile(r"[A-Za-z0-9_.-]+-[0-9a-f]{64}\.json")


def cache_dir(root: Path) -> Path:
    """Return the folder that keeps downloads between builds."""
    return Path(root) / ".cache" / "downloads"


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """Return a digest of the code and library versions that turn rows into file bytes."""
    source = (Path(__file__).resolve().parent / "downloads.py").read_bytes()
    versions = [
        CACHE_VERSION,
        sys.version,
        pd.__version__,
        np.__version__,
        openpyxl.__version__,
        zlib.ZLIB_RUNTIME_VERSION,  # deflate output may differ between zlib releases
    ]
    return hashlib.sha256(source + "\0".join(versions).encode()).hexdigest()


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


def input_key(dataset: Dataset, name: str) -> str:
    """Return the digest of everything a resource's downloads are made from."""
    resource = dataset.resource(name)
    frame = dataset.frames[name]
    digest = hashlib.sha256(code_stamp().encode())
    digest.update(json.dumps(resource, sort_keys=True, default=str, ensure_ascii=False).encode())
    for spec in resource["schema"]["fields"]:
        if spec["name"] in frame.columns:
            column_digest(digest, frame[spec["name"]])
        else:
            digest.update(f"\0{spec['name']}\0absent\0".encode())
    return digest.hexdigest()


class DownloadCache:
    """The cache folder of one project: look up, store and prune downloads."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.used: set[str] = set()  # pointer names looked up or stored by this build

    def pointer(self, name: str, key: str) -> Path:
        """Return the pointer file of a resource's inputs."""
        return self.folder / f"{name}-{key}.json"

    def load(self, name: str, key: str) -> dict[str, tuple[bytes, str]] | None:
        """Return format → (bytes, sha256) when every file is cached intact, else None."""
        pointer = self.pointer(name, key)
        self.used.add(pointer.name)
        try:
            digests = json.loads(pointer.read_text(encoding="utf-8"))
            if sorted(digests) != sorted(FORMATS) or not all(
                isinstance(v, str) and _HEX.fullmatch(v) for v in digests.values()
            ):
                return None
            found = {}
            for fmt in FORMATS:
                content = (self.folder / f"{digests[fmt]}.{fmt}").read_bytes()
                actual = hashlib.sha256(content).hexdigest()
                if actual != digests[fmt]:
                    return None  # damaged or tampered with: make the file again
                found[fmt] = (content, actual)
            return found
        except (OSError, ValueError, TypeError, AttributeError):
            return None

    def store(self, name: str, key: str, contents: dict[str, tuple[bytes, str]]) -> None:
        """Store a resource's files, then its pointer; skip a cache that cannot be written."""
        pointer = self.pointer(name, key)
        self.used.add(pointer.name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for fmt, (content, sha) in contents.items():
                _write_atomic(self.folder / f"{sha}.{fmt}", content)
            digests = {fmt: sha for fmt, (_, sha) in contents.items()}
            _write_atomic(pointer, json.dumps(digests, sort_keys=True).encode())
        except OSError:
            return

    def prune(self) -> None:
        """Delete the pointers this build did not use and the files no pointer names."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return
        keep: set[str] = set()
        for entry in names:
            if not _POINTER.fullmatch(entry):
                continue
            if entry not in self.used:
                _remove(self.folder / entry)
                continue
            try:
                digests = json.loads((self.folder / entry).read_text(encoding="utf-8"))
                keep.update(f"{sha}.{fmt}" for fmt, sha in digests.items())
            except (OSError, ValueError, AttributeError):
                _remove(self.folder / entry)
        for entry in names:
            if _BLOB.fullmatch(entry) and entry not in keep:
                _remove(self.folder / entry)


def _write_atomic(target: Path, content: bytes) -> None:
    """Write `content` to a temporary file next to `target`, then rename it into place."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, target)


def _remove(path: Path) -> None:
    """Delete a cache file; another build may have deleted it first."""
    with contextlib.suppress(OSError):
        path.unlink()
