"""The hash chain as the site publishes it: one file per volume and a small head file.

The repository keeps the whole chain in `datasets/manifest.json` (generator.gazette.manifest);
a site publishes the same records, unchanged, split so that a publish day changes little:

- `gazette/chain/<volume>.json`: the records whose issue belongs to that volume (issue,
  edition and reissue records alike, by the volume part of their `issue_id`), in chain
  order. A closed volume's file never changes again unless a record of that volume is
  appended (a back-catalogue issue, an edition recorded late);
- `gazette/chain/latest.json`: the head (the newest record whole, its digest, the count of
  records, the field lists) and the list of volume files with each file's SHA-256.

A reader checks the set whole: every listed file present with its digest, no unlisted
file, every record in its own volume's file, the records linking (`previous`) into one
chain whose last record is the head. The records reassembled in link order are the
manifest document the rest of the code checks digest by digest. Sites published before
this layout have the whole chain at `gazette/manifest.json`; `read_site` and `read_at`
still read that, so the first deploy of the new layout extends the old one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator import cache, safe_read
from generator.models import Problem

FOLDER = "gazette/chain"
LATEST = f"{FOLDER}/latest.json"
LEGACY = "gazette/manifest.json"  # the whole chain in one file: sites before this layout
FORMAT = "city-gazette-chain/1"
VOLUME_FORMAT = "city-gazette-chain-volume/1"
MANIFEST_FORMAT = "city-gazette-manifest/1"  # the reassembled document (manifest.FORMAT)


def volume_of(record: dict[str, Any]) -> str:
    """Return the volume a record belongs to: the part of its issue id before the dash."""
    return str(record.get("issue_id", "")).split("-", 1)[0]


def _record_lines(records: list[dict[str, Any]]) -> str:
    """Return records as JSON, one record per line (readable diffs, stable bytes)."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    return ",\n".join(lines)


def split(manifest: dict[str, Any]) -> dict[str, bytes]:
    """Return the published files (site-relative path → bytes) of a manifest document."""
    volumes: dict[str, list[dict[str, Any]]] = {}
    for record in manifest["issues"]:
        volumes.setdefault(volume_of(record), []).append(record)
    files: dict[str, bytes] = {}
    listed = []
    for volume, records in volumes.items():
        head = json.dumps({"format": VOLUME_FORMAT, "volume": volume})[:-1]
        data = f'{head}, "issues": [\n{_record_lines(records)}\n]}}\n'.encode()
        files[f"{FOLDER}/{volume}.json"] = data
        listed.append(
            {"volume": volume, "file": f"{volume}.json", "records": len(records),
             "sha256": cache.sha256(data)}
        )  # fmt: skip
    latest = {
        "format": FORMAT,
        "algorithm": manifest.get("algorithm", "sha256"),
        "fields": manifest.get("fields", {}),
        "head": manifest.get("head", ""),
        "records": len(manifest["issues"]),
        "volumes": listed,
        "latest": manifest["issues"][-1] if manifest["issues"] else None,
    }
    files[LATEST] = (json.dumps(latest, ensure_ascii=False, indent=1) + "\n").encode()
    return files


