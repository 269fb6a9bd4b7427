"""Readers round two, part A (issue 25): agencies with their divisions, and the search page.

In Chromium at 390 and 1366 px, both languages, axe-core at 0 violations: a parent agency
(the Secretariat, whose notices are filed under its divisions) finds its divisions' entries
on the search page and lists and links them on its page; a division links its parent; the
JSON API names the parent; for 採購 entries and issues rank above explanation pages; with
no keyword results are newest first; the date fields say which date; each result names its
agency; the language switcher keeps the query.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import site_fixture
from playwright.sync_api import Page, expect

from browser.axe import axe_violations, describe
from browser.test_reader import below, path_of, published, results

DATASETS = site_fixture.REPO / "datasets"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGS = [pytest.param("", id="zh"), pytest.param("en/", id="en")]
PARENT = "secretariat"
DOCUMENTS = ("entry", "issue")


def agencies() -> dict[str, dict[str, str]]:
    """Return the sample's agencies by id."""
    with (DATASETS / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        return {r["agency_id"]: r for r in csv.DictReader(handle)}


def name(agency_id: str, prefix: str) -> str:
    """Return an agency's name as the pages of a language show it."""
    row = agencies()[agency_id]
    return (row["name_en"] if prefix else "") or row["name_zh"]


def no_axe_violations(page: Page) -> None:
    """Fail with axe-core's WCAG 2.1 A/AA violations of the loaded page, if any."""
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_parent_agency_finds_its_divisions_entries_newest_first(open_page, prefix, viewport):
    page = open_page(viewport)
    divisions = below(PARENT)
    assert len(divisions) > 2, "the sample's Secretariat has divisions"
    wanted = {"/" + prefix + path_of(r): r for r in published() if r["agency_id"] in divisions}
    page.goto(prefix + "search/")
    option = page.locator(f"#gz-find-agency option[value='{PARENT}']")
    assert ("with its divisions" if prefix else "含所屬單位") in option.inner_text()
    page.select_option("#gz-find-agency", PARENT)
    found = results(page)
    assert dict(p.split("=", 1) for p in urlsplit(page.url).query.split("&")) == {"agency": PARENT}
    assert {r["url"] for r in found} == set(wanted), "not every entry of the divisions"
    # no keyword: newest first, by publication date
    dates = [wanted[r["url"]]["date"] for r in found]
    assert dates == sorted(dates, reverse=True)
    count = len(found)
    said = f"{count} results" if prefix else f"找到 {count} 筆結果"  # no "for “…”": no keyword
    assert page.locator("#gz-find-status").inner_text().strip() == said
    shown = page.locator(".gz-find__agency").all_inner_texts()
    assert shown == [name(wanted[r["url"]]["agency_id"], prefix) for r in found]
    no_axe_violations(page)


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_entries_and_issues_rank_above_explanation_pages(open_page, prefix, viewport):
    page = open_page(viewport)
    # 採購, whose explanation pages (the indicators' plan) quote it too; in English, its word
    page.goto(prefix + "search/?q=" + ("procurement" if prefix else "%E6%8E%A1%E8%B3%BC"))
    found = results(page)
    kinds = [r["kind"] for r in found]
    assert "entry" in kinds and "page" in kinds, kinds
    last_document = max(at for at, kind in enumerate(kinds) if kind in DOCUMENTS)
    first_other = min(at for at, kind in enumerate(kinds) if kind not in DOCUMENTS)
    assert last_document < first_other, kinds
    # each entry shows its date, document number and agency
    entries = page.locator(".gz-find__result[data-kind=entry]")
    for at in range(min(entries.count(), 5)):
        assert entries.nth(at).locator(".gz-find__agency").inner_text().strip()
    date_label = "Publication date" if prefix else "刊登日期"
    assert date_label in page.locator("label[for=gz-find-from]").inner_text()
    assert date_label in page.locator("label[for=gz-find-to]").inner_text()
    assert page.locator(".gz-find__date").first.get_attribute("title") == date_label
    no_axe_violations(page)


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_language_switcher_keeps_the_search(open_page, prefix, viewport):
    page = open_page(viewport)
    page.goto(prefix + "search/")
    page.fill("#gz-find-q", "採購")
    page.select_option("#gz-find-agency", PARENT)
    page.fill("#gz-find-from", "2026-01-01")
    page.click(".gz-find__actions button[type=submit]")
    before = results(page)
    assert before
    query = urlsplit(page.url).query
    switch = page.locator("a.gz-lang")
    if not switch.is_visible():  # on a phone the switcher may sit in the drawer
        page.locator("label.md-header__button[for=__drawer]").click()
    switch.first.click()
    page.wait_for_url("**/search/?*")
    twin = "" if prefix else "en/"
    assert urlsplit(page.url).path.endswith("/" + twin + "search/")
    assert urlsplit(page.url).query == query
    after = results(page)
    # The search script loads after the first paint (lazy.js) and then fills the form from
    # the query string: wait for it, as a reader would, rather than read the form at once.
    expect(page.locator("#gz-find-agency")).to_have_value(PARENT)
    expect(page.locator("#gz-find-q")).to_have_value("採購")
    expect(page.locator("#gz-find-from")).to_have_value("2026-01-01")
    # the twin ran the same search: only entries of the Secretariat and its divisions,
    # published since the chosen day (the languages' texts differ, so the counts may too)
    wanted = {"/" + twin + path_of(r): r for r in published() if r["agency_id"] in below(PARENT)}
    assert after and {r["url"] for r in after} <= set(wanted)
    assert all(wanted[r["url"]]["date"] >= "2026-01-01" for r in after)
    no_axe_violations(page)


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_agency_pages_link_divisions_and_parent(open_page, prefix, viewport):
    page = open_page(viewport)
    page.goto(prefix + f"gazette/agency/{PARENT}/")
    main = page.locator("article")
    text = main.inner_text()
    assert ("divisions below" if prefix else "所屬單位發文") in text
    filed = {r["agency_id"] for r in published()}
    children = sorted(
        a for a, r in agencies().items() if r["parent_id"] == PARENT and below(a) & filed
    )
    links = main.locator(f"a[href*='../{children[0]}/']")
    assert links.count() >= 1
    for child in children:
        assert main.locator(f"a[href$='../{child}/']").count() == 1, child
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1
    no_axe_violations(page)
    links.first.click()
    page.wait_for_url(f"**/gazette/agency/{children[0]}/")
    parent = page.locator(".gz-agency-parent a")
    assert parent.inner_text().strip() == name(PARENT, prefix)
    parent.click()
    page.wait_for_url(f"**/gazette/agency/{PARENT}/")
    no_axe_violations(page)


def test_the_json_api_names_each_agencys_parent(site: Path):
    known = agencies()
    index = json.loads((site / "gazette" / "index.json").read_text("utf-8"))
    listed = {a["id"]: a for a in index["agencies"]}
    assert PARENT in listed
    for agency_id, ref in listed.items():
        assert ref["parent_id"] == (known[agency_id]["parent_id"] or None), agency_id
    hub = json.loads((site / "gazette" / "agency" / PARENT / "index.json").read_text("utf-8"))
    filed = {r["agency_id"] for r in published()}
    assert set(hub["includes"]) == below(PARENT) & filed
    assert hub["parent_id"] == known[PARENT]["parent_id"]
    one = next(r for r in published() if r["agency_id"] in below(PARENT) - {PARENT})
    volume = int(one["entry_id"].split("-")[0])
    entry = json.loads((site / path_of(one) / "index.json").read_text("utf-8"))
    assert entry["agency"]["parent_id"] == known[one["agency_id"]]["parent_id"]
    year = site / "gazette" / "agency" / PARENT / str(volume) / "index.json"
    ids = [e["entry_id"] for e in json.loads(year.read_text("utf-8"))["entries"]]
    assert one["entry_id"] in ids
