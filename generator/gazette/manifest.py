"""The tamper-evident manifest of published gazette issues: a SHA-256 hash chain.

A published issue is a legal record: once its date has passed, its row and its entries
(rows and body texts) must stay exactly as published. Corrections are new corrigendum
(更正) entries in a later issue. The manifest records what was published and lets anyone
detect a later change:

- **row digest** of a CSV row: SHA-256 of the canonical JSON (UTF-8, keys sorted, no
  spaces, `ensure_ascii=False`) of the row's non-empty cells in text form (strings as is,
  integers in decimal, dates as YYYY-MM-DD). Empty cells are left out, so adding a column
  to the schema does not alter what was published before.
- **body digest** of an entry text: SHA-256 of its bytes after normalising only what a
  checkout may change behind the author's back: a UTF-8 byte-order mark is dropped, CRLF
  and CR become LF, and trailing blank lines become one final LF (an empty text hashes as
  zero bytes). Spaces at line ends are kept: in Markdown two of them are a line break.
- **entry digest**: SHA-256 of canonical JSON `{"row": …, "body_zh": …, "body_en": …}`
  (the three digests; null for a missing English body).
- **issue digest**: SHA-256 of canonical JSON `{"row": …, "entries": […], "previous": …}`:
  its row digest, its entries' digests ordered by entry id, and the previous issue's
  digest ("" for the first). Changing anything published changes every later digest.
  An issue published with a frozen PDF edition (generator/gazette/editions.py) adds
  `"edition": <SHA-256 of the PDF>` to its record and to that JSON; records made before
  editions were frozen have neither, so their digests stay as published.

The repository keeps the manifest at `datasets/manifest.json` (its history is in git);
the site publishes the chain of the issues it shows, one file per volume under `gazette/chain/`
with a small `gazette/chain/latest.json` naming them (generator.gazette.chain_files). The chain
is in order of recording, never re-sorted by date: a back-catalogue issue (回溯補登)
digitised today is appended after today's head, in the repository and on the site alike,
so importing one never changes a digest already published.
A build `check`s the data against the recorded manifest and refuses any change to a
published issue; `Plan.record` appends newly published issues, and the build calls it
only after the new site is in place, so a failed build changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import cache, safe_read, schedule
from generator.data.load import InsideFolder
from generator.data.validate import validate_project
from generator.data.yearly import site_rows  # the portal writes these files
from generator.errors import DataInvalid, Refused
from generator.gazette import anchor, chain_files
from generator.models import BuildContext, Dataset, Problem

FORMAT = "city-gazette-manifest/1"
MANIFEST_PATH = "datasets/manifest.json"
SITE_PATH = chain_files.LATEST  # the published chain's head; its volume files beside it
ISSUES_CSV = "datasets/gazette_issues.csv"
ENTRIES_CSV = "datasets/gazette_entries.csv"
TABLES = ("gazette_issues", "gazette_entries")
BODIES = ("body_zh", "body_en")
# The site's typed JSON downloads (written by generator.portal.downloads) a reader verifies against.
# What a built site publishes of the two tables: one file per volume each
# (data/gazette_issues/<volume>.json, data/gazette_entries/<volume>.json, read joined by
# data.yearly.site_rows; a site built before the issues were split has data/gazette_issues.json).
SITE_TABLES = ("data/gazette_issues/", "data/gazette_entries/")


# --- digests --------------------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """Return the canonical JSON bytes every digest is taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of `data`."""
    return cache.sha256(data)


def text_form(value: Any) -> str | None:
    """Return a cell in the text form digests use; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    try:  # pandas NA, numpy integers
        if value != value:  # noqa: PLR0124 - NaN-like values are not equal to themselves
            return None
    except TypeError:
        return None
    return str(int(value)) if hasattr(value, "__index__") else str(value)


