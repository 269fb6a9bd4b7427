"""Render stage: date and money filters, the untranslated fallback, strictness, overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.labels import load_labels
from generator.markup.filters import en_date, fill, number, roc_date, twd
from generator.markup.templates import environment
from generator.models import Page
from generator.site.render import render_page

DAY = dt.date(2025, 1, 15)


def test_dates_read_the_way_each_language_writes_them() -> None:
    assert roc_date(DAY) == "114年1月15日"
    assert roc_date(DAY, prose=True) == "民國114年1月15日"
    assert en_date(DAY) == "2025-01-15"
    assert en_date(DAY, prose=True) == "15 January 2025"
    assert roc_date(None) == en_date(None) == ""


def test_amounts_have_thousands_separators() -> None:
    assert number(1234567) == "1,234,567"
    assert number(118.5) == "118.5"
    assert number(2100.0) == "2,100"
    assert twd(1600, "zh-TW") == "1,600 元"
    assert twd(1600, "en") == "NT$1,600"
    assert number(None) == twd(float("nan")) == ""


def _render(root: Path | None, source: str, lang: str, **context: object) -> str:
    """Render a one-off template string the way pages are rendered."""
    env = environment(root)
    labels = load_labels(root, lang)
    template = env.from_string(source)
    return template.render(lang=lang, labels=labels, page_path="x/index.md", **context)


def test_english_pages_mark_chinese_fallbacks_and_never_leave_a_blank() -> None:
    shown = _render(None, "{{ tr(zh, en) }}", "en", zh="公告<b>", en="")
    assert shown.startswith('<span lang="zh-Hant">公告&#60;b&#62;</span>')
    assert "not yet translated" in shown
    assert _render(None, "{{ tr(zh, en) }}", "en", zh="公告", en="Notice") == "Notice"
    assert _render(None, "{{ tr(zh, en) }}", "zh-TW", zh="公告", en="Notice") == "公告"


def test_a_misspelt_variable_fails_the_page_with_its_template_named(tmp_path: Path) -> None:
    (tmp_path / "overrides/templates").mkdir(parents=True)
    (tmp_path / "overrides/templates/home.md.j2").write_text("# {{ lates }}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        render_page(environment(tmp_path), Page("index.md", "home.md.j2", {}), {}, "t")
    problem = caught.value.problems[0]
    assert (problem.code, problem.values["template"]) == ("template-error", "home.md.j2")
    assert "lates" in problem.values["detail"]


def test_site_owners_override_labels_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides/labels.en.yaml").write_text("gazette:\n  crumb: Bulletin\n", "utf-8")
    labels = load_labels(tmp_path, "en")
    assert labels["gazette"]["crumb"] == "Bulletin"
    assert labels["gazette"]["title"] == load_labels(None, "en")["gazette"]["title"]


def test_a_counting_label_says_one_entry_and_two_entries() -> None:
    count = load_labels(None, "en")["reader"]["entry_count"]
    assert fill(count, n=1) == "1 entry"
    assert fill(count, n=2) == "2 entries"
    assert fill(count, n=0) == "0 entries"
    assert fill("{n} 則", n=1) == "1 則"  # a plain label counts the same for every n


def _counting_labels(tree: dict, where: str = "") -> list[tuple[str, dict]]:
    """Return every label of a catalogue written as a {one, other} mapping, with its key."""
    found = []
    for key, value in tree.items():
        if isinstance(value, dict) and "other" in value:
            found.append((f"{where}{key}", value))
        elif isinstance(value, dict):
            found += _counting_labels(value, f"{where}{key}.")
    return found


def test_every_counting_label_has_both_forms_with_the_same_placeholders() -> None:
    """`one` and `other` fill the same values, so a page never fails on the count of 1."""
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    counting = _counting_labels(load_labels(None, "en"))
    assert len(counting) >= 10
    for key, forms in counting:
        assert set(forms) == {"one", "other"}, key
        assert "n" in fields(forms["other"]), key
        assert fields(forms["one"]) <= fields(forms["other"]), key
