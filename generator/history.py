"""Change history of each dataset, read from git: rows added, changed and removed per commit.

Each commit that touched `datasets/<resource>.csv` is one publication; the working tree
counts as one more when it differs from HEAD. Versions are compared by primary key. The
`--as-of` cut applies to every historical version too (rows dated later, entries of issues
not yet published, and commits dated later are left out), so history never leaks an
embargoed row. Outside a git repository, or for an untracked file, there is no history.
Only the last `MAX_COMMITS` commits per file are read, through one `git cat-file --batch`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.downloads import DATA_DIR, write_file
from generator.models import BuildContext, Dataset

MAX_COMMITS = 50
WORKING_TREE = "working-tree"
# Given a version's column positions, the test whether a row (its cells) is published.
Keep = Callable[[dict[str, int]], Callable[[list[str]], bool]]


@dataclass(frozen=True)
class Change:
    """One row's change: `fields` holds (field, old, new) for a changed row."""

    kind: str  # "added" | "changed" | "removed"
    key: str  # primary-key values joined with " / "
    fields: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Publication:
    """One version of a dataset and how it differs from the previous version."""

    commit: str  # abbreviated commit id, or "working-tree"
    date: str  # ISO date of the commit (the build's as_of for the working tree)
    changes: list[Change] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """Return how many rows were added, changed or removed."""
        return sum(1 for c in self.changes if c.kind == kind)


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Run git and return stdout, or None when git fails or is missing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _locate(path: Path) -> tuple[Path, str] | None:
    """Return (repository top, path relative to it) for a tracked file, else None."""
    top = _git(path.parent, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    top_path = Path(top.decode().strip())
    try:
        rel = path.resolve().relative_to(top_path.resolve()).as_posix()
    except ValueError:
        return None
    return top_path, rel


def _commits(top: Path, rel: str) -> list[tuple[str, str]]:
    """Return (commit, ISO date) of the last commits touching `rel`, oldest first."""
    out = _git(top, "log", f"-n{MAX_COMMITS + 1}", "--format=%H %cs", "--", rel)
    if not out:
        return []
    pairs = [line.split(" ", 1) for line in out.decode().splitlines() if line.strip()]
    return [(c, d) for c, d in reversed(pairs)]


def _blobs(top: Path, rel: str, commits: list[str]) -> Iterator[str]:
    """Yield the file's text at each commit, in order, from one git process ('' if absent).

    Streamed one version at a time: fifty versions of a 100,000-row file would otherwise
    sit in memory together.
    """
    request = "".join(f"{c}:{rel}\n" for c in commits).encode()
    try:
        proc = subprocess.Popen(
            ["git", "-C", str(top), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        yield from ("" for _ in commits)
        return
    assert proc.stdin is not None and proc.stdout is not None
    with proc:
        proc.stdin.write(request)  # a few KB: fits the pipe, so no deadlock with stdout
        proc.stdin.close()
        for _ in commits:
            header = proc.stdout.readline().split()
            if len(header) == 3 and header[1] == b"blob":
                content = proc.stdout.read(int(header[2]))
                proc.stdout.read(1)  # the newline after each object
                yield content.decode("utf-8", errors="replace")
            else:
                yield ""


@dataclass
class Version:
    """One version of a CSV, published rows only: the header and each row's cells by key."""

    header: list[str]
    rows: dict[str, list[str]]

    def as_dicts(self) -> dict[str, dict[str, str]]:
        """Return the rows as dicts keyed by field name (as `diff` takes them)."""
        return {k: dict(zip(self.header, row, strict=False)) for k, row in self.rows.items()}


def _records(text: str) -> list[list[str]]:
    """Return the CSV records of a text, blank lines skipped (as `load.parse_csv` does)."""
    return [r for r in csv.reader(io.StringIO(text, newline="")) if r and r != [""]]


def _keyed(text: str, key_fields: list[str], keep: Keep) -> Version:
    """Return the rows of a CSV version keyed by primary key, only those `keep` accepts."""
    records = _records(text)
    header = records[0] if records else []
    width = len(header)
    where = {name: i for i, name in enumerate(header)}  # a repeated name: the last wins
    key_at = [where.get(k) for k in key_fields]
    published = keep(where)
    rows = {}
    for values in records[1:]:
        if len(values) != width:  # short rows read as empty cells, extra cells are dropped
            values = (values + [""] * width)[:width]
        if published(values):
            rows[" / ".join([_cell(values, i) for i in key_at])] = values
    return Version(header, rows)


def _diff_versions(old: Version, new: Version) -> list[Change]:
    """Return the changes from one version to the next (what `diff` gives, faster)."""
    if not old.rows or not new.rows:  # the first version, or everything withdrawn
        return diff(dict.fromkeys(old.rows, {}), dict.fromkeys(new.rows, {}))
    if old.header != new.header or len(set(new.header)) != len(new.header):
        return diff(old.as_dicts(), new.as_dicts())
    before, after, header = old.rows, new.rows, new.header
    changes = [Change("added", k) for k in sorted(after.keys() - before.keys())]
    for key in sorted(after.keys() & before.keys()):
        a, b = before[key], after[key]
        if a != b:  # most rows are unchanged: one C-level comparison each
            fields = tuple((f, x, y) for f, x, y in zip(header, a, b, strict=True) if x != y)
            changes.append(Change("changed", key, fields))
    changes += [Change("removed", k) for k in sorted(before.keys() - after.keys())]
    return changes


def diff(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[Change]:
    """Return the changes from one keyed version to the next, sorted by kind then key."""
    changes = [Change("added", k) for k in sorted(new.keys() - old.keys())]
    for key in sorted(new.keys() & old.keys()):
        a, b = old[key], new[key]
        fields = tuple((f, a.get(f, ""), b.get(f, "")) for f in b if a.get(f, "") != b.get(f, ""))
        if fields:
            changes.append(Change("changed", key, fields))
    changes += [Change("removed", k) for k in sorted(old.keys() - new.keys())]
    return changes


def _published_filter(dataset: Dataset, name: str, as_of: dt.date) -> Keep:
    """Return a predicate keeping the raw rows published at `as_of` (as `embargo` decides)."""
    limit = as_of.isoformat()
    column = {"gifts": "date", "procurement_prices": "survey_date"}.get(name)
    column = "publication_date" if name == "gazette_issues" else column
    issues = None
    if name == "gazette_entries" and "gazette_issues" in dataset.frames:
        issues = set(dataset.frames["gazette_issues"]["issue_id"])  # already cut at as_of

    def for_header(where: dict[str, int]) -> Callable[[list[str]], bool]:
        date_at, year_at, issue_at = (where.get(f) for f in (column, "plan_year", "issue_id"))

        def keep(values: list[str]) -> bool:
            if column is not None and not "" < _cell(values, date_at) <= limit:
                return False
            if name == "plan_indicators":
                year = _cell(values, year_at)
                return year.isdigit() and int(year) <= as_of.year - 1911
            return issues is None or _cell(values, issue_at) in issues

        return keep

    return for_header


def _cell(values: list[str], at: int | None) -> str:
    """Return the cell at a column position, '' for a column the version lacks."""
    return "" if at is None else values[at]


def dataset_history(dataset: Dataset, name: str, as_of: dt.date) -> list[Publication]:
    """Return the publications of one dataset, newest first (empty outside git)."""
    path = dataset.root / "datasets" / dataset.resource(name)["path"]
    located = _locate(path)
    if located is None:
        return []
    top, rel = located
    commits = [(c, d) for c, d in _commits(top, rel) if d <= as_of.isoformat()]
    if not commits:
        return []
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    key = (str(top), rel, name, as_of, tuple(commits), hashlib.sha256(current.encode()).digest())
    if key not in _MEMO:
        if len(_MEMO) > 64:  # a long `serve` session must not grow without bound
            _MEMO.clear()
        _MEMO[key] = _compute(dataset, name, as_of, top, rel, commits, current)
    return list(_MEMO[key])


_MEMO: dict[tuple[Any, ...], tuple[Publication, ...]] = {}


def _compute(
    dataset: Dataset,
    name: str,
    as_of: dt.date,
    top: Path,
    rel: str,
    commits: list[tuple[str, str]],
    current: str,
) -> tuple[Publication, ...]:
    """Diff consecutive published versions of one file, newest publication first."""
    keep = _published_filter(dataset, name, as_of)
    key_fields = list(dataset.resource(name)["schema"]["primaryKey"])
    last = next(_blobs(top, rel, [commits[-1][0]]))
    labels = [(c[:10], d) for c, d in commits]
    if current != last:
        labels.append((WORKING_TREE, as_of.isoformat()))
    # With more versions than the window, the oldest one only serves as the base of the next.
    first = max(len(labels) - MAX_COMMITS - 1, 0)
    start = 1 if len(labels) > MAX_COMMITS else 0
    texts = itertools.chain(
        _blobs(top, rel, [c for c, _ in commits[first:-1]]),
        [last],
        [current] if current != last else [],
    )
    publications, previous = [], Version([], {})
    for i, text in enumerate(texts, start=first):
        parsed = _keyed(text, key_fields, keep)
        if i >= first + start:
            changes = _diff_versions(previous, parsed)
            if changes:
                publications.append(Publication(labels[i][0], labels[i][1], changes))
        previous = parsed  # only two versions are ever held at once
    return tuple(reversed(publications))


_CACHE: dict[int, tuple[BuildContext, dict[str, list[Publication]]]] = {}


def build_history(ctx: BuildContext) -> dict[str, list[Publication]]:
    """Return every dataset's history for this build (computed once per build)."""
    cached = _CACHE.get(id(ctx))
    if cached is not None and cached[0] is ctx:
        return cached[1]
    names = [
        r["name"] for r in ctx.dataset.descriptor["resources"] if r["name"] in ctx.dataset.frames
    ]
    result = {n: dataset_history(ctx.dataset, n, ctx.as_of) for n in names}
    _CACHE.clear()
    _CACHE[id(ctx)] = (ctx, result)
    return result


def first_published(ctx: BuildContext, name: str) -> dt.date | None:
    """Return the date of the oldest known publication of a dataset, if any."""
    history = build_history(ctx).get(name) or []
    return dt.date.fromisoformat(history[-1].date) if history else None


def changes_json(publications: list[Publication]) -> bytes:
    """Return the downloadable change log of one dataset."""
    data = [
        {
            "commit": p.commit,
            "date": p.date,
            "added": p.count("added"),
            "changed": p.count("changed"),
            "removed": p.count("removed"),
            "changes": [
                {**asdict(c), "fields": [{"field": f, "old": o, "new": n} for f, o, n in c.fields]}
                for c in p.changes
            ],
        }
        for p in publications
    ]
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_history(ctx: BuildContext) -> None:
    """Write data/<resource>.changes.json for every dataset (artifact writer)."""
    for name, publications in build_history(ctx).items():
        write_file(ctx.out, f"{DATA_DIR}/{name}.changes.json", changes_json(publications))