def row_digest(row: dict[str, Any], names: Iterable[str]) -> str:
    """Return the digest of a row over the named fields (empty cells left out)."""
    cells = {name: text_form(row.get(name)) for name in names}
    return sha256(canonical_json({k: v for k, v in cells.items() if v is not None}))


def normalise_body(data: bytes) -> bytes:
    """Return an entry text's bytes as hashed: no BOM, LF line ends, one final LF."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    return (text + "\n").encode() if text else b""


def entry_digest(row: str, body_zh: str | None, body_en: str | None) -> str:
    """Return an entry's digest from its row and body digests."""
    return sha256(canonical_json({"row": row, "body_zh": body_zh, "body_en": body_en}))


def issue_digest(row: str, entries: list[str], previous: str, edition: str | None = None) -> str:
    """Return an issue's digest: its row, its ordered entry digests, the previous link and
    the SHA-256 of its PDF edition (left out when the record has none)."""
    value = {"row": row, "entries": entries, "previous": previous}
    return sha256(canonical_json(value | ({"edition": edition} if edition else {})))


# Records of other kinds follow issue records in the same chain (in order of recording):
# "edition" vouches for a PDF edition frozen before its issue's record carried a hash,
# "reissue" for a corrected edition (更正版) that supersedes an earlier one of its issue.
EDITION_KINDS = ("edition", "reissue")


def is_issue_record(record: Mapping[str, Any]) -> bool:
    """Return whether a chain record is an issue's (records without a kind are)."""
    return record.get("kind", "issue") == "issue"


def records_as_of(records: list[dict[str, Any]], as_of: dt.date) -> list[dict[str, Any]]:
    """Return the records a site as of `as_of` shows: an edition or reissue record made
    later is left out (nothing dated after --as-of), issue records are cut by the embargo."""
    day = as_of.isoformat()
    return [r for r in records if is_issue_record(r) or str(r.get("date") or "") <= day]


def record_digest(record: Mapping[str, Any]) -> str:
    """Return the digest of an edition or reissue record: every field but its own digest."""
    return sha256(canonical_json({k: v for k, v in record.items() if k != "sha256"}))


def seal(record: Mapping[str, Any], previous: str) -> dict[str, Any]:
    """Return an edition or reissue record linked to `previous`, with its own digest."""
    linked = {k: v for k, v in record.items() if k != "sha256"} | {"previous": previous}
    return linked | {"sha256": record_digest(linked)}


# --- computing records from data ------------------------------------------------------


