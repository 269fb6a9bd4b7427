"""The download cache: hits give the same bytes, a change or a damaged file remakes only that."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.data import yearly
from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.models import BuildContext
from generator.portal import downloads, downloads_cache

AS_OF = dt.date(2030, 1, 1)  # everything in the mini sample is published


def context(root: Path) -> BuildContext:
    """Return a fresh build context over the project (a new build: nothing kept in memory)."""
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, AS_OF, published(dataset, AS_OF), "https://g.example.tw/", root)


def table_bytes(ctx: BuildContext) -> dict[str, bytes]:
    """Return every table download of a build (year files included), by path."""
    return {d.path: d.content for d in downloads.download_files(ctx).all()}


def uncached_bytes(ctx: BuildContext) -> dict[str, bytes]:
    """Return the table downloads made directly, without the cache."""
    made: dict[str, bytes] = {}
    for name, frame in ctx.dataset.frames.items():
        rows = downloads.records(ctx.dataset, name)
        years = yearly.year_rows(name, frame)
        if years is None:
            files = downloads.resource_downloads(ctx.dataset, name, rows)
            made.update({d.path: d.content for d in files.values()})
            continue
        parts = {
            year: downloads.resource_downloads(
                ctx.dataset, name, [rows[i] for i in at], f"{name}/{year}"
            )
            for year, at in years.items()
        }
        for per in parts.values():
            made.update({d.path: d.content for d in per.values()})
        made.update({d.path: d.content for d in downloads.old_url_files(name, parts).values()})
    return made


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the resources whose files are made rather than taken from the cache."""
    seen: list[str] = []
    real = downloads.resource_downloads

    def counting(dataset, name, rows=None, stem=""):
        seen.append(name)
        return real(dataset, name, rows, stem)

    monkeypatch.setattr(downloads, "resource_downloads", counting)
    return seen


def cache_files(root: Path) -> list[Path]:
    """Return the files in the project's download cache."""
    return sorted(downloads_cache.cache_dir(root).iterdir())


def test_a_second_build_takes_every_file_from_the_cache_with_the_same_bytes(mini_project, made):
    root = mini_project.root
    first = table_bytes(context(root))
    assert set(made) == set(context(root).dataset.frames)
    made.clear()
    ctx = context(root)
    again = table_bytes(ctx)
    assert made == []
    assert again == first == uncached_bytes(ctx)
    digests = {d.path: d.sha256 for d in downloads.download_files(ctx).all()}
    assert all(digests[p] == hashlib.sha256(b).hexdigest() for p, b in again.items())


def test_a_changed_row_remakes_only_its_resource(mini_project, made):
    root = mini_project.root
    before = table_bytes(context(root))
    line = mini_project.records("gifts")[1][0]
    mini_project.set_cell("gifts", line, "item_zh", "新的禮品名稱")
    made.clear()
    ctx = context(root)
    after = table_bytes(ctx)
    assert made == ["gifts"]  # one year of one resource
    changed = sorted(p for p in after if after[p] != before[p])
    year = next(p for p in changed if p.startswith("data/gifts/")).split("/")[2].split(".")[0]
    year_files = [f"data/gifts/{year}.{fmt}" for fmt in ("csv", "json", "xlsx")]
    assert changed == year_files
    assert after == uncached_bytes(ctx)
    assert "新的禮品名稱" in after[year_files[0]].decode("utf-8")


def test_the_old_entry_of_a_changed_resource_is_pruned(mini_project):
    root = mini_project.root
    table_bytes(context(root))
    count = len(cache_files(root))
    line = mini_project.records("gifts")[1][0]
    mini_project.set_cell("gifts", line, "item_zh", "另一個名稱")
    table_bytes(context(root))
    assert len(cache_files(root)) == count  # one pointer and three files replaced, not added
    names = {p.name for p in cache_files(root)}
    years = yearly.year_rows("gifts", context(root).dataset.frames["gifts"])
    assert sum(n.startswith("gifts.") for n in names) == len(years)  # one pointer a year