def _parse(data: bytes) -> dict[str, Any] | None:
    """Return a JSON object from bytes (depth-limited), or None when they are not one."""
    try:
        value = safe_read.load_json(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _latest_shape(latest: dict[str, Any] | None) -> str | None:
    """Return what makes a parsed latest.json unusable (None: usable)."""
    if latest is None or latest.get("format") != FORMAT:
        return f"not a {FORMAT} document"
    volumes = latest.get("volumes")
    if not isinstance(volumes, list) or not all(isinstance(v, dict) for v in volumes):
        return "volumes is not a list of objects"
    for v in volumes:
        name = v.get("file")
        if not isinstance(name, str) or "/" in name or "\\" in name or not name.endswith(".json"):
            return f"volume file name {name!r} is not a plain <volume>.json"
        if not isinstance(v.get("sha256"), str) or not isinstance(v.get("volume"), str):
            return f"volume {name} has no text volume or sha256"
    if not isinstance(latest.get("records"), int) or not isinstance(latest.get("head"), str):
        return "records or head missing"
    return None


def assemble(
    data: bytes,
    read: Callable[[str], bytes],
    where: Callable[[str], str],
    present: Iterable[str] | None = None,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the manifest document a published latest.json and its volume files make.

    `data` is latest.json's bytes; `read(name)` returns a listed volume file's bytes (raises
    OSError or ValueError when it cannot); `where(name)` names a file in messages (a path
    or a URL; `where("latest.json")` for the head). `present` lists the volume files
    actually there, when known (a site folder, a bucket): one latest.json does not list
    is a problem too. Any problem returns None: a chain is checked whole or not used.
    """
    latest = _parse(data)
    head_at = where("latest.json")
    if (shape := _latest_shape(latest)) is not None or latest is None:
        return None, [Problem.at(head_at, None, "", "chain-latest-unreadable", detail=shape)]
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    listed = {v["file"] for v in latest["volumes"]}
    for name in sorted(set(present or ()) - listed - {"latest.json"}):
        problems.append(Problem.at(where(name), None, "", "chain-volume-unlisted", file=name))
    for volume in latest["volumes"]:
        name = volume["file"]
        try:
            body = read(name)
        except (OSError, ValueError) as error:
            problems.append(Problem.at(where(name), None, "", "chain-volume-missing",
                                       file=name, detail=str(error)[:200]))  # fmt: skip
            continue
        if cache.sha256(body) != volume["sha256"]:
            problems.append(Problem.at(where(name), None, "", "chain-volume-changed", file=name))
            continue
        document = _parse(body)
        issues = (document or {}).get("issues")
        if (
            document is None
            or document.get("format") != VOLUME_FORMAT
            or not isinstance(issues, list)
            or not all(isinstance(r, dict) for r in issues)
        ):
            problems.append(Problem.at(where(name), None, "", "chain-volume-changed", file=name))
            continue
        own = volume["volume"]
        for record in issues:
            if volume_of(record) != own or document.get("volume") != own:
                at, issue = where(name), str(record.get("issue_id"))
                code = "chain-record-misplaced"
                problems.append(Problem.at(at, None, "", code, issue=issue, file=name))
        records += issues
    if problems:
        return None, problems
    ordered, problem = _link(records, latest, head_at)
    if problem is not None:
        return None, [problem]
    manifest = {
        "format": MANIFEST_FORMAT,
        "algorithm": latest.get("algorithm", "sha256"),
        "fields": latest.get("fields", {}),
        "head": latest["head"],
        "issues": ordered,
    }
    return manifest, []


def _link(
    records: list[dict[str, Any]], latest: dict[str, Any], head_at: str
) -> tuple[list[dict[str, Any]], Problem | None]:
    """Return the records in chain order, following `previous` from the first ("").

    A fork (two records after the same one), a record no link reaches, or a head other
    than latest.json's is a problem naming the first record concerned.
    """
    after: dict[str, dict[str, Any]] = {}
    for record in records:
        previous = str(record.get("previous", ""))
        if previous in after:
            return [], _broken(head_at, record)
        after[previous] = record
    ordered, digest = [], ""
    while digest in after and len(ordered) < len(records):
        ordered.append(after[digest])
        digest = str(after[digest].get("sha256", ""))
    if len(ordered) != len(records):
        stray = next(r for r in records if not any(r is o for o in ordered))
        return [], _broken(head_at, stray)
    tail = ordered[-1] if ordered else None
    if (
        latest["records"] != len(ordered)
        or latest["head"] != (str(tail.get("sha256", "")) if tail else "")
        or latest.get("latest") != tail
    ):
        issue = str((tail or {}).get("issue_id", ""))
        return [], Problem.at(head_at, None, "", "chain-latest-mismatch", issue=issue)
    return ordered, None


def _broken(head_at: str, record: dict[str, Any]) -> Problem:
    """Return the problem of records that do not link into one chain."""
    return Problem.at(head_at, None, "", "chain-order-broken", issue=str(record.get("issue_id")))


def read_site(site_dir: Path) -> tuple[dict[str, Any] | None, list[Problem], str]:
    """Return (manifest document, problems, the path read) of a site folder's published chain.

    The per-volume layout when `gazette/chain/latest.json` is there, else the single
    `gazette/manifest.json` of a site published before it (parsed, not shape-checked:
    callers judge it as before); (None, [], "") when the site publishes no chain.
    """
    site_dir = Path(site_dir)
    folder = site_dir / FOLDER
    if (site_dir / LATEST).is_file():
        present = [p.name for p in folder.iterdir() if p.is_file()]
        manifest, problems = assemble(
            (site_dir / LATEST).read_bytes(),
            lambda name: (folder / name).read_bytes(),
            lambda name: f"{FOLDER}/{name}",
            present,
        )
        return manifest, problems, LATEST
    if (site_dir / LEGACY).is_file():
        return _parse((site_dir / LEGACY).read_bytes()), [], LEGACY
    return None, [], ""


def read_at(location: str, data: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the manifest document of a published chain given as a file or a URL.

    `data` are the bytes at `location`: a latest.json (its volume files are read beside
    it) or a whole manifest.json of the old layout (returned parsed, unchecked).
    """
    document = _parse(data)
    if document is None or document.get("format") != FORMAT:
        return document, []
    base = location.rsplit("/", 1)[0] if "/" in location else "."

    def read(name: str) -> bytes:
        """Return a volume file beside latest.json (size and depth limits as for it)."""
        body = safe_read.read_location(f"{base}/{name}")
        safe_read.check_json_depth(body)
        return body

    return assemble(data, read, lambda name: f"{base}/{name}")
