"""Anchor the manifest chain to what was published before: it may only grow.

The hash chain (generator.gazette.manifest) shows that data matches a manifest, but
whoever can edit the working copy can also delete or shorten the manifest and have it
rebuilt from forged data. What they cannot rewrite as easily is what others already hold:

- every earlier commit of `datasets/manifest.json` (the repository's history, pushed to
  a remote and, per published issue, to a signed tag; see docs/lifecycle.md "Checking an entry");
- the chain of the site already published, `gazette/chain/latest.json` and its volume
  files (generator.gazette.chain_files; `gazette/manifest.json` on sites published before
  that layout): the target site folder of a build, or a live site's copy given to
  `gazette verify --against`.

A chain *extends* an anchor when it holds every issue record of the anchor, in the same
order, with the same digests (each digest covers all earlier issues, so equal digests at
the same position mean an equal history). Anything else is refused, naming the first
issue that is missing or different.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache, safe_read
from generator.gazette import chain_files
from generator.models import Problem

MANIFEST_PATH = "datasets/manifest.json"
SITE_PATH = chain_files.LATEST


@dataclass(frozen=True)
class Anchor:
    """A chain of issue records someone else already holds, and where it came from."""

    source: str  # shown in messages: "git commit 1a2b3c4", "site/gazette/manifest.json", a URL
    records: list[tuple[str, str]]  # (issue_id, sha256) in chain order
    commit: str = ""  # the commit holding this version, for a history anchor


def records_of(
    manifest: dict[str, Any] | None, until: str | None = None, settled: int | None = None
) -> list[tuple[str, str]]:
    """Return the (issue_id, sha256) pairs of a manifest document, in order.

    With `until` (YYYY-MM-DD), only issues published by then: a preview site lists later ones.
    With `settled`, the records from that position on, which the repository has not recorded
    yet, are compared by what they say of their issue (`content_digest`) instead.
    """
    issues = (manifest or {}).get("issues")
    # Shape is judged elsewhere (manifest.load, _records_or_none); here a wrong one is empty.
    issues = [i for i in issues if isinstance(i, dict)] if isinstance(issues, list) else []
    if until is not None:
        issues = [i for i in issues if str(i.get("publication_date", "")) <= until]
    return [
        (str(i.get("issue_id", "")), _digest_of(i, settled is not None and n >= settled))
        for n, i in enumerate(issues)
    ]


# What a preview build does not settle in a chain record: it neither signs nor freezes the
# PDF edition, so the edition's digest, and every digest linked after it, may still change.
UNSETTLED = ("previous", "edition", "sha256")


def content_digest(record: dict[str, Any]) -> str:
    """Return a digest of what a chain record says of its issue: the issue's row, date and
    entries (rows and body texts), without the edition and the links (UNSETTLED).

    A site a preview built shows records the repository never recorded. The day their
    issues go public they are locked all the same (a reader may have seen them), but by
    their text: the edition the real build signs and freezes is a new file.
    """
    kept = {key: value for key, value in record.items() if key not in UNSETTLED}
    return "content:" + cache.digest(kept)


def _digest_of(record: dict[str, Any], by_content: bool) -> str:
    """Return the digest a record is compared by: its chain digest, or its content's."""
    return content_digest(record) if by_content else str(record.get("sha256", ""))


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


