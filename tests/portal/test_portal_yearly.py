"""Downloads split per archive year: which rows go to which year, in which order."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from portal_support import tiny_context

from generator.data import yearly
from generator.portal import downloads


def test_entries_go_by_volume_and_years_sort_as_numbers():
    frame = pd.DataFrame({"issue_id": ["100-01", "99-24", "100-02", "bad"]})
    assert yearly.year_rows("gazette_entries", frame) == {
        "99": [1],
        "100": [0, 2],
        yearly.UNDATED: [3],
    }


def test_dated_rows_go_by_roc_year():
    frame = pd.DataFrame({"date": [dt.date(2025, 1, 1), dt.date(2024, 12, 31), None]})
    assert yearly.year_rows("gifts", frame) == {"113": [1], "114": [0], yearly.UNDATED: [2]}


def test_small_or_empty_resources_are_not_split():
    assert yearly.year_rows("agencies", pd.DataFrame({"agency_id": ["a"]})) is None
    assert yearly.year_rows("gifts", pd.DataFrame({"date": []})) is None


def test_year_files_hold_every_row_once(tmp_path):
    ctx = tiny_context(tmp_path)
    files = downloads.download_files(ctx)
    whole = downloads.records(ctx.dataset, "gifts")
    years = files.parts["gifts"]
    rows = [r for per in years.values() for r in json.loads(per["json"].content)]
    assert sorted(r["gift_id"] for r in rows) == sorted(r["gift_id"] for r in whole)
    assert files.tables["gifts"] == {}  # the old whole-register URLs are gone
    listed = [d.path for _, d in files.listed("gifts")]
    assert listed and all(p.startswith("data/gifts/") for p in listed)


def test_the_old_url_can_keep_the_latest_year(tmp_path, monkeypatch):
    monkeypatch.setattr(downloads, "LATEST_AT_OLD_URL", True)
    ctx = tiny_context(tmp_path)
    files = downloads.download_files(ctx)
    latest = list(files.parts["gifts"].values())[-1]
    assert files.tables["gifts"]["csv"].content == latest["csv"].content
    assert files.tables["gifts"]["csv"].path == "data/gifts.csv"
    assert "data/gifts.csv" not in [d.path for _, d in files.listed("gifts")]


def test_whole_archive_json_is_the_year_files_joined(tmp_path, monkeypatch):
    monkeypatch.setattr(downloads, "WHOLE", {"gazette_entries": ("json",)})  # off by default
    ctx = tiny_context(tmp_path)
    files = downloads.download_files(ctx)
    joined = json.loads(files.tables["gazette_entries"]["json"].content)
    made = json.loads(downloads.json_bytes(downloads.records(ctx.dataset, "gazette_entries")))
    assert sorted(joined, key=lambda r: r["entry_id"]) == sorted(made, key=lambda r: r["entry_id"])
    assert downloads.joined_json([b"[]\n", b"[]\n"]) == b"[]\n"


def test_joined_csv_digest_drops_later_headers():
    one, two = b"\xef\xbb\xbfa,b\r\n1,2\r\n", b"\xef\xbb\xbfa,b\r\n3,4\r\n"
    size, sha = downloads.joined_csv_digest([one, two])
    whole = b"\xef\xbb\xbfa,b\r\n1,2\r\n3,4\r\n"
    assert size == len(whole)
    assert sha == downloads.Download("x", whole).sha256


def test_a_site_reader_joins_the_year_files(tmp_path):
    ctx = tiny_context(tmp_path)
    downloads.write_downloads(ctx)
    rows = yearly.site_rows(ctx.out, "gazette_entries")
    assert not (ctx.out / "data/gazette_entries.json").exists()  # no whole-archive copy
    assert sorted(r["entry_id"] for r in rows) == sorted(
        r["entry_id"] for r in downloads.published_rows(ctx, "gazette_entries")
    )
    assert yearly.site_rows(ctx.out, "agencies") == json.loads(
        (ctx.out / "data/agencies.json").read_bytes()
    )


def test_issues_go_by_volume_like_their_entries():
    """The issues table grows by 24-104 rows a year: a publish day rewrites one volume's file."""
    frame = pd.DataFrame({"issue_id": ["113-24", "114-01", "114-02", "99-03"]})
    assert yearly.year_rows("gazette_issues", frame) == {"99": [3], "113": [0], "114": [1, 2]}
