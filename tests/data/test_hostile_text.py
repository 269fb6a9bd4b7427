"""Issue #22, text safety everywhere: formula look-alikes after NFKC, invisible characters
and lone carriage returns in cells and in entry bodies.

Line numbers refer to tests/mini/datasets/*.csv (header = line 1) and its body files.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from validation_support import found
from validation_support import only as problem

from generator.data.textsafety import FORMULA_SIGNS, first_invisible, looks_like_formula
from generator.messages import format_text

ENTRIES = "datasets/gazette_entries.csv"
BODY = "datasets/entries/113-01-001.zh.md"


def test_formula_signs_are_every_character_nfkc_makes_a_sign():
    computed = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.normalize("NFKC", chr(c))[:1] in "=+-@\u2212"
    }
    assert computed == set(FORMULA_SIGNS)


LOOK_ALIKES = {
    "small equals U+FE66": "﹦1+2",
    "minus sign U+2212": "\u22121+2",
    "small plus U+FE62": "﹢1",
    "small minus U+FE63": "﹣1",
    "superscript equals": "⁼1",
    "small at U+FE6B": "﹫SUM(A1)",
    "ideographic space then small equals": "\u3000﹦1",
}


@pytest.mark.parametrize("value", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_formula_look_alike_is_refused(mini_project, value):
    assert looks_like_formula(value)
    mini_project.set_cell("gazette_entries", 2, "title_zh", value)
    assert (ENTRIES, 2, "title_zh", "formula-injection") in found(mini_project)


@pytest.mark.parametrize("value", ["一﹦二", "1−2", "（﹢）", "—破折號開頭"])
def test_a_sign_inside_the_text_is_no_formula(value):
    assert not looks_like_formula(value)


BODY_CHARS = {
    "right-to-left override": ("\u202e", "\\u202e"),
    "zero-width space": ("\u200b", "\\u200b"),
    "bell": ("\x07", "\\u0007"),
    "escape": ("\x1b", "\\u001b"),
}


@pytest.mark.parametrize(("char", "escaped"), BODY_CHARS.values(), ids=BODY_CHARS.keys())
def test_an_invisible_character_in_a_body_is_refused_at_its_line(mini_project, char, escaped):
    mini_project.write_text(BODY, f"# 公告\n\n上班時間\n\n第四行{char}藏字\n")
    assert (BODY, 5, "body_zh", "body-invisible-character") in found(mini_project)
    refused = problem(mini_project, "body-invisible-character")
    for lang in ("zh-TW", "en"):
        text = format_text(refused, lang)
        assert text.startswith(f"{BODY}:5:body_zh: ")
        assert escaped in text and char not in text
        assert "113-01-001" in text


def test_a_body_with_crlf_line_breaks_is_fine_but_a_lone_cr_is_refused(mini_project):
    mini_project.write_text(BODY, "# 公告\r\n\r\n上班時間\r\n")
    assert not {f for f in found(mini_project) if f[0] == BODY}
    (mini_project.root / BODY).write_bytes("# 公告\n\n上班\r時間\n".encode())
    assert (BODY, 3, "body_zh", "body-lone-cr") in found(mini_project)
    assert "\\r" in format_text(problem(mini_project, "body-lone-cr"), "en")


def test_a_lone_cr_inside_a_quoted_cell_is_refused_not_split(mini_project):
    path = mini_project.csv_path("gazette_entries")
    text = path.read_text("utf-8")
    path.write_text(
        text.replace(",公告本府上班時間,", ',"公告本府\r上班時間",'), "utf-8", newline=""
    )
    found_now = found(mini_project)
    assert (ENTRIES, 2, "title_zh", "text-lone-cr") in found_now
    assert not {f for f in found_now if f[3] in ("row-missing-cells", "row-extra-cells")}


def test_a_lone_cr_in_an_imported_cell_becomes_a_line_break(mini_project, run_cli, tmp_path):
    rows = mini_project.read_rows("gifts")
    header = list(rows[0])
    new = dict(rows[0], gift_id="G2024-0099", occasion_zh="拜會\r座談")
    lines = [",".join(header), ",".join(f'"{new[h]}"' for h in header)]
    source = tmp_path / "gifts.csv"
    source.write_bytes(("\r".join(lines) + "\r").encode())  # a "CSV (Macintosh)" export
    code, out, err = run_cli("import", source, "--into", "gifts", "--root", mini_project.root)
    assert code == 0, out + err
    imported = [r for r in mini_project.read_rows("gifts") if r["gift_id"] == "G2024-0099"]
    assert [r["occasion_zh"] for r in imported] == ["拜會\n座談"]


def test_first_invisible_names_line_column_and_character():
    assert first_invisible("ab\ncd\u200be") == (2, 3, "\u200b")
    assert first_invisible("a\r\nb\rc") == (2, 2, "\r")
    assert first_invisible("\u202ea\x07") == (1, 1, "\u202e")
    assert first_invisible("平常的文字\r\n\tTab") is None
