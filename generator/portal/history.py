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
import json
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator import cache
from generator.data.load import parse_csv
from generator.models import BuildContext, Dataset
from generator.portal.downloads import DATA_DIR, write_file
from generator.portal.history_cache import HistoryCache, cache_dir, code_stamp, digest
from generator.roc import to_roc

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


def _blob_ids(top: Path, rel: str, commits: list[str]) -> list[str] | None:
    """Return the git object id of the file at each commit ('missing' where it is absent).

    None when git does not answer: then versions cannot be told apart without reading them.
    """
    request = "".join(f"{c}:{rel}\n" for c in commits).encode()
    out = _git(top, "cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=request)
    lines = (out or b"").decode().splitlines()
    if len(lines) != len(commits):
        return None
    return [line.split()[0] if line.endswith(" blob") else "missing" for line in lines]


@dataclass
class Version:
    """One version of a CSV, published rows only: the header and each row's cells by key."""

    header: list[str]
    rows: dict[str, list[str]]

    def as_dicts(self) -> dict[str, dict[str, str]]:
        """Return the rows as dicts keyed by field name (as `diff` takes them)."""
        return {k: dict(zip(self.header, row, strict=False)) for k, row in self.rows.items()}


def _keyed(text: str, key_fields: list[str], rule: Rule) -> tuple[Version, dict[str, Any]]:
    """Return a CSV version's published rows keyed by primary key, and the rule's facts."""
    header, records, _ = parse_csv(text)
    width = len(header)
    where = {name: i for i, name in enumerate(header)}  # a repeated name: the last wins
    key_at = [where.get(k) for k in key_fields]
    published = rule.keeper(where)
    every, rows = [], {}
    for values in records:
        if len(values) != width:  # short rows read as empty cells, extra cells are dropped
            values = (values + [""] * width)[:width]
        every.append(values)
        if published(values):
            rows[" / ".join([_cell(values, i) for i in key_at])] = values
    return Version(header, rows), rule.facts(every, where)


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


@dataclass(frozen=True)
class Rule:
    """What decides, as `embargo` does, whether a raw row of one dataset is published.

    `facts` and `signature` let the history cache tell, without parsing a version again,
    whether a changed --as-of changes which of its rows are published.
    """

    name: str
    column: str | None  # a date column: published when "" < value <= limit
    limit: str  # --as-of, ISO
    roc_year: int  # plan indicators: published while the plan year (ROC) has begun
    issues: frozenset[str] | None  # gazette entries: published with their issue

    @property
    def shape(self) -> str:
        """Return which tests the rule makes (what its facts hold), not their limits."""
        return f"{self.column}|{self.name == 'plan_indicators'}|{self.issues is not None}"

    def keeper(self, where: dict[str, int]) -> Callable[[list[str]], bool]:
        """Return the test of one row's cells, for a version with these column positions."""
        date_at, year_at, issue_at = (where.get(f) for f in (self.column, "plan_year", "issue_id"))
        column, limit, roc_year, issues = self.column, self.limit, self.roc_year, self.issues
        indicators = self.name == "plan_indicators"

        def keep(values: list[str]) -> bool:
            if column is not None and not "" < _cell(values, date_at) <= limit:
                return False
            if indicators:
                year = _cell(values, year_at)
                return year.isdigit() and int(year) <= roc_year
            return issues is None or _cell(values, issue_at) in issues

        return keep

    def facts(self, rows: list[list[str]], where: dict[str, int]) -> dict[str, Any]:
        """Return what the rule looks at in a version, whatever the --as-of."""
        facts: dict[str, Any] = {}
        if self.column is not None:
            at = where.get(self.column)
            facts["date"] = max((_cell(r, at) for r in rows), default="")
        if self.name == "plan_indicators":
            at = where.get("plan_year")
            years = [int(y) for r in rows if (y := _cell(r, at)).isdigit()]
            facts["year"] = max(years, default=-1)
        if self.issues is not None:
            facts["issues"] = sorted({_cell(r, where.get("issue_id")) for r in rows})
        return facts

    def signature(self, old: dict[str, Any], new: dict[str, Any]) -> str:
        """Return what of this rule decides the published rows of two versions.

        A version whose latest date is not after --as-of publishes all its dated rows
        whatever the --as-of, so the signature then says "all" and stays the same from one
        publish day to the next; likewise for plan years and for the issues it names.
        """
        parts = []
        if self.column is not None:
            latest = max(old.get("date", ""), new.get("date", ""))
            parts.append("date:all" if latest <= self.limit else f"date:{self.limit}")
        if self.name == "plan_indicators":
            latest_year = max(old.get("year", -1), new.get("year", -1))
            parts.append("year:all" if latest_year <= self.roc_year else f"year:{self.roc_year}")
        if self.issues is not None:
            named = set(old.get("issues", [])) | set(new.get("issues", []))
            parts.append("issues:" + digest(*sorted(named & self.issues)))
        return " ".join(parts)


def _rule(dataset: Dataset, name: str, as_of: dt.date) -> Rule:
    """Return the rule keeping the raw rows published at `as_of` (as `embargo` decides)."""
    column = {"gifts": "date", "procurement_prices": "survey_date"}.get(name)
    column = "publication_date" if name == "gazette_issues" else column
    issues = None
    if name == "gazette_entries" and "gazette_issues" in dataset.frames:
        issues = frozenset(dataset.frames["gazette_issues"]["issue_id"])  # already cut
    return Rule(name, column, as_of.isoformat(), to_roc(as_of.year), issues)


def _cell(values: list[str], at: int | None) -> str:
    """Return the cell at a column position, '' for a column the version lacks."""
    return "" if at is None else values[at]


def dataset_history(dataset: Dataset, name: str, as_of: dt.date) -> list[Publication]:
    """Return the publications of one dataset, newest first (empty outside git)."""
    return list(_history(dataset, name, as_of)[0])


def _history(
    dataset: Dataset, name: str, as_of: dt.date
) -> tuple[tuple[Publication, ...], frozenset[str]]:
    """Return a dataset's publications and the history cache files they came from."""
    path = dataset.root / "datasets" / dataset.resource(name)["path"]
    located = _locate(path)
    if located is None:
        return (), frozenset()
    top, rel = located
    commits = [(c, d) for c, d in _commits(top, rel) if d <= as_of.isoformat()]
    if not commits:
        return (), frozenset()
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    store = HistoryCache(cache_dir(dataset.root))
    found = _compute(dataset, name, as_of, top, rel, commits, current, store)
    return found, frozenset(store.used)


def _compute(
    dataset: Dataset,
    name: str,
    as_of: dt.date,
    top: Path,
    rel: str,
    commits: list[tuple[str, str]],
    current: str,
    store: HistoryCache,
) -> tuple[Publication, ...]:
    """Diff consecutive published versions of one file, newest publication first.

    A pair of versions whose diff under the same embargo signature is in the history cache
    is not read again; the others are parsed once each, in order, two at a time.
    """
    rule = _rule(dataset, name, as_of)
    key_fields = list(dataset.resource(name)["schema"]["primaryKey"])
    stamp = digest(code_stamp(), name, rule.shape, *key_fields)
    last = next(_blobs(top, rel, [commits[-1][0]]))
    blob_ids = _blob_ids(top, rel, [c for c, _ in commits])
    if blob_ids is None:
        store = HistoryCache(None)  # unknown versions: compute everything, keep nothing
    ids = [f"git:{i}" for i in blob_ids or [""] * len(commits)]
    labels = [(c[:10], d) for c, d in commits]
    if current != last:
        labels.append((WORKING_TREE, as_of.isoformat()))
        ids.append("text:" + cache.sha256(current.encode()))
    # With more versions than the window, the oldest one only serves as the base of the next.
    first = max(len(labels) - MAX_COMMITS - 1, 0)
    start = 1 if len(labels) > MAX_COMMITS else 0
    wanted = range(first + start, len(labels))

    def facts(i: int) -> Any:
        return {} if i < first else store.get("v", digest(stamp, ids[i]))

    def pair(i: int, old: Any, new: Any) -> str:
        before = ids[i - 1] if i > first else ""
        return digest(stamp, before, ids[i], rule.signature(old, new))

    def save(i: int, new: dict[str, Any], old: dict[str, Any] | None, changes: list) -> None:
        store.put("v", digest(stamp, ids[i]), new)
        if old is not None:
            data = [[c.kind, c.key, [list(f) for f in c.fields]] for c in changes]
            store.put("d", pair(i, old, new), data)

    found: dict[int, list[Change]] = {}
    for i in wanted:
        old, new = facts(i - 1), facts(i)
        cached = store.get("d", pair(i, old, new)) if old is not None and new is not None else None
        if cached is not None:
            found[i] = [Change(k, key, tuple(map(tuple, f))) for k, key, f in cached]
    todo = [i for i in wanted if i not in found]
    if todo:
        texts = _texts(top, rel, commits, last, current, first, todo)
        found.update(_diff_missing(rule, key_fields, texts, todo, first, save))
    publications = [Publication(*labels[i], found[i]) for i in wanted if found[i]]
    return tuple(reversed(publications))


def _texts(
    top: Path,
    rel: str,
    commits: list[tuple[str, str]],
    last: str,
    current: str,
    first: int,
    todo: list[int],
) -> Iterator[tuple[int, str]]:
    """Yield (index, text) of the versions the missing diffs need, oldest first."""
    needed = sorted({j for i in todo for j in (i - 1, i) if j >= first})
    older = [j for j in needed if j < len(commits) - 1]
    yield from zip(older, _blobs(top, rel, [commits[j][0] for j in older]), strict=True)
    for j in needed:
        if j == len(commits) - 1:
            yield j, last
        elif j == len(commits):
            yield j, current


def _diff_missing(
    rule: Rule,
    key_fields: list[str],
    texts: Iterator[tuple[int, str]],
    todo: list[int],
    first: int,
    save: Callable[[int, dict[str, Any], dict[str, Any] | None, list[Change]], None],
) -> dict[int, list[Change]]:
    """Parse the versions the missing diffs need, in order, and diff each with the one before."""
    found: dict[int, list[Change]] = {}
    empty: tuple[Version, dict[str, Any]] = (Version([], {}), {})
    previous: dict[int, tuple[Version, dict[str, Any]]] = {}
    for j, text in texts:
        version, facts = _keyed(text, key_fields, rule)
        if j in todo:  # its predecessor came just before (or it is the window's first)
            old = previous.get(j - 1, empty) if j > first else empty
            found[j] = _diff_versions(old[0], version)
            save(j, facts, old[1], found[j])
        else:
            save(j, facts, None, [])
        previous = {j: (version, facts)}  # only two versions are ever held at once
    return found


def build_history(ctx: BuildContext) -> dict[str, list[Publication]]:
    """Return every dataset's history for this build (computed once per build)."""
    return ctx.state.memo.once("history", lambda: _build_history(ctx))


def _build_history(ctx: BuildContext) -> dict[str, list[Publication]]:
    """Return every dataset's history, its cache pruned to the files it used."""
    names = [
        r["name"] for r in ctx.dataset.descriptor["resources"] if r["name"] in ctx.dataset.frames
    ]
    found = {n: _history(ctx.dataset, n, ctx.as_of) for n in names}
    result = {n: list(publications) for n, (publications, _) in found.items()}
    if any(files for _, files in found.values()):  # outside git there is nothing to prune
        used = set().union(*(files for _, files in found.values()))
        HistoryCache(cache_dir(ctx.root)).prune(used)
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