@dataclass
class Entry:
    """One entry as the data holds it now, with its digests."""

    entry_id: str
    issue_id: str
    row: str
    bodies: dict[str, str | None]
    line: int | None = None
    paths: dict[str, str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Return the entry digest."""
        return entry_digest(self.row, self.bodies.get("body_zh"), self.bodies.get("body_en"))

    def record(self) -> dict[str, Any]:
        """Return the manifest record of this entry."""
        return {"entry_id": self.entry_id, "row": self.row, **self.bodies, "sha256": self.sha256}


@dataclass
class Issue:
    """One issue as the data holds it now, with its row digest and its entries."""

    issue_id: str
    publication_date: str
    row: str
    entries: list[Entry]
    line: int | None = None


@dataclass(frozen=True)
class Source:
    """Where a set of gazette rows came from: the repository or a downloaded site."""

    base: Path  # the folder body paths are relative to
    prefix: str  # how that folder is named in problems ("datasets/" or "data/")
    issues_path: str
    entries_path: str


REPO_SOURCE_PATHS = ("datasets/", ISSUES_CSV, ENTRIES_CSV)


def repo_source(root: Path) -> Source:
    """Return the source for a project's datasets folder."""
    return Source(root / "datasets", *REPO_SOURCE_PATHS)


def _body_digests(
    source: Source,
    row: dict[str, Any],
    problems: list[Problem],
    line: int | None,
    inside: InsideFolder,
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Return the digests and paths of an entry's body files; report unreadable ones."""
    digests: dict[str, str | None] = {}
    paths: dict[str, str] = {}
    for column in BODIES:
        rel = text_form(row.get(column))
        digests[column] = None
        if rel is None:
            continue
        paths[column] = source.prefix + rel
        real = inside.real(rel)
        try:
            if real is None:
                raise FileNotFoundError(rel)
            with open(real, "rb") as handle:
                digests[column] = sha256(normalise_body(handle.read()))
        except (OSError, UnicodeDecodeError):
            entry = text_form(row.get("entry_id"))
            problems.append(
                Problem.at(
                    source.entries_path,
                    line,
                    column,
                    "manifest-body-unreadable",
                    entry=entry,
                    file=paths[column],
                )
            )
    return digests, paths


def field_names(dataset: Dataset) -> dict[str, list[str]]:
    """Return the schema field names of the two gazette tables."""
    return {t: [f["name"] for f in dataset.resource(t)["schema"]["fields"]] for t in TABLES}


def _line(row: dict[str, Any]) -> int | None:
    """Return the editor line of a typed row, when known."""
    value = row.get("_line")
    return None if text_form(value) is None else int(value)


def _id(row: dict[str, Any], name: str) -> str:
    """Return an id cell as text ('' when empty)."""
    return text_form(row.get(name)) or ""


def issues_from_rows(
    issue_rows: list[dict[str, Any]],
    entry_rows: list[dict[str, Any]],
    names: dict[str, list[str]],
    source: Source,
) -> tuple[list[Issue], list[Problem]]:
    """Return issues in publication order with the digests of their rows and entries."""
    problems: list[Problem] = []
    entries: dict[str, list[Entry]] = {}
    inside = InsideFolder(source.base)
    for row in entry_rows:
        line = _line(row)
        bodies, paths = _body_digests(source, row, problems, line, inside)
        row_sha = row_digest(row, names["gazette_entries"])
        entry = Entry(_id(row, "entry_id"), _id(row, "issue_id"), row_sha, bodies, line, paths)
        entries.setdefault(entry.issue_id, []).append(entry)
    issues = [
        Issue(
            _id(row, "issue_id"),
            _id(row, "publication_date"),
            row_digest(row, names["gazette_issues"]),
            sorted(entries.get(_id(row, "issue_id"), []), key=lambda e: e.entry_id),
            _line(row),
        )
        for row in issue_rows
    ]
    issues.sort(key=lambda i: (i.publication_date, i.issue_id))
    return issues, problems


def current_issues(dataset: Dataset) -> tuple[list[Issue], list[Problem]]:
    """Return every issue of a typed dataset with the digests of its content."""
    return issues_from_rows(
        dataset.frames["gazette_issues"].to_dict("records"),
        dataset.frames["gazette_entries"].to_dict("records"),
        field_names(dataset),
        repo_source(dataset.root),
    )


def chain(
    issues: Iterable[Issue], previous: str = "", editions: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Return manifest records for consecutive issues, linking each to the one before.

    `editions` maps issue ids to the SHA-256 of their frozen PDF edition, when known.
    """
    records = []
    for issue in issues:
        entries = [e.record() for e in issue.entries]
        edition = (editions or {}).get(issue.issue_id)
        digest = issue_digest(issue.row, [e["sha256"] for e in entries], previous, edition)
        records.append(
            {
                "issue_id": issue.issue_id,
                "publication_date": issue.publication_date,
                "row": issue.row,
                "previous": previous,
                **({"edition": edition} if edition else {}),
                "sha256": digest,
                "entries": entries,
            }
        )
        previous = digest
    return records


def build_manifest(fields: dict[str, list[str]], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a manifest document for a chain of issue records."""
    return {
        "format": FORMAT,
        "algorithm": "sha256",
        "fields": fields,
        "head": records[-1]["sha256"] if records else "",
        "issues": records,
    }


def site_manifest(
    dataset: Dataset,
    editions: Mapping[str, str] | None = None,
    hashed: list[Issue] | None = None,
    records: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return the manifest of every issue in `dataset` (already cut at the build date).

    `hashed` are the issues of the uncut dataset as the build's manifest check hashed
    them: their digests are taken for the issues and entries `dataset` still holds, so
    the bodies of a ten-year archive are not read and hashed a second time. `records`
    is the repository's chain (default: `datasets/manifest.json`): the site follows its
    order, so a site showing every recorded issue publishes the very same digests.
    """
    if hashed is None:
        issues, problems = current_issues(dataset)
        if problems:
            raise DataInvalid(problems)
    else:
        issues = published_part(dataset, hashed)
    if records is None:
        recorded, _ = load(dataset.root / MANIFEST_PATH, MANIFEST_PATH)
        records = (recorded or {}).get("issues") or []
    return build_manifest(field_names(dataset), site_chain(issues, records, editions or {}))


def site_chain(
    issues: list[Issue], records: list[dict[str, Any]], editions: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Return the chain of `issues` in the order `records` recorded them, the rest after.

    The chain is in order of recording, never of publication date: a back-catalogue issue
    recorded today follows today's head, here as in the repository. Records of issues the
    site does not show are left out and the rest re-linked (a site cut before the head).
    """
    by_id = {i.issue_id: i for i in issues}
    out: list[dict[str, Any]] = []
    chained: set[str] = set()
    for record in records:
        issue = by_id.get(record.get("issue_id", ""))
        if issue is None:
            continue
        previous = out[-1]["sha256"] if out else ""
        if is_issue_record(record):
            edition = record.get("edition") or editions.get(issue.issue_id)
            out += chain([issue], previous, {issue.issue_id: edition} if edition else None)
            chained.add(issue.issue_id)
        else:
            out.append(seal(record, previous))
    rest = [i for i in issues if i.issue_id not in chained]
    return out + chain(rest, out[-1]["sha256"] if out else "", editions)


def published_part(dataset: Dataset, hashed: list[Issue]) -> list[Issue]:
    """Return the hashed issues and entries that the (cut) `dataset` holds, in order."""
    issue_ids = set(dataset.frames["gazette_issues"]["issue_id"])
    entry_ids = set(dataset.frames["gazette_entries"]["entry_id"])
    return [
        Issue(i.issue_id, i.publication_date, i.row,
              [e for e in i.entries if e.entry_id in entry_ids], i.line)
        for i in hashed
        if i.issue_id in issue_ids
    ]  # fmt: skip


# --- reading and writing the manifest file --------------------------------------------


def dumps(manifest: dict[str, Any]) -> bytes:
    """Return the manifest file's bytes: stable, one line per entry for readable diffs."""
    head = {k: v for k, v in manifest.items() if k != "issues"}
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('  "issues": [')
    for i, issue in enumerate(manifest["issues"]):
        comma = "," if i < len(manifest["issues"]) - 1 else ""
        if "entries" not in issue:  # an edition or reissue record: one line
            lines.append("    " + json.dumps(issue, ensure_ascii=False) + comma)
            continue
        meta = {k: v for k, v in issue.items() if k != "entries"}
        lines.append("    {" + json.dumps(meta, ensure_ascii=False)[1:-1] + ', "entries": [')
        entries = [json.dumps(e, ensure_ascii=False) for e in issue["entries"]]
        lines.extend(
            f"      {text}{',' if j < len(entries) - 1 else ''}" for j, text in enumerate(entries)
        )
        lines.append("    ]}" + comma)
    lines += ["  ]", "}"]
    return ("\n".join(lines) + "\n").encode()


def load(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the manifest at `path` (None when absent) or a problem saying why it is unusable."""
    if not path.is_file():
        return None, []
    try:
        manifest = safe_read.load_json(path.read_bytes())  # depth-limited
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("issues"), list):
            raise ValueError(f"not a {FORMAT} document")
        if (shape := anchor.shape_error(manifest, complete=True)) is not None:
            raise ValueError(shape)
        return manifest, []
    except (ValueError, AttributeError, UnicodeDecodeError) as error:
        return None, [Problem.at(rel, None, "", "manifest-unreadable", detail=str(error)[:200])]


def load_site(site_dir: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the chain a site folder publishes (None when absent or unusable), checked whole.

    The per-volume files (chain_files), or an older site's single `gazette/manifest.json`.
    """
    recorded, problems, rel = chain_files.read_site(site_dir)
    if recorded is None or problems:
        return None, problems
    if recorded.get("format") != FORMAT or (shape := anchor.shape_error(recorded, True)):
        detail = f"not a {FORMAT} document" if recorded.get("format") != FORMAT else shape
        return None, [Problem.at(rel, None, "", "manifest-unreadable", detail=str(detail)[:200])]
    return recorded, []


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file; return False when nothing changed."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    cache.write_atomic(path, data)
    return True


# --- checking the chain and the data against it ---------------------------------------


def chain_problems(manifest: dict[str, Any], rel: str) -> list[Problem]:
    """Return problems where the manifest's own links or digests do not add up."""
    problems, previous = [], ""
    for issue in manifest["issues"]:
        if not is_issue_record(issue):
            ok = (
                issue.get("kind") in EDITION_KINDS
                and issue.get("previous") == previous
                and issue.get("sha256") == record_digest(issue)
            )
            if not ok:
                problems.append(
                    Problem.at(rel, None, "", "manifest-chain-broken", issue=issue.get("issue_id"))
                )
            previous = issue.get("sha256", "")
            continue
        entries = [
            entry_digest(e.get("row"), e.get("body_zh"), e.get("body_en"))
            for e in issue.get("entries", [])
        ]
        stored = [e.get("sha256") for e in issue.get("entries", [])]
        expected = issue_digest(issue.get("row"), entries, previous, issue.get("edition"))
        if (
            issue.get("previous") != previous
            or entries != stored
            or issue.get("sha256") != expected
        ):
            problems.append(
                Problem.at(rel, None, "", "manifest-chain-broken", issue=issue.get("issue_id"))
            )
        previous = issue.get("sha256", "")
    if manifest.get("head", "") != previous:
        problems.append(Problem.at(rel, None, "", "manifest-chain-broken", issue="head"))
    return problems


def compare(
    recorded: dict[str, Any], issues: list[Issue], source: Source, strict: bool = False
) -> list[Problem]:
    """Return a problem for every difference between published records and the data now.

    With `strict`, an issue in the data that the manifest does not record is a problem too
    (a published site must not show anything its manifest leaves out).
    """
    by_issue = {i.issue_id: i for i in issues}
    by_entry = {e.entry_id: e for i in issues for e in i.entries}
    problems: list[Problem] = []
    for record in filter(is_issue_record, recorded["issues"]):
        issue_id = record["issue_id"]
        issue = by_issue.get(issue_id)
        if issue is None:
            problems.append(_issue_problem(source, None, "manifest-issue-deleted", issue_id))
        elif issue.row != record["row"]:
            problems.append(_issue_problem(source, issue.line, "manifest-issue-changed", issue_id))
        for entry_record in record["entries"]:
            entry = by_entry.get(entry_record["entry_id"])
            problems += _entry_problems(source, entry_record, issue_id, entry)
        known = {e["entry_id"] for e in record["entries"]}
        for entry in issue.entries if issue else []:
            if entry.entry_id not in known:
                problems.append(_problem(source, entry, "issue_id", "manifest-entry-added"))
    if strict:
        recorded_ids = {r["issue_id"] for r in recorded["issues"] if is_issue_record(r)}
        problems += [
            _issue_problem(source, i.line, "manifest-issue-unrecorded", i.issue_id)
            for i in issues
            if i.issue_id not in recorded_ids
        ]
    return problems


def _issue_problem(source: Source, line: int | None, code: str, issue: str) -> Problem:
    """Return a problem about an issue row."""
    return Problem.at(source.issues_path, line, "issue_id", code, issue=issue)


def _problem(source: Source, entry: Entry, column: str, code: str, **extra: Any) -> Problem:
    """Return a problem about an entry row, located at its line."""
    return Problem.at(
        source.entries_path,
        entry.line,
        column,
        code,
        entry=entry.entry_id,
        issue=entry.issue_id,
        **extra,
    )


def _entry_problems(
    source: Source, record: dict[str, Any], issue_id: str, entry: Entry | None
) -> list[Problem]:
    """Return what changed in one published entry: gone, moved, row fields or body texts."""
    entry_id = record["entry_id"]
    if entry is None:
        code = "manifest-entry-deleted"
        return [
            Problem.at(source.entries_path, None, "entry_id", code, entry=entry_id, issue=issue_id)
        ]
    if entry.issue_id != issue_id:
        return [_problem(source, entry, "issue_id", "manifest-entry-moved", was=issue_id)]
    problems = []
    if entry.row != record["row"]:
        problems.append(_problem(source, entry, "", "manifest-entry-row-changed"))
    for column in BODIES:
        if entry.bodies.get(column) != record.get(column):
            file = entry.paths.get(column, "")
            problems.append(
                _problem(source, entry, column, "manifest-entry-body-changed", file=file)
            )
    return problems


@dataclass
class Plan:
    """The outcome of checking a build's data: problems, or the manifest to record."""

    root: Path
    manifest: dict[str, Any]
    problems: list[Problem]
    record_allowed: bool
    new: list[Issue] = field(default_factory=list)  # published by this build, not yet recorded
    hashed: list[Issue] = field(default_factory=list)  # every issue of the data, as hashed
    hooks: list[Callable[[], None]] = field(default_factory=list)  # run just before recording

    def add_editions(self, editions: Mapping[str, str]) -> None:
        """Put the SHA-256 of the new issues' PDF editions into their chain records."""
        old = self.manifest["issues"][: len(self.manifest["issues"]) - len(self.new)]
        head = old[-1]["sha256"] if old else ""
        self.manifest = build_manifest(
            self.manifest["fields"], old + chain(self.new, head, editions)
        )

    def record(self) -> bool:
        """Write the updated manifest into the repository; return whether it changed.

        Call only after the whole build succeeded. A preview build (dated after today in
        Asia/Taipei) records nothing: only what really went public is locked. The hooks
        (storing the new PDF editions) run first, so a record never names a missing file.
        """
        if self.problems or not self.record_allowed:
            return False
        for hook in self.hooks:
            hook()
        return write_atomic(self.root / MANIFEST_PATH, dumps(self.manifest))


def check(
    dataset: Dataset,
    as_of: dt.date,
    today: dt.date | None = None,
    site_dir: Path | None = None,
    notes: list[Problem] | None = None,
) -> Plan:
    """Check the validated, uncut dataset against the recorded manifest; plan the new one.

    The recorded manifest must extend every committed version of itself, and the planned
    one the manifest of the site in `site_dir` (see generator.gazette.anchor); a skipped
    history check (no git), and a preview (`as_of` after `today`: new issues are shown but
    neither frozen nor recorded), are added to `notes`.
    """
    root = dataset.root
    recorded, problems = load(root / MANIFEST_PATH, MANIFEST_PATH)
    history, checked = anchor.history_problems(root, recorded, notes)
    problems += history
    if not checked and notes is not None:
        notes.append(anchor.history_note())
    issues, body_problems = current_issues(dataset)
    problems += body_problems
    recorded = recorded or build_manifest(field_names(dataset), [])
    problems += chain_problems(recorded, MANIFEST_PATH)
    problems += compare(recorded, issues, repo_source(root))
    new, late = _newly_published(recorded, issues, as_of, back_catalogue(dataset))
    problems += late + _recorded_past_as_of(recorded["issues"], new, as_of)
    records = recorded["issues"] + chain(new, recorded.get("head", ""))
    manifest = build_manifest(field_names(dataset), records)
    today = today or schedule.today_in_taipei()
    # Records past the recorded ones were shown by a preview, if the site has them at all.
    settled = len(anchor.records_of(recorded))
    live = (
        anchor.site_anchor(site_dir, today.isoformat(), settled) if site_dir is not None else None
    )
    if live is not None:
        chain_now = anchor.records_of(manifest, settled=settled)
        problems += anchor.extension_problems(chain_now, live, MANIFEST_PATH)
    allowed = as_of <= today
    if new and not allowed and notes is not None:  # a preview: say what it did not publish
        notes.append(
            Problem.at(ISSUES_CSV, new[0].line, "publication_date", "manifest-preview-not-recorded",
                       as_of=as_of.isoformat(), today=today.isoformat(),
                       issues=", ".join(issue.issue_id for issue in new))
        )  # fmt: skip
    found = sorted(set(problems), key=Problem.sort_key)
    return Plan(root, manifest, found, allowed, new, hashed=issues)


def back_catalogue(dataset: Dataset) -> set[str]:
    """Return the ids of issues marked as digitised back-catalogue (they may be back-dated)."""
    frame = dataset.frames["gazette_issues"]
    if "back_catalogue" not in frame:
        return set()
    marked = frame["back_catalogue"].fillna(False).astype(bool)
    return set(frame.loc[marked, "issue_id"])


def _newly_published(
    recorded: dict[str, Any], issues: list[Issue], as_of: dt.date, backfill: set[str] = frozenset()
) -> tuple[list[Issue], list[Problem]]:
    """Return the issues published by `as_of` and not yet recorded; refuse back-dated ones.

    A back-catalogue issue is recorded when first published, after the head: the chain is
    in order of recording, so nothing already recorded changes.
    """
    known = {r["issue_id"] for r in recorded["issues"]}
    last = max((r.get("publication_date", "") for r in recorded["issues"]), default="")
    new, problems = [], []
    for issue in issues:
        if issue.issue_id in known or issue.publication_date > as_of.isoformat():
            continue
        if issue.publication_date <= last and issue.issue_id not in backfill:
            problems.append(
                Problem.at(
                    ISSUES_CSV,
                    issue.line,
                    "publication_date",
                    "manifest-issue-backdated",
                    issue=issue.issue_id,
                    latest=last,
                )
            )
        new.append(issue)
    return new, problems


def _recorded_past_as_of(
    records: list[dict[str, Any]], new: list[Issue], as_of: dt.date
) -> list[Problem]:
    """Refuse to record new issues after a chain record dated later than `as_of`.

    The new records would follow a record this site does not show: the site would publish
    them re-linked past it, with digests the repository's chain never holds, and every
    later site would contradict the one published now.
    """
    day = as_of.isoformat()
    later = [
        str(r.get("date"))
        for r in records
        if not is_issue_record(r) and str(r.get("date") or "") > day
    ]
    if not new or not later:
        return []
    return [
        Problem.at(ISSUES_CSV, issue.line, "publication_date", "manifest-recorded-after-as-of",
                   issue=issue.issue_id, as_of=day, latest=max(later))
        for issue in new
    ]  # fmt: skip


def check_and_record(
    root: Path,
    dataset: Dataset,
    as_of: dt.date,
    site_dir: Path | None = None,
    notes: list[Problem] | None = None,
) -> Plan:
    """Check `dataset` (validated, not cut) and return the plan; raise Refused on changes.

    `site_dir` is the folder the build publishes into: its manifest is an anchor too.
    Warnings that do not stop the build go to `notes`, for the CLI to report in the
    reader's language and format.
    """
    plan = check(dataset, as_of, site_dir=site_dir, notes=notes if notes is not None else [])
    if plan.problems:
        raise Refused(plan.problems)
    return plan


# --- the artifact writer --------------------------------------------------------------


def write_site(ctx: BuildContext) -> None:
    """Write `gazette/chain/`: the hash chain of the issues this site publishes, per volume."""
    hashes, hashed = ctx.state.edition_hashes, ctx.state.hashed_issues
    records = ctx.state.chain_records  # the build's planned chain (editions.prepare)
    if records is None:
        recorded, _ = load(ctx.root / MANIFEST_PATH, MANIFEST_PATH)
        records = records_as_of((recorded or {}).get("issues") or [], ctx.as_of)
    write_chain(ctx.out, site_manifest(ctx.dataset, hashes, hashed, records))


def write_chain(site_dir: Path, document: dict[str, Any]) -> None:
    """Write a manifest document into a site folder as published: `gazette/chain/`."""
    for rel, data in chain_files.split(document).items():
        target = Path(site_dir) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


# --- verification: `gazette verify` ---------------------------------------------------


def verify(
    root: Path,
    site_dir: Path | None = None,
    against: str | None = None,
    notes: list[Problem] | None = None,
) -> list[Problem]:
    """Return the entries and links that do not match the manifest (empty: all verified).

    The project's manifest must also extend its committed versions (skipped outside git,
    with a note in `notes`); with `against`, the checked manifest (the project's, or the
    site's with `site_dir`) must extend that published chain (a file or a URL: a
    `gazette/chain/latest.json`, or the whole `gazette/manifest.json` of an older site).
    """
    published: anchor.Anchor | None = None
    if against is not None:
        published, problems = anchor.load_against(against)
        if published is None:
            return problems
    if site_dir is not None:
        problems = verify_site(site_dir)
        if published is not None:
            site, _ = load_site(site_dir)
            chain = anchor.records_of(site)
            problems += anchor.extension_problems(chain, published, SITE_PATH)
        return sorted(set(problems), key=Problem.sort_key)

    dataset, problems = validate_project(root)
    if dataset is None or problems:
        return problems
    recorded, problems = load(root / MANIFEST_PATH, MANIFEST_PATH)
    history, checked = anchor.history_problems(root, recorded, notes)
    if not checked and notes is not None:
        notes.append(anchor.history_note())
    if recorded is None:
        missing = [Problem.at(MANIFEST_PATH, None, "", "manifest-missing")]
        return sorted(
            set(problems + history + (missing if not history else [])), key=Problem.sort_key
        )
    issues, problems = current_issues(dataset)
    problems += history
    problems += chain_problems(recorded, MANIFEST_PATH)
    problems += compare(recorded, issues, repo_source(root))
    if published is not None:
        problems += anchor.extension_problems(anchor.records_of(recorded), published, MANIFEST_PATH)
    return sorted(set(problems), key=Problem.sort_key)


def verify_site(site_dir: Path) -> list[Problem]:
    """Check a built or downloaded site: the chain, then every entry against `data/`."""
    recorded, problems = load_site(site_dir)
    if recorded is None:
        return problems or [Problem.at(SITE_PATH, None, "", "manifest-missing")]
    rel = chain_files.LATEST if (site_dir / chain_files.LATEST).is_file() else chain_files.LEGACY
    source = Source(site_dir / "data", "data/", *SITE_TABLES)
    rows, problems = {}, chain_problems(recorded, rel)
    for name, rel in zip(TABLES, SITE_TABLES, strict=True):
        try:
            rows[name] = site_rows(site_dir, name)
        except (OSError, ValueError) as error:
            problems.append(
                Problem.at(rel, None, "", "manifest-data-unreadable", detail=str(error))
            )
    if problems:
        return sorted(problems, key=Problem.sort_key)
    names = recorded.get("fields") or {}
    issues, problems = issues_from_rows(rows[TABLES[0]], rows[TABLES[1]], names, source)
    problems += compare(recorded, issues, source, strict=True)
    return sorted(set(problems), key=Problem.sort_key)
