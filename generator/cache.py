"""The one mechanism behind every build cache: folders, keys, checked reads, atomic writes.

Caches live under `ROOT/.cache/<name>/` (or `$GAZETTE_CACHE_DIR/<name>/`). A cache only
ever saves time: nothing read back is trusted without a checksum, a damaged or missing
entry is a miss, a cache that cannot be written is skipped, and every file is written to a
temporary name and renamed, so a build never reads half a file another one is writing.
After a build, `prune` keeps only what that build used, so no folder grows with the number
of publish days.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_ENV = "GAZETTE_CACHE_DIR"
_HEX = re.compile(r"[0-9a-f]{64}")


def cache_dir(root: Path, name: str) -> Path:
    """Return the folder of the cache `name` of the project at `root`."""
    base = os.environ.get(CACHE_ENV)
    return (Path(base) if base else Path(root) / ".cache") / name


def digest(*parts: Any) -> str:
    """Return the SHA-256 of some parts, unambiguously joined (as a JSON list)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sha256(content: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(content).hexdigest()


def hasher(data: bytes = b"") -> Any:
    """Return a running SHA-256 started with `data` (`update` it, then `hexdigest`)."""
    return hashlib.sha256(data)


def etag_hasher() -> Any:
    """Return a running MD5: an S3 ETag of a one-part upload is one (the protocol's choice)."""
    return hashlib.md5(usedforsecurity=False)


def is_sha256(text: Any) -> bool:
    """Tell whether `text` looks like a hex SHA-256 (as stored in pointers)."""
    return isinstance(text, str) and _HEX.fullmatch(text) is not None


def code_stamp(files: Iterable[Path], versions: Iterable[str] = ()) -> str:
    """Return a digest of some source files and library versions (a cache's code key)."""
    hasher = hashlib.sha256(sys.version.encode())
    for path in files:
        hasher.update(b"\0" + Path(path).read_bytes())
    for version in versions:
        hasher.update(f"\0{version}".encode())
    return hasher.hexdigest()


def tree_digest(folders: Iterable[Path], suffixes: tuple[str, ...] = ()) -> str:
    """Return a SHA-256 of the relative paths and bytes of every file under `folders`."""
    hasher = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
                continue
            hasher.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def versions(*names: str) -> dict[str, str]:
    """Return the installed versions of the named distributions ('' when absent)."""
    found = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = ""
    return found


def write_atomic(target: Path, content: bytes) -> None:
    """Write `content` to a temporary file next to `target`, then rename it into place.

    Readers see the old file or the new one, never half of one; a file that was there
    keeps its permissions. Used for caches, the manifest, editions and imported data alike.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, target.stat().st_mode & 0o777)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_replacing(target: Path, content: bytes) -> None:
    """Write a site file anew, never through a hard link a cache or MkDocs shares with it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(content)


def remove(path: Path) -> None:
    """Delete a file if it is there; another build may have deleted it first."""
    with contextlib.suppress(OSError):
        path.unlink()


class Store:
    """One cache folder: checked get and put of files by name, pruning of the unused.

    `folder=None` is a cache that keeps nothing (every get misses, every put is dropped).
    Names are flat file names; `owns` tells which names in the folder belong to the cache
    (others are left alone by `prune`).
    """

    def __init__(self, folder: Path | None, owns: re.Pattern[str]) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.owns = owns
        self.used: set[str] = set()  # names read or written by this build

    def read(self, name: str, sha: str | None = None) -> bytes | None:
        """Return a file's bytes, or None when absent or when they do not hash to `sha`."""
        if self.folder is None:
            return None
        self.used.add(name)
        try:
            content = (self.folder / name).read_bytes()
        except OSError:
            return None
        if sha is not None and sha256(content) != sha:
            return None  # damaged or tampered with: make it again
        return content

    def write(self, name: str, content: bytes) -> None:
        """Store a file atomically; a cache that cannot be written is skipped."""
        if self.folder is None:
            return
        self.used.add(name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / name, content)
        except OSError:
            return

    def get_json(self, name: str) -> Any | None:
        """Return the data stored with `put_json`, or None when absent or damaged."""
        content = self.read(name)
        try:
            stored = json.loads(content) if content is not None else None
            if not isinstance(stored, dict) or stored.get("sha256") != checksum(stored["data"]):
                return None
            return stored["data"]
        except (ValueError, TypeError, KeyError):
            return None

    def put_json(self, name: str, data: Any) -> None:
        """Store JSON data together with the checksum `get_json` verifies."""
        payload = json.dumps({"sha256": checksum(data), "data": data}, ensure_ascii=False)
        self.write(name, payload.encode("utf-8"))

    def names(self) -> list[str]:
        """Return the cache's own file names now in the folder, sorted."""
        if self.folder is None:
            return []
        try:
            return sorted(n for n in os.listdir(self.folder) if self.owns.fullmatch(n))
        except OSError:
            return []

    def prune(self, keep: set[str] | None = None) -> None:
        """Delete the cache's files not in `keep` (default: those this build used)."""
        keep = self.used if keep is None else keep
        for name in self.names():
            if name not in keep:
                remove(self.folder / name)  # type: ignore[operator]


def checksum(data: Any) -> str:
    """Return the SHA-256 of data's canonical JSON."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
