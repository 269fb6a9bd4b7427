"""Change history of each dataset, read from git: rows added, changed and removed per commit.

Each commit that touched `datasets/<resource>.csv` is one publication; the working tree
counts as one more when it differs from HEAD. Versions are compared by primary key. The
`--as-of` cut applies to every historical version too (rows dated later, entries of issues
not yet published, and commits dated later are left out), so history never leaks an
embargoed row. Outside a git repository, or for an untracked file, there is no history.
Only the last `MAX_COMMITS` commits per file are read, through one `git cat-file --batch`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.downloads import DATA_DIR, write_file
from generator.load import parse_csv
from generator.models import BuildContext, Dataset

MAX_COMMITS = 50
WORKING_TREE = "working-tree"


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


def _blobs(top: Path, rel: str, commits: list[str]) -> dict[str, str]:
    """Return the file's text at each commit (one git process); '' where it did not exist."""
    request = "".join(f"{c}:{rel}\n" for c in commits).encode()
    out = _git(top, "cat-file", "--batch", stdin=request) or b""
    texts, pos = {}, 0
    for commit in commits:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            texts[commit] = out[pos : pos + size].decode("utf-8", errors="replace")
            pos += size + 1
        else:
            texts[commit] = ""
    return texts


def _keyed(text: str, key_fields: list[str], keep) -> dict[str, dict[str, str]]:
    """Return the rows of a CSV version keyed by primary key, only those `keep` accepts."""
    header, rows, _ = parse_csv(text)
    result = {}
    for values in rows:
        row = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
        if keep(row):
            result[" / ".join(row.get(k, "") for k in key_fields)] = row
    return result


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


def _published_filter(dataset: Dataset, name: str, as_of: dt.date) -> Callable[[dict], bool]:
    """Return a predicate keeping the raw rows published at `as_of` (as `embargo` decides)."""
    limit = as_of.isoformat()
    column = {"gifts": "date", "procurement_prices": "survey_date"}.get(name)
    column = "publication_date" if name == "gazette_issues" else column
    issues = None
    if name == "gazette_entries" and "gazette_issues" in dataset.frames:
        issues = set(dataset.frames["gazette_issues"]["issue_id"])  # already cut at as_of

    def keep(row: dict[str, str]) -> bool:
        if column is not None and not "" < row.get(column, "") <= limit:
            return False
        if name == "plan_indicators":
            year = row.get("plan_year", "")
            return year.isdigit() and int(year) <= as_of.year - 1911
        return issues is None or row.get("issue_id", "") in issues

    return keep


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
    texts = _blobs(top, rel, [c for c, _ in commits])
    versions = [(c[:10], d, texts[c]) for c, d in commits]
    if current != texts[commits[-1][0]]:
        versions.append((WORKING_TREE, as_of.isoformat(), current))
    window = versions[-MAX_COMMITS - 1 :]
    parsed = [_keyed(t, key_fields, keep) for _, _, t in window]
    # With more versions than the window, the oldest one only serves as the base of the next.
    start = 1 if len(versions) > MAX_COMMITS else 0
    publications = []
    for i in range(start, len(window)):
        changes = diff(parsed[i - 1] if i > 0 else {}, parsed[i])
        if changes:
            publications.append(Publication(window[i][0], window[i][1], changes))
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
