"""The built site is valid HTML: the Nu HTML Checker finds no error on one page per template.

The checker wrapper is first proved on two tiny files (one valid, one with two errors), then
run once over the sample pages of both languages (`browser.templates.sample_pages`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import site_fixture
from browser.templates import sample_pages
from browser.vnu import ALLOWED, VnuError, allowed, vnu_errors

VALID = (
    '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>公報</title>'
    '</head><body><main><h1>公報</h1><img src="a.png" alt="圖"></main></body></html>'
)


@pytest.mark.slow  # starts the Java checker
def test_vnu_passes_a_valid_page_and_reports_errors_with_lines(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.html", tmp_path / "bad" / "index.html"
    bad.parent.mkdir()
    good.write_text(VALID, encoding="utf-8")
    bad.write_text(VALID.replace('alt="圖"', "").replace("</h1>", "</h1>\n<p><div></div></p>"))
    errors = vnu_errors([good, bad], tmp_path)
    assert [(e.path, e.line) for e in errors] == [("bad/index.html", 2), ("bad/index.html", 2)]
    assert any("alt" in e.message for e in errors)
    assert any("“p”" in e.message for e in errors)


def test_allow_list_lets_through_only_the_listed_markup() -> None:
    message, markup, _why = ALLOWED[0]
    assert allowed(VnuError("a.html", 1, message, f'<input {markup}drawer">'))
    assert not allowed(VnuError("a.html", 1, message, '<input type="radio" autocomplete="off">'))
    assert not allowed(VnuError("a.html", 1, "Stray end tag “div”.", markup))


def test_one_page_per_template_is_valid_html(built_site: Path) -> None:
    sample = sample_pages(built_site, site_fixture.REPO / "datasets")
    missing = sorted(f"{t}/{lang}" for (t, lang), path in sample.items() if path is None)
    assert not missing, f"templates without a page in the sample site: {missing}"
    files = sorted({built_site / path / "index.html" for path in sample.values()})
    files.append(built_site / "404.html")
    errors = [e for e in vnu_errors(files, built_site) if not allowed(e)]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(map(str, errors))
