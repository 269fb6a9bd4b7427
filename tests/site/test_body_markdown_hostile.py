"""Hostile entry bodies: deep nesting is a validation error at its file and line, never a
crash; unbalanced brackets and emphasis runs render as text (timings: bench/markdown_bodies.py)."""

from __future__ import annotations

import re

from validation_support import found
from validation_support import only as problem

from generator.markup.escape import body_html
from generator.markup.markdown_limits import MAX_BODY_NESTING, line_depth, too_deep

DEEP_LIST = "前言\n\n" + "".join("  " * i + f"- 第{i}層\n" for i in range(500))


def _body_path(project) -> str:
    return project.read_rows("gazette_entries")[0]["body_zh"]


def test_a_500_deep_list_is_reported_at_its_file_and_line(mini_project, run_cli) -> None:
    body = _body_path(mini_project)
    mini_project.write_text(f"datasets/{body}", DEEP_LIST)
    line = 3 + MAX_BODY_NESTING  # "前言", blank, then one list level per line
    assert found(mini_project) == {(f"datasets/{body}", line, "body_zh", "body-too-deep")}
    refused = problem(mini_project, "body-too-deep")
    assert refused.values["depth"] == MAX_BODY_NESTING + 1
    site = mini_project.root.parent / "site"
    code, _, err = run_cli("build", "--root", mini_project.root, "--site-dir", site,
                           "--as-of", "2026-11-25", "--quiet")  # fmt: skip
    assert code == 1, err
    assert f"datasets/{body}:{line}:body_zh:" in err
    assert not (mini_project.root.parent / "site").exists()


def test_nesting_on_one_line_and_in_quotes_counts_too() -> None:
    assert too_deep("- " * 100 + "x\n") == (1, line_depth("- " * 100 + "x"))
    assert too_deep("ok\n" + ">" * 100 + " x\n")[0] == 2
    assert too_deep("\t" * 40 + "- x\n") is not None  # tabs are four columns
    assert too_deep("- a\n  - b\n    > c\n" + " " * 200 + "indented text\n") is None


def test_a_500_deep_list_renders_without_crashing() -> None:
    html = str(body_html(DEEP_LIST))  # the renderer's own limit, should validation miss it
    assert "第0層" in html and html.count("<ul>") <= 100


def test_8k_unbalanced_brackets_render_as_the_brackets_typed() -> None:
    html = str(body_html("[" * 8000 + "x"))
    assert html == "<p>" + "[" * 8000 + "x</p>\n"


def test_unbalanced_brackets_with_link_ends_stay_text() -> None:
    source = "[a](" * 3000 + " [x](https://e.tw/)"
    html = str(body_html(source))
    assert html.count("<a ") == 1 and html.count("[a](") == 3000


def test_emphasis_runs_render_balanced() -> None:
    html = str(body_html("*a **b " * 2000))
    assert html.count("<em>") == html.count("</em>")
    assert html.count("<strong>") == html.count("</strong>")
    assert len(re.sub(r"<[^>]+>", "", html)) >= 2000 * len("a b ")


def test_a_long_table_keeps_every_row() -> None:
    rows = "".join(f"| {i} | 值{i} |\n" for i in range(5000))
    html = str(body_html("| 序 | 值 |\n| --- | --- |\n" + rows))
    assert html.count("<tr>") == 5001 and "值4999" in html


def test_bodies_keep_tables_footnotes_and_definition_lists() -> None:
    html = str(body_html("| a |\n|---|\n| 1 |\n\n註[^1]\n\n[^1]: 說明\n\n術語\n:   定義\n"))
    assert "<table>" in html and "<td>1</td>" in html
    assert "說明" in html and "<sup>" in html
    assert "<dt>術語</dt>" in html and "<dd>定義</dd>" in html
