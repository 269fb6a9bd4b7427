"""The one mechanism behind every cache: where caches live, code stamps, checked entries.

Every cache of the generator goes through this module, and only this one:

- **where**: `ROOT/.cache/<name>/` (or `$GAZETTE_CACHE_DIR/<name>/`; the build workspace
  also `$GAZETTE_BUILD_CACHE`), and per user `$XDG_CACHE_HOME/city-gazette/<name>/` for
  what every project shares (the extracted font) (`cache_dir`, `user_cache_dir`);
- **code stamps**: `code_stamp(*modules, libraries=..., version=...)` digests the named
  modules' source (a package: every file of its folder), the libraries' versions, the
  Python version and the cache's format version, once per process;
- **entries**: one file per entry, a JSON header line (format, key, code stamp, SHA-256
  of the payload) then the payload (`Store.get_entry`/`put_entry`, `get_json`/`put_json`).
  An entry whose header, stamp or checksum does not match is a miss, never an error and
  never trusted; files that other programs read by path (download files, entry texts)
  are *blobs*, named by their SHA-256 and checked against the name on read;
- **writes** go to a temporary name and are renamed (`write_atomic`), so a build never
  reads half a file another one is writing; a cache that cannot be written is skipped;
- **size**: after a build, `Store.prune` keeps only what that build used, so no folder
  grows with the number of publish days.

A cache only ever saves time. Hashing lives here too (`sha256`, `hasher`, `digest`): no
other module imports hashlib.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_ENV = "GAZETTE_CACHE_DIR"
BUILD_ENV = "GAZETTE_BUILD_CACHE"  # the build workspace alone, elsewhere (docs/configuration.md)
USER_DIR = "city-gazette"  # the per-user folder under $XDG_CACHE_HOME (or ~/.cache)
FORMAT = 1  # of the entry header and of code stamps: bump to miss every entry once
_OWN_ENV = {"build": BUILD_ENV}
_HEX = re.compile(r"[0-9a-f]{64}")


def cache_dir(root: Path, name: str) -> Path:
    """Return the folder of the cache `name` of the project at `root`."""
    own = os.environ.get(_OWN_ENV.get(name, ""))
    if own:
        return Path(own)
    base = os.environ.get(CACHE_ENV)
    return (Path(base) if base else Path(root) / ".cache") / name


def user_cache_dir(name: str) -> Path:
    """Return the folder of the per-user cache `name`, shared by every project."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / USER_DIR / name