def _repository(root: Path) -> tuple[Path, str] | None:
    """Return the work tree's top folder and the manifest's path in it (None: not in git)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    top_dir = Path(top.decode().strip())
    try:
        rel = (Path(root).resolve() / MANIFEST_PATH).relative_to(top_dir.resolve()).as_posix()
    except ValueError:
        return None
    return top_dir, rel


# Every ref, not only the checked-out branch: a forger on an orphan branch (or a branch cut
# before the first record) would otherwise have no history to answer to. The stash is left
# out: it holds work in progress, never a published record.
ALL_REFS = ("--exclude=refs/stash", "--all")


def git_anchors(root: Path, notes: list[Problem] | None = None) -> list[Anchor] | None:
    """Return every committed version of the manifest on any ref (None: not in git).

    Branches, remote-tracking refs, tags and HEAD are all read. A version that is not a
    manifest (malformed JSON, a wrong shape, a blob missing from a shallow clone) is left
    out with a warning in `notes` naming its commit: one bad commit, even reverted, must
    not stop every later build.
    """
    found = _repository(root)
    if found is None:
        return None
    top_dir, rel = found
    log = _git(top_dir, "log", *ALL_REFS, "--format=format:C %H", "--raw", "--no-abbrev", "--", rel)
    if log is None:  # no commit yet
        return []
    blobs: dict[str, str] = {}  # blob id → newest commit holding it
    commit = ""
    for line in log.decode(errors="replace").splitlines():
        if line.startswith("C "):
            commit = line[2:]
        elif line.startswith(":") and len(line.split()) > 3:
            blob = line.split()[3]
            if set(blob) != {"0"}:  # 000… is a deletion
                blobs.setdefault(blob, commit)
    anchors = []
    for blob, body in _blobs(top_dir, list(blobs)).items():
        source = f"git commit {blobs[blob][:12]}"
        records = _records_or_none(parse(body) if body is not None else None)
        if records is None:
            if notes is not None:
                notes.append(Problem.at(rel, None, "", "manifest-history-malformed", source=source))
            continue
        anchors.append(Anchor(source, records, blobs[blob][:12]))
    return anchors


def _blobs(top_dir: Path, ids: list[str]) -> dict[str, bytes | None]:
    """Return each blob's bytes read in one `git cat-file --batch` (None: missing)."""
    if not ids:
        return {}
    out = _git(top_dir, "cat-file", "--batch", data="\n".join(ids).encode() + b"\n") or b""
    found: dict[str, bytes | None] = dict.fromkeys(ids)
    pos = 0
    for blob in ids:
        header_end = out.find(b"\n", pos)
        if header_end < 0:
            break
        header = out[pos:header_end].split()
        if len(header) != 3 or not header[2].isdigit():  # "<id> missing" (shallow clone)
            pos = header_end + 1
            continue
        size = int(header[2])
        found[blob] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return found


def _records_or_none(manifest: dict[str, Any] | None) -> list[tuple[str, str]] | None:
    """Return a manifest's (issue_id, sha256) pairs, or None when it is not well formed."""
    if manifest is None or shape_error(manifest) is not None:
        return None
    return records_of(manifest)


