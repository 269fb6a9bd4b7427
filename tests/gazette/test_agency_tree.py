"""The agency tree of browse pages and the search page's agency filter (issue 25)."""

from __future__ import annotations

from generator.gazette import browse
from generator.site.search_page import agency_options

KNOWN = {
    "city": {"name_zh": "市政府", "name_en": "City", "parent_id": None},
    "sec": {"name_zh": "秘書處", "name_en": "Secretariat", "parent_id": "city"},
    "sec-docs": {"name_zh": "文書科", "name_en": None, "parent_id": "sec"},
    "sec-archive": {"name_zh": "檔案室", "name_en": "Archive", "parent_id": "sec-docs"},
    "sec-idle": {"name_zh": "閒置科", "name_en": "Idle", "parent_id": "sec"},
    "finance": {"name_zh": "財政局", "name_en": "Finance", "parent_id": "city"},
}


def test_subtree_reaches_every_depth_and_ancestors_climb_to_the_root():
    assert browse.subtree(KNOWN, "sec") == {"sec", "sec-docs", "sec-archive", "sec-idle"}
    assert browse.ancestors(KNOWN, "sec-archive") == ["sec-docs", "sec", "city"]
    assert browse.children(KNOWN, "sec") == ["sec-docs", "sec-idle"]


def test_a_cycle_in_parent_id_cannot_hang_the_build():
    looped = {"a": {"parent_id": "b"}, "b": {"parent_id": "a"}, "c": {"parent_id": "c"}}
    assert browse.subtree(looped, "a") == {"a", "b"}
    assert browse.ancestors(looped, "a") == ["b"]
    assert browse.subtree(looped, "c") == {"c"}
    assert browse.ancestors(looped, "c") == []


def test_parents_of_filing_agencies_get_pages_and_idle_divisions_do_not():
    assert browse.browsed(KNOWN, {"sec-archive", "finance"}) == [
        "city", "finance", "sec", "sec-archive", "sec-docs"
    ]  # fmt: skip


def test_agency_header_lists_filing_divisions_with_counts_and_links_the_parent():
    rows = [{"entry": {"agency_id": a}} for a in ("sec", "sec-docs", "sec-archive", "sec-archive")]
    head = browse.agency_header(KNOWN, {"sec", "sec-docs", "sec-archive"}, rows, "sec", "en")
    assert head["parent"] == {"id": "city", "name": "City", "path": "gazette/agency/city/index.md"}
    assert [(d["id"], d["name"], d["count"]) for d in head["divisions"]] == [
        ("sec-docs", "文書科", 3)
    ]
    assert head["own_count"] == 1


def test_search_filter_choices_are_depth_first_and_include_their_divisions():
    options = agency_options(KNOWN, {"sec", "sec-archive", "finance"}, "zh-TW")
    assert [(o["id"], o["includes"]) for o in options] == [
        ("city", ["finance", "sec", "sec-archive"]),
        ("finance", ["finance"]),
        ("sec", ["sec", "sec-archive"]),
        ("sec-docs", ["sec-archive"]),
        ("sec-archive", ["sec-archive"]),
    ]