def digest(*parts: Any) -> str:
    """Return the SHA-256 of some parts, unambiguously joined (as a JSON list)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sha256(content: bytes) -> str:
    """Return the hex SHA-256 of some bytes (the one checksum of every cache)."""
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


def code_stamp(
    *modules: str,
    suffixes: tuple[str, ...] = (".py",),
    libraries: tuple[str, ...] = (),
    extra: tuple[str, ...] = (),
    version: str | int = "",
) -> str:
    """Return the stamp of the code a cache's entries depend on (computed once per process).

    `modules` are dotted names: a module counts by its source file, a package by every file
    of its folder whose suffix is in `suffixes` (templates, label catalogues). `libraries`
    are distributions whose installed versions count; `extra` other facts (a runtime's
    version); `version` the cache's own format. The Python version always counts. The
    digest is made again only when a file's size or time changed: `gazette serve` rebuilds
    in one process after a template of the package is edited.
    """
    files = tuple((name, _files(name, suffixes)) for name in modules)
    seen = tuple((name, tuple(_stat(path) for _, path in found)) for name, found in files)
    return _stamp(files, seen, libraries, tuple(extra), version)


@functools.lru_cache(maxsize=64)
def _stamp(
    files: tuple[tuple[str, tuple[tuple[str, Path], ...]], ...],
    seen: tuple[Any, ...],
    libraries: tuple[str, ...],
    extra: tuple[str, ...],
    version: str | int,
) -> str:
    """Return the digest behind `code_stamp` (`seen`, the files' sizes and times, keys it)."""
    sources = {name: _source_digest(found) for name, found in files}
    return digest(FORMAT, sys.version, version, sources, versions(*libraries), list(extra))


def _files(name: str, suffixes: tuple[str, ...]) -> tuple[tuple[str, Path], ...]:
    """Return a module's source file, or every file of a package's folder with `suffixes`,
    each with its path relative to the package's folder (moving the project changes nothing)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ValueError(f"no source for module {name}")  # a bug in the caller's list
    if not spec.submodule_search_locations:
        return (("", Path(spec.origin)),)
    found = []
    for folder in map(Path, spec.submodule_search_locations):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" not in path.parts and path.suffix in suffixes:
                found.append((path.relative_to(folder).as_posix(), path))
    return tuple(found)


def _stat(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns)


def _source_digest(files: tuple[tuple[str, Path], ...]) -> str:
    """Return the digest of a module's files: their relative paths and bytes."""
    hasher = hashlib.sha256()
    for rel, path in files:
        hasher.update(f"\0{rel}\0".encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def file_stamp(path: Path) -> str:
    """Return a stamp of a large file by its path, size and modification time (not read)."""
    stat = path.stat()
    return sha256(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())


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


def pack(key: str, stamp: str, payload: bytes) -> bytes:
    """Return an entry's bytes: its header line (format, key, stamp, SHA-256), the payload."""
    header = {"format": FORMAT, "key": key, "stamp": stamp, "sha256": sha256(payload)}
    return json.dumps(header, sort_keys=True).encode() + b"\n" + payload


def unpack(content: bytes | None, key: str, stamp: str) -> bytes | None:
    """Return an entry's payload, or None unless its header names this key and stamp and
    its payload has the SHA-256 the header says (damaged, truncated, stale or foreign)."""
    if content is None:
        return None
    line, newline, payload = content.partition(b"\n")
    try:
        header = json.loads(line) if newline else None
    except ValueError:
        return None
    expected = {"format": FORMAT, "key": key, "stamp": stamp, "sha256": sha256(payload)}
    return payload if header == expected else None


class Store:
    """One cache folder: checked entries and blobs by name, pruning of the unused.

    `folder=None` is a cache that keeps nothing (every get misses, every put is dropped).
    Names are flat file names; `owns` tells which names in the folder belong to the cache
    (others are left alone by `prune`); `stamp` (a `code_stamp`) is written into every
    entry and an entry with another one is a miss.
    """

    def __init__(self, folder: Path | None, owns: re.Pattern[str], stamp: str = "") -> None:
        self.folder = Path(folder) if folder is not None else None
        self.owns = owns
        self.stamp = stamp
        self.used: set[str] = set()  # names read or written by this build

    def read(self, name: str, sha: str | None = None) -> bytes | None:
        """Return a blob's bytes, or None when absent or when they do not hash to `sha`."""
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
        """Store a blob atomically; a cache that cannot be written is skipped."""
        if self.folder is None:
            return
        self.used.add(name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / name, content)
        except OSError:
            return

    def get_entry(self, name: str) -> bytes | None:
        """Return the payload stored with `put_entry`, or None when absent, stale or damaged."""
        return unpack(self.read(name), name, self.stamp)

    def put_entry(self, name: str, payload: bytes) -> None:
        """Store a payload under its header (key, this cache's code stamp, checksum)."""
        self.write(name, pack(name, self.stamp, payload))

    def get_json(self, name: str) -> Any | None:
        """Return the data stored with `put_json`, or None when absent, stale or damaged."""
        payload = self.get_entry(name)
        try:
            return json.loads(payload) if payload is not None else None
        except ValueError:
            return None

    def put_json(self, name: str, data: Any) -> None:
        """Store JSON data as an entry."""
        self.put_entry(name, json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))

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


class Passed:
    """The keys of inputs that passed a check before (one entry `name` of a Store), and of
    this run: a key that passed is not checked again.

    Only passes are kept: a failure is found, and reported, afresh on every run. After a
    run only the keys it met are kept, so the entry does not grow with inputs long gone.
    The Store's code stamp covers the checking code (and any setting it depends on).
    """

    def __init__(self, folder: Path | None, name: str, stamp: str) -> None:
        self.name = name
        self.store = Store(folder, re.compile(re.escape(name)), stamp)
        found = self.store.get_json(name)
        keys = found if isinstance(found, list) else []
        self.known: frozenset[str] = frozenset(k for k in keys if isinstance(k, str))
        self.kept: set[str] = set()

    def passed(self, key: str) -> bool:
        """Tell whether `key` passed before; keep it for the next run if so."""
        if key in self.known:
            self.kept.add(key)
            return True
        return False

    def passes(self, key: str) -> None:
        """Record a key that passed in this run."""
        self.kept.add(key)

    def save(self) -> None:
        """Keep this run's passes (only when they changed; a cache that cannot be written is
        skipped)."""
        if self.kept != self.known:
            self.store.put_json(self.name, sorted(self.kept))
