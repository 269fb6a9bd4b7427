"""The history cache: known version pairs are not read again, and the embargo still holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from portal_support import committed_project, load_dataset

from generator.models import BuildContext
from generator.portal import history
from generator.portal.history_cache import cache_dir

BEFORE, AFTER = dt.date(2026, 11, 25), dt.date(2026, 12, 31)
FUTURE = (
    "G2026-0002,2026-12-20,受贈,年終,Year end,某人,Someone,TW,花,Flowers,"
    "1,100,100,false,false,退還,city\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Return a project with three commits of gifts.csv and a future-dated row uncommitted."""
    committed_project(tmp_path, ("2,800,1600", "2,900,1800"), ("Tea box", "Tea gift box"))
    path = tmp_path / "datasets/gifts.csv"
    path.write_text(path.read_text(encoding="utf-8") + FUTURE, encoding="utf-8")
    return tmp_path


def fresh(root: Path, as_of: dt.date) -> list[history.Publication]:
    """Return the gifts history as a new process would compute it (no in-memory memo)."""
    return history.dataset_history(load_dataset(root), "gifts", as_of)


def shape(found: list[history.Publication]) -> list[tuple]:
    """Return a comparable projection of a history."""
    return [(p.commit, p.date, [(c.kind, c.key, c.fields) for c in p.changes]) for p in found]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the versions read from git, per call of `_blobs`."""
    seen: list[int] = []
    real = history._blobs

    def counting(top, rel, commits):
        seen.append(len(commits))
        return real(top, rel, commits)

    monkeypatch.setattr(history, "_blobs", counting)
    return seen


def test_a_second_build_reads_only_the_newest_version(repo, reads):
    first = fresh(repo, BEFORE)
    assert sum(reads) > 1
    reads.clear()
    again = fresh(repo, BEFORE)
    assert shape(again) == shape(first)
    assert reads == [1]  # the last commit, to see whether the working tree differs


def test_the_cache_never_shows_a_row_before_its_date(repo):
    hidden = fresh(repo, BEFORE)
    assert "G2026-0002" not in repr(shape(hidden))
    shown = fresh(repo, AFTER)
    assert ("added", "G2026-0002", ()) in shape(shown)[0][2]
    assert shape(fresh(repo, BEFORE)) == shape(hidden)  # and hidden again, from the cache


def test_a_later_as_of_that_publishes_nothing_new_reuses_every_diff(repo, reads):
    path = repo / "datasets/gifts.csv"
    # Back to the last commit: no row is dated after BEFORE any more.
    path.write_text(path.read_text(encoding="utf-8").replace(FUTURE, ""), encoding="utf-8")
    first = fresh(repo, BEFORE)
    reads.clear()
    later = fresh(repo, AFTER)
    assert reads == [1]
    assert shape(later) == shape(first)


def test_damaged_cache_files_are_recomputed(repo, reads):
    expected = shape(fresh(repo, BEFORE))
    files = sorted(cache_dir(repo).glob("*.json"))
    assert files
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace("G2025", "G1999"), "utf-8")
    reads.clear()
    assert shape(fresh(repo, BEFORE)) == expected
    assert sum(reads) > 1
    reads.clear()
    assert shape(fresh(repo, BEFORE)) == expected and reads == [1]  # rewritten intact


def build(root: Path, as_of: dt.date) -> set[str]:
    """Run the build's history step; return the names of the cache files left."""
    ctx = BuildContext(root, as_of, load_dataset(root), "https://g.example.tw/", root / "site")
    history.build_history(ctx)
    return {p.name for p in cache_dir(root).iterdir()}


def test_a_build_keeps_only_the_files_it_used(repo):
    before = build(repo, BEFORE)
    after = build(repo, AFTER)
    assert before - after  # the working tree's diff under the old --as-of is gone
    assert build(repo, BEFORE) == before  # the folder does not grow from build to build