def shape_error(manifest: dict[str, Any], complete: bool = False) -> str | None:
    """Return what makes a parsed manifest unusable (None: every record has its fields).

    JSON that parses can still be no manifest (`"issues": [1]`); reading it as one was an
    internal error (exit 3) in every later build. An anchor needs each record's issue id
    and digest; `complete` (the repository's own manifest, which the build compares field
    by field and extends) also needs the publication dates, the entries' ids and every
    row digest.
    """
    issues = manifest.get("issues")
    if not isinstance(issues, list):
        return "issues is not a list"
    if complete and not isinstance(manifest.get("fields", {}), dict):
        return "fields is not an object"
    for position, issue in enumerate(issues, 1):
        if not isinstance(issue, dict):
            return f"issue record {position} is not an object"
        # Edition and reissue records (kind) vouch for a PDF: no date, row or entries.
        of_issue = issue.get("kind", "issue") == "issue"
        extra = ("publication_date", "row") if of_issue else ("edition", "file")
        needed = ("issue_id", "sha256") + (extra if complete else ())
        for name in needed:
            if not isinstance(issue.get(name), str):
                return f"issue record {position} has no text {name}"
        entries = issue.get("entries", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return f"issue record {position}: entries is not a list of objects"
        for entry in entries if complete else []:
            if not all(isinstance(entry.get(name), str) for name in ("entry_id", "row")):
                return f"issue record {position}: an entry has no text entry_id or row"
    return None


# --- tags: one annotated `gazette-<issue>` per published issue ------------------------

TAG_PREFIX = "gazette-"
TAG_DIGEST = re.compile(r"\bsha256 ([0-9a-f]{64})\b")


@dataclass(frozen=True)
class TagAnchor:
    """The digest one annotated tag gives one issue (it vouches for every issue before)."""

    source: str  # "git tag gazette-115-21"
    issue: str
    digest: str


def tag_anchors(root: Path, notes: list[Problem] | None = None) -> list[TagAnchor]:
    """Return the digests the repository's annotated `gazette-<issue>` tags name.

    A lightweight tag names no digest (its commit is read as history anyway); an
    annotated one whose message names none is reported in `notes` and left out.
    """
    found = _repository(root)
    if found is None:
        return []
    fmt = "%(refname:strip=2)%09%(objecttype)%09%(contents:subject)"
    out = _git(found[0], "tag", "--list", f"{TAG_PREFIX}*", f"--format={fmt}")
    anchors = []
    for line in (out or b"").decode(errors="replace").splitlines():
        name, kind, subject = (line.split("\t", 2) + ["", ""])[:3]
        if kind != "tag":
            continue
        digest = TAG_DIGEST.search(subject)
        if digest is None:
            if notes is not None:
                notes.append(
                    Problem.at(MANIFEST_PATH, None, "", "manifest-tag-malformed", tag=name)
                )
            continue
        anchors.append(TagAnchor(f"git tag {name}", name.removeprefix(TAG_PREFIX), digest[1]))
    return anchors


def tag_problems(chain: list[tuple[str, str]], tag: TagAnchor, rel: str) -> list[Problem]:
    """Return one problem when `chain` does not hold the tag's issue with the tag's digest."""
    digests = _issue_digests(chain)
    if tag.issue not in digests:
        code = "manifest-anchor-missing"
    elif digests[tag.issue] != tag.digest:
        code = "manifest-anchor-changed"
    else:
        return []
    return [Problem.at(rel, None, "", code, issue=tag.issue, source=tag.source)]


def parse(data: bytes) -> dict[str, Any] | None:
    """Return a manifest document from bytes, or None when they are not one."""
    try:
        value = safe_read.load_json(data)  # a depth limit: json.loads recurses per level
    except ValueError:  # UnicodeDecodeError and safe_read.LimitError are ValueErrors
        return None
    return value if isinstance(value, dict) else None


# --- a published copy -----------------------------------------------------------------


def site_anchor(
    site_dir: Path, until: str | None = None, settled: int | None = None
) -> Anchor | None:
    """Return the chain the site folder already publishes (None when it has none).

    `until` (today in Taipei) leaves out issues a preview build showed before their date:
    they are not published yet, so they may still change. `settled` is how many records
    the repository holds: later ones, shown by a preview, are compared by their content
    (`records_of`).
    """
    manifest, problems, rel = chain_files.read_site(Path(site_dir))
    if not rel or manifest is None or problems:
        return None  # the build's own check of that folder's chain reports it (verify_site)
    return Anchor(str(Path(site_dir) / rel), records_of(manifest, until, settled))


def load_against(location: str) -> tuple[Anchor | None, list[Problem]]:
    """Return the chain published at a file or an http(s) URL, checked whole.

    A `gazette/chain/latest.json` (its volume files are read beside it) or the single
    `gazette/manifest.json` of a site published before the per-volume layout.

    Anything that cannot be read, a missing file or an HTTP error included, is a problem:
    the check fails closed (see `first_publish` for the one allowed exception).
    """
    try:
        data = _fetch(location)
    except (OSError, ValueError) as error:
        return None, [_unreadable(location, str(error))]
    try:
        manifest, problems = chain_files.read_at(location, data)
    except (OSError, ValueError) as error:
        return None, [_unreadable(location, str(error))]
    if problems:
        return None, problems
    if manifest is None or shape_error(manifest) is not None:
        return None, [_unreadable(location, "not a chain latest.json or manifest.json")]
    return Anchor(location, records_of(manifest)), []


def _fetch(location: str) -> bytes:
    """Return the bytes at a file path or an http(s) URL (raises OSError or ValueError).

    A size cap and a deadline (safe_read), and a depth limit before any parsing.
    """
    data = safe_read.read_location(location)
    safe_read.check_json_depth(data)
    return data


def _absent(error: Exception) -> bool:
    """Tell whether a failed read means "nothing published there" (not "could not ask")."""
    import urllib.error

    if isinstance(error, urllib.error.HTTPError):
        return error.code in (404, 410)
    return isinstance(error, FileNotFoundError)


def first_publish(
    root: Path, location: str, notes: list[Problem] | None = None
) -> tuple[str | None, list[Problem]]:
    """Return the --against location to check, allowing only a first publish to have none.

    `gazette verify --against URL --first-publish`: a live manifest that is absent (404,
    410, no such file) is accepted only while no committed manifest on any ref, and no
    `gazette-<issue>` tag, records a published issue; then None is returned and a note
    added. Anything else absent, and every other failure to read, stays a problem, so the
    option may stay in a workflow without opening it.
    """
    try:
        _fetch(location)
    except (OSError, ValueError) as error:
        if not _absent(error):
            return None, [_unreadable(location, str(error))]
        history = git_anchors(root) or []
        if any(a.records for a in history) or tag_anchors(root):
            return None, [Problem.at(location, None, "", "manifest-first-publish-refused")]
        if notes is not None:
            notes.append(Problem.at(location, None, "", "manifest-first-publish"))
        return None, []
    return location, []


def _unreadable(location: str, detail: str) -> Problem:
    """Return the problem of an --against manifest that cannot be read."""
    return Problem.at(location, None, "", "manifest-anchor-unreadable", detail=detail[:200])


# --- the checks the build and `gazette verify` run ------------------------------------


def history_problems(
    root: Path, manifest: dict[str, Any] | None, notes: list[Problem] | None = None
) -> tuple[list[Problem], bool]:
    """Check the repository manifest against every committed version and every tag.

    Return the problems and whether the history could be read (False outside git: the
    caller notes that this check was skipped). Warnings (a malformed historic version, a
    tag naming no digest) go to `notes`.
    """
    anchors = git_anchors(root, notes)
    if anchors is None:
        return [], False
    chain = records_of(manifest)
    if (
        manifest is None
        and (Path(root) / MANIFEST_PATH).is_file()
        and anchors
        and notes is not None
    ):
        # The file is there but unreadable: say which commit holds the newest good copy.
        commit = anchors[0].commit  # git log lists the newest commit first
        notes.append(Problem.at(MANIFEST_PATH, None, "", "manifest-restore-from", commit=commit))
    problems = [p for a in anchors for p in extension_problems(chain, a, MANIFEST_PATH)]
    problems += [p for t in tag_anchors(root, notes) for p in tag_problems(chain, t, MANIFEST_PATH)]
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


# --- tags: `gazette tags [--since REV]` (the publish workflow) ---------------------------


def new_records(root: Path, rev: str = "HEAD") -> list[tuple[str, str]]:
    """Return (issue_id, sha256) of the working manifest's issues not in `rev`'s version."""
    now = records_of(parse((Path(root) / MANIFEST_PATH).read_bytes()))
    before = _git(root, "show", f"{rev}:{MANIFEST_PATH}")
    known = {issue for issue, _ in records_of(parse(before) if before else None)}
    return [(i, digest) for i, digest in _issue_digests(now).items() if i not in known]


def _issue_digests(chain: list[tuple[str, str]]) -> dict[str, str]:
    """Return issue id → the digest of its issue record: the first record naming the issue.

    Edition and reissue records name their issue too, but are always appended after it;
    a tag vouches for the issue record's digest.
    """
    digests: dict[str, str] = {}
    for issue, digest in chain:
        digests.setdefault(issue, digest)
    return digests
