"""Limits on imported bodies, and the checks of a DOCX/ODT archive made before converting it.

A body is text a clerk reads; megabytes of it are an accident or an attack. Every limit
has a default here and an import option to change it (see docs/hostile-input.md). A
DOCX or ODT is a zip archive: its members are read as streams with a cap BEFORE pandoc
sees the file, so a 459 KB archive that expands to 315 MB is refused after reading at
most `expanded_bytes`, and memory stays bounded whatever the declared sizes say.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path

CHUNK = 1 << 16


@dataclass(frozen=True)
class BodyLimits:
    """What an imported body may weigh; every field can be set by an import option."""

    body_chars: int = 2_000_000  # characters of text in one body (source and result)
    file_bytes: int = 20_000_000  # size of a body file as stored (HTML, text, DOCX, ODT)
    expanded_bytes: int = 50_000_000  # all members of a DOCX/ODT archive once uncompressed
    members: int = 2_000  # members in a DOCX/ODT archive
    nesting: int = 200  # element depth of an HTML or XML body
    convert_seconds: int = 60  # one pandoc run
    convert_memory_mb: int = 1024  # pandoc's heap (its `+RTS -M` option)


DEFAULT_LIMITS = BodyLimits()


class LimitExceeded(Exception):
    """A body over one of the limits: which limit, its value and what was found."""

    def __init__(self, limit: str, allowed: int, found: str):
        super().__init__(limit)
        self.limit, self.allowed, self.found = limit, allowed, found


def parse_limits(settings: list[str], base: BodyLimits = DEFAULT_LIMITS) -> BodyLimits:
    """Return `base` with NAME=N settings applied; raise ValueError naming a bad setting."""
    names = {f.name for f in fields(BodyLimits)}
    changes: dict[str, int] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        name = name.strip().replace("-", "_")
        if name not in names or not value.strip().isdigit() or int(value) < 1:
            raise ValueError(setting)
        changes[name] = int(value)
    return replace(base, **changes)


def limit_names() -> list[str]:
    """Return the names of the limits, for messages and docs/hostile-input.md."""
    return [f.name for f in fields(BodyLimits)]


def check_file_size(path: Path, limits: BodyLimits) -> None:
    """Raise LimitExceeded when a body file is larger than `file_bytes`."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise LimitExceeded("file_bytes", limits.file_bytes, f"{size:,}")


def check_text(text: str, limits: BodyLimits) -> None:
    """Raise LimitExceeded when a body's text is longer than `body_chars`."""
    if len(text) > limits.body_chars:
        raise LimitExceeded("body_chars", limits.body_chars, f"{len(text):,}")


def check_archive(path: Path, limits: BodyLimits) -> None:
    """Raise LimitExceeded when an archive has too many members or expands too far.

    The declared sizes are checked first (cheap), then every member is decompressed as a
    stream and counted, since a crafted archive can declare sizes it does not have.
    Raise zipfile.BadZipFile for an archive that is not one.
    """
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise LimitExceeded("members", limits.members, f"{len(infos):,}")
        declared = sum(info.file_size for info in infos)
        if declared > limits.expanded_bytes:
            raise LimitExceeded("expanded_bytes", limits.expanded_bytes, f"{declared:,}")
        total = 0
        for info in infos:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limits.expanded_bytes:
                        raise LimitExceeded("expanded_bytes", limits.expanded_bytes,
                                            f"> {total:,}")  # fmt: skip
