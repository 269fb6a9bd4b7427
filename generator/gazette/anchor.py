"""Anchor the manifest chain to what was published before: it may only grow.

The hash chain (generator.gazette.manifest) shows that data matches a manifest, but
whoever can edit the working copy can also delete or shorten the manifest and have it
rebuilt from forged data. What they cannot rewrite as easily is what others already hold:

- every earlier commit of `datasets/manifest.json` (the repository's history, pushed to
  a remote and, per published issue, to a signed tag; see README "Checking an entry");
- the `gazette/manifest.json` of the site already published (the target site folder of a
  build, or a live site's copy given to `gazette verify --against`).

A chain *extends* an anchor when it holds every issue record of the anchor, in the same
order, with the same digests (each digest covers all earlier issues, so equal digests at
the same position mean an equal history). Anything else is refused, naming the first
issue that is missing or different.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import safe_read
from generator.models import Problem

MANIFEST_PATH = "datasets/manifest.json"
SITE_PATH = "gazette/manifest.json"


@dataclass(frozen=True)
class Anchor:
    """A chain of issue records someone else already holds, and where it came from."""

    source: str  # shown in messages: "git commit 1a2b3c4", "site/gazette/manifest.json", a URL
    records: list[tuple[str, str]]  # (issue_id, sha256) in chain order


def records_of(manifest: dict[str, Any] | None, until: str | None = None) -> list[tuple[str, str]]:
    """Return the (issue_id, sha256) pairs of a manifest document, in order.

    With `until` (YYYY-MM-DD), only issues published by then: a preview site lists later ones.
    """
    issues = (manifest or {}).get("issues") or []
    if until is not None:
        issues = [i for i in issues if str(i.get("publication_date", "")) <= until]
    return [(str(i.get("issue_id", "")), str(i.get("sha256", ""))) for i in issues]


def extension_problems(chain: list[tuple[str, str]], anchor: Anchor, rel: str) -> list[Problem]:
    """Return one problem when `chain` does not extend `anchor` (empty when it does)."""
    for position, (issue_id, digest) in enumerate(anchor.records):
        if position >= len(chain):
            code = "manifest-anchor-missing"
        elif chain[position] != (issue_id, digest):
            code = "manifest-anchor-changed"
        else:
            continue
        return [Problem.at(rel, None, "", code, issue=issue_id, source=anchor.source)]
    return []


# --- git history ----------------------------------------------------------------------


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    """Run git in `root`; return its output, or None when git or the repository is absent."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=data,
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_anchors(root: Path) -> list[Anchor] | None:
    """Return every committed version of the manifest (None: the project is not in git)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    top_dir = Path(top.decode().strip())
    try:
        rel = (Path(root).resolve() / MANIFEST_PATH).relative_to(top_dir.resolve()).as_posix()
    except ValueError:
        return None
    log = _git(top_dir, "log", "--format=format:C %H", "--raw", "--no-abbrev", "--", rel)
    if log is None:  # no commit yet
        return []
    blobs: dict[str, str] = {}  # blob id → newest commit holding it
    commit = ""
    for line in log.decode().splitlines():
        if line.startswith("C "):
            commit = line[2:]
        elif line.startswith(":"):
            blob = line.split()[3]
            if set(blob) != {"0"}:  # 000… is a deletion
                blobs.setdefault(blob, commit)
    if not blobs:
        return []
    out = _git(top_dir, "cat-file", "--batch", data="\n".join(blobs).encode() + b"\n") or b""
    anchors, pos = [], 0
    for commit in blobs.values():
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        body = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        anchors.append(Anchor(f"git commit {commit[:12]}", records_of(_parse(body))))
    return anchors


def _parse(data: bytes) -> dict[str, Any] | None:
    """Return a manifest document from bytes, or None when they are not one."""
    try:
        value = safe_read.load_json(data)  # a depth limit: json.loads recurses per level
    except ValueError:  # UnicodeDecodeError and safe_read.LimitError are ValueErrors
        return None
    return value if isinstance(value, dict) else None


# --- a published copy -----------------------------------------------------------------


def site_anchor(site_dir: Path, until: str | None = None) -> Anchor | None:
    """Return the chain the site folder already publishes (None when it has none).

    `until` (today in Taipei) leaves out issues a preview build showed before their date:
    they are not published yet, so they may still change.
    """
    path = Path(site_dir) / SITE_PATH
    if not path.is_file():
        return None
    manifest = _parse(path.read_bytes())
    return Anchor(str(path), records_of(manifest, until)) if manifest is not None else None


def load_against(location: str) -> tuple[Anchor | None, list[Problem]]:
    """Return the chain of a published manifest.json given as a file or an http(s) URL."""
    try:  # a size cap and a deadline (safe_read), and a depth limit before parsing
        data = safe_read.read_location(location)
        safe_read.check_json_depth(data)
    except (OSError, ValueError) as error:
        return None, [_unreadable(location, str(error))]
    manifest = _parse(data)
    if manifest is None or not isinstance(manifest.get("issues"), list):
        return None, [_unreadable(location, "not a manifest.json")]
    return Anchor(location, records_of(manifest)), []


def _unreadable(location: str, detail: str) -> Problem:
    """Return the problem of an --against manifest that cannot be read."""
    return Problem.at(location, None, "", "manifest-anchor-unreadable", detail=detail[:200])


# --- the checks the build and `gazette verify` run ------------------------------------


def history_problems(root: Path, manifest: dict[str, Any] | None) -> tuple[list[Problem], bool]:
    """Check the repository manifest against every committed version.

    Return the problems and whether the history could be read (False outside git: the
    caller notes that this check was skipped).
    """
    anchors = git_anchors(root)
    if anchors is None:
        return [], False
    chain = records_of(manifest)
    problems = [p for a in anchors for p in extension_problems(chain, a, MANIFEST_PATH)]
    return _first_per_issue(problems), True


def _first_per_issue(problems: list[Problem]) -> list[Problem]:
    """Keep one problem per issue and code (the newest commit naming it is enough)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for problem in problems:
        key = (problem.code, str(problem.values.get("issue")))
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def history_note() -> Problem:
    """Return the note that the history check was skipped (the project is not in git)."""
    return Problem.at(MANIFEST_PATH, None, "", "manifest-history-unavailable")


# --- tags: `python -m generator.gazette.anchor tags [REV]` (the publish workflow) -----


def new_records(root: Path, rev: str = "HEAD") -> list[tuple[str, str]]:
    """Return (issue_id, sha256) of the working manifest's issues not in `rev`'s version."""
    now = records_of(_parse((Path(root) / MANIFEST_PATH).read_bytes()))
    before = _git(root, "show", f"{rev}:{MANIFEST_PATH}")
    known = {issue for issue, _ in records_of(_parse(before) if before else None)}
    return [(issue, digest) for issue, digest in now if issue not in known]


def main(argv: list[str] | None = None) -> int:
    """Print `gazette-<issue> <sha256>` for each issue recorded since REV (default HEAD)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "tags":
        print("usage: python -m generator.gazette.anchor tags [REV]", file=sys.stderr)
        return 2
    for issue, digest in new_records(Path("."), args[1] if len(args) > 1 else "HEAD"):
        print(f"gazette-{issue} {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
