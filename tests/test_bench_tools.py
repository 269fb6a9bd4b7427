"""The benchmark's helpers: the site-bytes breakdown and the archive span of bench/run.py."""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


def test_site_bytes_sorts_files_by_kind_and_volume(tmp_path: Path) -> None:
    site_bytes = _bench("site_bytes")
    files = {
        "gazette/85/01/index.html": 10,
        "en/gazette/114/01/index.html": 20,
        "gazette/114/01/gazette-114-01.pdf": 300,
        "data/entries/114/114-01-001.zh.md": 5,
        "data/gifts.csv": 7,
        "data/gifts.json": 8,
        "data/datapackage.json": 9,
        "data/gifts.changes.json": 4,
        "pagefind-archive-84/fragment/zh-tw_1.pf_fragment": 3,
        "en/pagefind/pagefind.js": 2,
        "gazette/manifest.json": 6,
        "sitemap.xml.gz": 1,
    }
    for rel, size in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    result = site_bytes.measure(tmp_path)
    kinds = {name: row["bytes"] for name, row in result["kinds"].items()}
    assert kinds["PDF editions"] == 300
    assert kinds["HTML: gazette (en)"] == 20 and kinds["HTML: gazette (zh)"] == 10
    assert kinds["downloads: JSON"] == 8 and kinds["downloads: catalogue and other"] == 9
    assert kinds["downloads: change history"] == 4 and kinds["downloads: CSV"] == 7
    assert kinds["search: pagefind-archive"] == 3 and kinds["search: pagefind"] == 2
    assert kinds["gazette manifest (hash chain)"] == 6
    assert kinds["precompressed (.gz)"] == 1
    assert result["volumes"] == 2
    assert sum(result["per_volume"]["114"].values()) == 20 + 300 + 5
    assert result["total_bytes"] == sum(files.values())


def test_run_spans_the_archive_over_the_years_asked() -> None:
    run = _bench("run")
    ten = run.corpus_for(None, small=False, entries_per_issue=None)
    thirty = run.corpus_for(30, small=False, entries_per_issue=None)
    assert (ten["first_year"], ten["last_year"]) == (2016, 2025)
    assert (thirty["first_year"], thirty["last_year"]) == (1996, 2025)
    assert thirty["gifts"] == 3 * ten["gifts"]
    assert thirty["surveys_per_item"] == 3 * ten["surveys_per_item"]
    tiny = run.corpus_for(30, small=True, entries_per_issue=1)
    assert tiny["first_year"] == 1996 and tiny["entries_per_issue"] == 1


def test_run_gives_a_busy_city_its_calendar_and_publish_day(tmp_path: Path) -> None:
    run = _bench("run")
    assert "issues_per_year" not in run.corpus_for(None, small=True, entries_per_issue=None)
    busy = run.corpus_for(None, small=True, entries_per_issue=None, issues_per_year=104)
    assert busy["issues_per_year"] == 104 and busy["entries_per_issue"] == 20
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "gazette_issues.csv").write_text(
        "issue_id,publication_date\n114-103,2025-12-26\n114-104,2025-12-30\n", encoding="utf-8"
    )
    assert run.publish_days(tmp_path) == ("114-104", date(2025, 12, 26), date(2025, 12, 30))
    (tmp_path / "datasets" / "gazette_issues.csv").write_text(
        "issue_id,publication_date\n114-23,2025-12-15\n114-24,2025-12-31\n", encoding="utf-8"
    )
    assert run.publish_days(tmp_path) == ("114-24", date(2025, 12, 20), date(2025, 12, 31))
    run.write_gazette_yaml(tmp_path, 104)
    config = (tmp_path / "gazette.yaml").read_text(encoding="utf-8")
    assert "\ncalendar: weekly:tue,fri\n" in config
    assert "\n  digits: 3\n" in config
