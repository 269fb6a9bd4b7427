"""Formula and invisible-character safety in every text field, and in the CSV writer.

Line numbers refer to tests/mini/datasets/*.csv (header = line 1).
"""

from __future__ import annotations

import unicodedata

import pytest
from validation_support import found, validate_project
from validation_support import only as problem

from generator.data.textsafety import invisible_character, looks_like_formula
from generator.errors import DataInvalid
from generator.messages import format_json, format_text, visible
from generator.portal.downloads import csv_bytes

ISSUES, ENTRIES = "datasets/gazette_issues.csv", "datasets/gazette_entries.csv"
AGENCIES, GIFTS = "datasets/agencies.csv", "datasets/gifts.csv"

FORMULAS = {
    "doc number matching its pattern": ("gazette_entries", 2, "doc_number", "=1+2字第1150041613號"),
    "full-width equals in a title": ("gazette_entries", 2, "title_zh", '＝HYPERLINK("x")'),
    "full-width at sign": ("gazette_entries", 2, "title_zh", "＠SUM(A1)"),
    "full-width plus": ("gifts", 2, "occasion_zh", "＋1"),
    "full-width minus": ("gifts", 2, "occasion_zh", "－1"),
    "zero-width space before =": ("gazette_entries", 2, "title_en", "\u200b=1+2"),
    "ideographic space before =": ("gifts", 2, "occasion_zh", "\u3000=1+2"),
    "minus in a pattern-free name": ("agencies", 2, "name_zh", "-2+3"),
}


@pytest.mark.parametrize("edit", FORMULAS.values(), ids=FORMULAS.keys())
def test_a_formula_is_refused_in_every_text_field(mini_project, edit):
    resource, line, field, value = edit
    mini_project.set_cell(resource, line, field, value)
    path = f"datasets/{mini_project.csv_path(resource).name}"
    assert (path, line, field, "formula-injection") in found(mini_project)


INVISIBLE = {
    "right-to-left override in a doc number": (
        "gazette_entries", 2, "doc_number", "府秘文字第\u202e1130000123號", "U+202E"),
    "zero-width space in a title": (
        "gazette_issues", 2, "title_zh", "市政府\u200b公報113年第1期", "U+200B"),
    "bidi isolate in an English title": (
        "gazette_entries", 2, "title_en", "Office \u2066hours\u2069", "U+2066"),
    "left-to-right mark in an agency name": ("agencies", 3, "name_en", "City\u200e Hall", "U+200E"),
    "bell in a title (invalid in XML feeds)": (
        "gazette_entries", 2, "title_zh", "臺南市\x07公告", "U+0007"),
    "line separator in a gift's occasion": ("gifts", 2, "occasion_zh", "接待\u2028外賓", "U+2028"),
    "C1 control in an English title": (
        "gazette_entries", 2, "title_en", "Notice\x85of hours", "U+0085"),
}  # fmt: skip


@pytest.mark.parametrize("edit", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_is_refused_naming_its_code_point(mini_project, edit):
    resource, line, field, value, point = edit
    mini_project.set_cell(resource, line, field, value)
    path = f"datasets/{mini_project.csv_path(resource).name}"
    assert (path, line, field, "invisible-character") in found(mini_project)
    refused = problem(mini_project, "invisible-character")
    assert refused.values["codepoint"] == point
    for lang in ("zh-TW", "en"):
        assert point in format_text(refused, lang)


HIDDEN = {"Cc", "Cf", "Zl", "Zp"}


@pytest.mark.parametrize(
    "edit",
    [*INVISIBLE.values(), ("gifts", 2, "date", "\u202e2024-03-05", ""),
     ("gazette_entries", 2, "title_zh", "第一行\n\u2028第二行\x07", "")],
    ids=[*INVISIBLE.keys(), "override before a gift's date", "line breaks and a bell"],
)  # fmt: skip
def test_no_message_echoes_an_invisible_character(mini_project, edit):
    # A quoted cell that still held U+202E would reorder the very line that reports it.
    resource, line, field, value, _ = edit
    mini_project.set_cell(resource, line, field, value)
    problems = validate_project(mini_project.root)[1]
    assert problems
    for lang in ("zh-TW", "en"):
        for text in [format_text(p, lang) for p in problems] + [format_json(problems, lang)]:
            shown = text.replace("\n", "") if text.startswith("[") else text
            assert not {unicodedata.category(c) for c in shown} & HIDDEN, text
    if field == "date":  # the date message quotes the cell: the override shows as text
        assert any("「\\u202e2024-03-05」" in format_text(p) for p in problems)


def test_visible_keeps_ordinary_text_and_escapes_the_rest():
    assert visible("臺南市　政府 公報") == "臺南市　政府 公報"  # ideographic space stays
    assert visible("a\u202eb\u200bc\td\U000e0001") == "a\\u202eb\\u200bc\\td\\U000e0001"


def test_an_entry_id_with_an_invisible_character_is_refused(mini_project):
    mini_project.set_cell("gazette_entries", 2, "corrects", "113-01-\u2060001")
    assert (ENTRIES, 2, "corrects", "invisible-character") in found(mini_project)


@pytest.mark.parametrize(
    "text", ["=1", "+1", "-1", "@x", "＝1", "＋1", "－1", "＠x", " \t=1", "\u202e=1", "\ufeff@x"]
)
def test_formula_starts(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["", "a=1", "府秘文字第1號", "1-2", "（＝）", "\u200ba"])
def test_ordinary_text_is_no_formula(text):
    assert not looks_like_formula(text)


def test_invisible_character_names_the_first_one():
    assert invisible_character("ab\u200b\u202e") == "U+200B"
    assert invisible_character("一般文字 plain") is None


def test_the_csv_writer_refuses_a_formula_cell():
    resource = {"name": "gifts", "schema": {"fields": [{"name": "a"}, {"name": "b"}]}}
    assert csv_bytes(resource, [{"a": "x", "b": 1}]).endswith(b"x,1\r\n")
    with pytest.raises(DataInvalid) as refused:
        csv_bytes(resource, [{"a": "ok", "b": 1}, {"a": "\u200b＝cmd|' /C calc'!A0", "b": 2}])
    (only,) = refused.value.problems
    assert only.code == "download-formula-refused" and only.field == "a"