@pytest.mark.parametrize("damage", [b"", b"not the file", None])
def test_a_damaged_cached_file_is_ignored_and_rewritten(mini_project, made, damage):
    root = mini_project.root
    first = table_bytes(context(root))
    blob = next(p for p in cache_files(root) if p.name.endswith(".xlsx"))
    good = blob.read_bytes()
    if damage is None:
        blob.unlink()
    else:
        blob.write_bytes(damage)  # truncated or overwritten
    made.clear()
    ctx = context(root)
    assert table_bytes(ctx) == first
    assert len(made) == 1  # only the resource that owned the damaged file
    assert blob.read_bytes() == good


def test_an_unreadable_pointer_is_a_miss(mini_project, made):
    root = mini_project.root
    first = table_bytes(context(root))
    pointer = next(p for p in cache_files(root) if p.name.startswith("agencies-"))
    pointer.write_text(json.dumps({"csv": "../../datasets/agencies.csv"}), encoding="utf-8")
    made.clear()
    assert table_bytes(context(root)) == first
    assert made == ["agencies"]
    payload = pointer.read_text(encoding="utf-8").split("\n", 1)[1]  # after the entry header
    assert set(json.loads(payload)) == {"csv", "json", "xlsx"}


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(mini_project):
    root = mini_project.root
    (root / ".cache").write_text("a file where the cache folder would go", encoding="utf-8")
    ctx = context(root)
    assert table_bytes(ctx) == uncached_bytes(ctx)


def test_rows_are_made_only_when_a_page_asks(mini_project, monkeypatch):
    root = mini_project.root
    table_bytes(context(root))
    calls: list[str] = []
    real = downloads.records
    monkeypatch.setattr(downloads, "records", lambda ds, n: calls.append(n) or real(ds, n))
    ctx = context(root)
    downloads.download_files(ctx)
    assert calls == []
    rows = downloads.published_rows(ctx, "gifts")
    assert calls == ["gifts"] and rows == real(ctx.dataset, "gifts")


# --- the pieces the cache relies on ---


def digest(series: pd.Series) -> str:
    """Return the cache's digest of one column."""
    state = hashlib.sha256()
    downloads_cache.column_digest(state, series)
    return state.hexdigest()


texts = st.lists(st.one_of(st.none(), st.text(max_size=4)), max_size=5)


@given(texts, texts)
def test_different_text_columns_have_different_digests(a, b):
    left, right = pd.Series(a, dtype=object, name="c"), pd.Series(b, dtype=object, name="c")
    assert (digest(left) == digest(right)) == (
        a == b and [type(v) for v in a] == [type(v) for v in b]
    )


def test_dates_and_their_text_have_different_digests():
    day = dt.date(2025, 3, 2)
    dates = pd.Series([day, None], dtype=object, name="d")
    assert digest(dates) != digest(pd.Series(["2025-03-02", None], dtype=object, name="d"))
    assert digest(dates) != digest(pd.Series([dt.datetime(2025, 3, 2), None], name="d"))
    assert digest(dates) != digest(pd.Series([day, day], dtype=object, name="d"))


numbers = st.lists(
    st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=64)), max_size=8
)


@given(numbers)
def test_fast_number_columns_match_the_cell_by_cell_values(values):
    series = pd.Series(values, dtype="Float64")
    expected = [downloads.python_value(v, "number") for v in series.tolist()]
    found = downloads.column_values(series, "number", len(series))
    assert found == expected
    assert [type(v) for v in found] == [type(v) for v in expected]


@given(st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62)), max_size=8))
def test_fast_integer_columns_match_the_cell_by_cell_values(values):
    series = pd.Series(values, dtype="Int64")
    expected = [downloads.python_value(v, "integer") for v in series.tolist()]
    found = downloads.column_values(series, "integer", len(series))
    assert found == expected and [type(v) for v in found] == [type(v) for v in expected]


@given(st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=8))
def test_fast_text_columns_match_the_cell_by_cell_values(values):
    series = pd.Series(values, dtype="str")
    expected = [downloads.python_value(v, "string") for v in series.tolist()]
    assert downloads.column_values(series, "string", len(series)) == expected


@given(st.lists(st.one_of(st.none(), st.booleans()), max_size=8))
def test_fast_boolean_columns_match_the_cell_by_cell_values(values):
    series = pd.Series(values, dtype="boolean")
    expected = [downloads.python_value(v, "boolean") for v in series.tolist()]
    found = downloads.column_values(series, "boolean", len(series))
    assert found == expected and [type(v) for v in found] == [type(v) for v in expected]
