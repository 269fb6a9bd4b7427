"""The sample corpus generator: deterministic, complete, and valid against the schema."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import frictionless
import pytest

from generator.data.load import RESOURCE_NAMES

REPO = Path(__file__).resolve().parent.parent
SMALL = {"first_year": 2026, "last_year": 2026, "gifts": 40, "price_items": 20}
FORMULA = ("=", "+", "-", "@")


def load_generator():
    """Import tools/sample_corpus.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location("sample_corpus", REPO / "tools/sample_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def read(root: Path, name: str) -> list[dict[str, str]]:
    """Return the rows of datasets/<name>.csv."""
    text = (root / "datasets" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def tree(root: Path) -> dict[str, bytes]:
    """Return every file under root/datasets with its bytes."""
    base = root / "datasets"
    return {
        str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="session")
def generator():
    return load_generator()


@pytest.fixture(scope="session")
def corpus(generator, tmp_path_factory) -> Path:
    """Return a folder holding the default corpus, generated once per session."""
    out = tmp_path_factory.mktemp("corpus")
    generator.write_corpus(out)
    return out


def test_two_runs_are_byte_identical(generator, tmp_path):
    generator.write_corpus(tmp_path / "a", **SMALL)
    generator.write_corpus(tmp_path / "b", **SMALL)
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert len(first) > 100
    assert first == second


def test_a_different_seed_gives_different_data(generator, tmp_path):
    generator.write_corpus(tmp_path / "a", **SMALL)
    generator.write_corpus(tmp_path / "b", seed=7, **SMALL)
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


def test_committed_sample_matches_the_generator(corpus):
    """The repo's datasets are the generator's defaults; refresh with --out . if this fails."""
    generated, committed = tree(corpus), tree(REPO)
    changed = [p for p in generated if generated[p] != committed.get(p)]
    stale = [p for p in committed if p.startswith("entries/") and p not in generated]
    assert (changed, stale) == ([], [])


def test_frictionless_accepts_the_package(corpus):
    report = frictionless.validate(str(corpus / "datasets" / "datapackage.yaml"))
    assert report.flatten(["resourceName", "rowNumber", "fieldName", "type"]) == []
    assert report.valid


def test_files_are_canonical_utf8_lf_without_bom(corpus):
    for path in sorted((corpus / "datasets").rglob("*")):
        if path.suffix in (".csv", ".md"):
            data = path.read_bytes()
            assert not data.startswith(b"\xef\xbb\xbf"), path
            assert b"\r" not in data, path
            data.decode("utf-8")


def test_minimum_counts(corpus):
    assert 20 <= len(read(corpus, "agencies")) <= 30
    assert len(read(corpus, "gazette_issues")) == 48
    assert len(read(corpus, "gifts")) >= 240
    prices = read(corpus, "procurement_prices")
    assert len(prices) >= 360
    assert len({r["item_id"] for r in prices}) >= 90
    years = {r["plan_year"] for r in read(corpus, "plan_indicators")}
    assert years == {"107", "113", "114", "115"}


def test_agencies_form_one_tree(corpus):
    rows = read(corpus, "agencies")
    ids = {r["agency_id"] for r in rows}
    assert [r["agency_id"] for r in rows if not r["parent_id"]] == ["city"]
    assert all(r["parent_id"] in ids for r in rows if r["parent_id"])
    assert 1 <= sum(not r["name_en"] for r in rows) <= 2


def test_issues_appear_on_the_15th_and_the_last_day(corpus):
    rows = read(corpus, "gazette_issues")
    by_volume = defaultdict(list)
    for row in rows:
        day = date.fromisoformat(row["publication_date"])
        assert day.day == 15 or (day + timedelta(days=1)).day == 1
        assert int(row["volume"]) == day.year - 1911
        assert row["issue_id"] == f"{row['volume']}-{int(row['number']):02d}"
        by_volume[row["volume"]].append(int(row["number"]))
    assert all(numbers == list(range(1, 25)) for numbers in by_volume.values())
    assert {r["publication_date"] for r in rows} >= {"2026-11-30", "2026-12-15", "2026-12-31"}


def test_entries_follow_the_gazette_rules(corpus):
    issues = {r["issue_id"]: r for r in read(corpus, "gazette_issues")}
    entries = read(corpus, "gazette_entries")
    assert len({e["doc_number"] for e in entries}) == len(entries)
    per_issue = Counter(e["issue_id"] for e in entries)
    assert set(per_issue) == set(issues)
    assert all(5 <= n <= 9 for n in per_issue.values())
    for e in entries:
        published = date.fromisoformat(issues[e["issue_id"]]["publication_date"])
        signed = date.fromisoformat(e["signed_date"])
        assert published - timedelta(days=14) <= signed <= published, e["entry_id"]
        assert re.fullmatch(r"\S{2,40}字第\d{3}\d{7}號", e["doc_number"])
        assert e["doc_number"].split("字第")[1][:3] == str(signed.year - 1911)
        assert e["body_zh"] == f"entries/{e['issue_id'][:3]}/{e['entry_id']}.zh.md"
        for path in (e["body_zh"], e["body_en"]):
            assert not path or (corpus / "datasets" / path).is_file()
    seqs = defaultdict(list)
    for e in entries:
        seqs[e["issue_id"]].append(int(e["entry_id"][-3:]))
    assert all(s == list(range(1, len(s) + 1)) for s in seqs.values())
    assert 0.7 <= sum(bool(e["title_en"]) for e in entries) / len(entries) <= 0.9
    assert 0.6 <= sum(bool(e["body_en"]) for e in entries) / len(entries) <= 0.8


def test_every_category_appears_every_year(corpus):
    entries = read(corpus, "gazette_entries")
    for volume in ("114", "115"):
        cats = Counter(e["category"] for e in entries if e["issue_id"].startswith(volume))
        assert set(cats) == {"法規", "行政規則", "公告", "人事", "採購", "財經", "更正"}
        assert cats["公告"] > cats["更正"] and cats["人事"] > cats["更正"]


def test_corrigenda_point_to_earlier_issues(corpus):
    entries = read(corpus, "gazette_entries")
    by_id = {e["entry_id"]: e for e in entries}
    corrigenda = [e for e in entries if e["category"] == "更正"]
    assert len(corrigenda) >= 3
    assert all(e["corrects"] == "" for e in entries if e["category"] != "更正")
    for e in corrigenda:
        original = by_id[e["corrects"]]
        assert original["issue_id"] < e["issue_id"]
        assert original["doc_number"] in e["title_zh"]


def test_received_gifts_above_the_thresholds_say_how_they_were_handled(corpus):
    rows = read(corpus, "gifts")
    assert Counter(r["direction"] for r in rows).most_common(1)[0][0] == "致贈"
    for r in rows:
        quantity, unit, total = int(r["quantity"]), int(r["unit_value"]), int(r["total_value"])
        assert total == quantity * unit
        assert re.fullmatch(rf"G{r['date'][:4]}-\d{{4}}", r["gift_id"])
        if r["direction"] == "致贈":
            assert (r["stakeholder"], r["outcome"]) == ("", "")
        elif (r["stakeholder"] == "true" and unit > 500) or unit > 3000 or total > 10000:
            assert r["outcome"], r["gift_id"]
    assert {r["date"][:4] for r in rows} == {"2024", "2025", "2026"}
    assert any(r["outcome"] == "" for r in rows if r["direction"] == "受贈")


def test_prices_are_consistent(corpus):
    rows = read(corpus, "procurement_prices")
    keys = [(r["item_id"], r["survey_date"], r["region"]) for r in rows]
    assert len(set(keys)) == len(keys)
    for r in rows:
        low, ref, high = (float(r[k]) for k in ("min_price", "reference_price", "max_price"))
        assert low <= ref <= high, r
        assert 1 <= int(r["quotes"]) <= 8
    categories = "辦公用品 資訊耗材 清潔用品 茶水餐飲 電器設備 家具 印刷文宣 禮品紀念品"
    assert {r["category"] for r in rows} == set(categories.split())
    assert {r["survey_date"][:4] for r in rows} == {"2025", "2026"}


def test_indicator_weights_add_up(corpus):
    rows = read(corpus, "plan_indicators")
    objectives = defaultdict(lambda: [None, 0.0])
    for r in rows:
        key = (r["plan_year"], r["objective_no"])
        objectives[key][0] = float(r["objective_weight"])
        objectives[key][1] += float(r["indicator_weight"])
        assert (
            r["indicator_id"]
            == f"{r['plan_year']}-{int(r['objective_no']):02d}-{int(r['indicator_no']):02d}"
        )
    assert all(weight == total for weight, total in objectives.values())
    per_year = defaultdict(float)
    for (year, _), (weight, _) in objectives.items():
        per_year[year] += weight
    assert all(total <= 100 for total in per_year.values())
    current = [r for r in rows if r["plan_year"] == "115"]
    assert sum(not r["actual_value"] for r in current) > len(current) / 2
    assert all(r["actual_value"] for r in rows if r["plan_year"] != "115")
    assert any(r["higher_is_better"] == "false" for r in rows)


def test_taoyuan_107_targets_are_faithful(corpus):
    rows = {r["indicator_id"]: r for r in read(corpus, "plan_indicators")}
    assert (rows["107-01-01"]["target_value"], rows["107-01-02"]["target_value"]) == ("6", "20")
    assert rows["107-07-01"]["target_value"] == "45"
    assert rows["107-08-01"]["measure_zh"] == "工友減少人數。"
    assert (
        sum(
            float(r["objective_weight"])
            for r in rows.values()
            if r["indicator_no"] == "1" and r["plan_year"] == "107"
        )
        == 50
    )


def test_no_cell_starts_like_a_formula(corpus):
    for name in RESOURCE_NAMES:
        for row in read(corpus, name):
            assert not [v for v in row.values() if v.startswith(FORMULA)], (name, row)


def test_the_command_line_writes_a_scaled_archive(generator, tmp_path):
    code = generator.main(
        ["--out", str(tmp_path), "--first-year", "2024", "--last-year", "2024",
         "--entries-per-issue", "12", "--gifts", "10", "--price-items", "120",
         "--surveys-per-item", "2", "--indicator-years", "113", "116"]
    )  # fmt: skip
    assert code == 0
    entries = read(tmp_path, "gazette_entries")
    assert len(entries) == 24 * 12
    assert len({r["item_id"] for r in read(tmp_path, "procurement_prices")}) == 120
    assert {r["plan_year"] for r in read(tmp_path, "plan_indicators")} == {"113", "116"}
    report = frictionless.validate(str(tmp_path / "datasets" / "datapackage.yaml"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type"])


def test_a_twice_weekly_city_gets_its_calendar_dates(generator, tmp_path):
    """--issues-per-year 104 puts the issues on weekly:tue,fri, numbered in 3 digits."""
    code = generator.main(
        ["--out", str(tmp_path), "--first-year", "2024", "--last-year", "2025",
         "--issues-per-year", "104", "--entries-per-issue", "1", "--gifts", "10",
         "--price-items", "10", "--surveys-per-item", "1", "--indicator-years", "113"]
    )  # fmt: skip
    assert code == 0
    issues = read(tmp_path, "gazette_issues")
    per_year = Counter(r["publication_date"][:4] for r in issues)
    # 2024 is a leap year starting on a Monday: 53 Tuesdays and 52 Fridays.
    assert per_year == {"2024": 105, "2025": 104}
    days = [date.fromisoformat(r["publication_date"]) for r in issues]
    assert {d.strftime("%a") for d in days} == {"Tue", "Fri"}
    assert days == sorted(days)
    first, last = issues[0], issues[-1]
    assert (first["issue_id"], first["publication_date"]) == ("113-001", "2024-01-02")
    assert (last["issue_id"], last["publication_date"]) == ("114-104", "2025-12-30")
    entries = read(tmp_path, "gazette_entries")
    assert len(entries) == 209
    assert entries[-1]["body_zh"] == "entries/114/114-104-001.zh.md"
    assert (tmp_path / "datasets" / entries[-1]["body_zh"]).is_file()


def test_an_unknown_issue_rate_is_refused(generator, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        generator.main(["--out", str(tmp_path), "--issues-per-year", "100"])
    assert stopped.value.code == 2
    assert not (tmp_path / "datasets").exists()
