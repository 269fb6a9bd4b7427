"""Issue #22, decompression and size bombs: `gazette import` refuses a file over a limit
(exit 1, `import-limit`) before expanding it, and writes nothing.

The bombs are small here: a `limits:` section in the test project's gazette.yaml makes the
limits small, or the bomb is one that is refused from its zip directory or its repeats
before anything is expanded. `bench/import_bombs.py` makes the full-size ones.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from generator.config import load_config
from generator.limits import DEFAULT_LIMITS

GIFTS = "datasets/gifts.csv"
ROW = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'


def report(stdout: str) -> list[tuple[str, int | None, str, str, str]]:
    """Project a JSON report onto (path, line, field, code, limit key)."""
    return [
        (p["path"], p["line"], p["field"], p["code"], _key(p["message"]))
        for p in json.loads(stdout)
    ]


def _key(message: str) -> str:
    """Return the limit a message names (limits.KEY), or ''."""
    found = re.search(r"limits\.(\w+)", message)
    return found.group(1) if found else ""


def set_limits(project, **limits: int) -> None:
    """Give the project a gazette.yaml holding only a `limits:` section."""
    body = "".join(f"  {key}: {value}\n" for key, value in limits.items())
    project.write_text("gazette.yaml", "limits:\n" + body)


def run_import(run_cli, project, source: Path) -> tuple[int, str, float]:
    """Import `source` into gifts; return exit code, JSON report and seconds taken."""
    before = project.csv_path("gifts").read_bytes()
    start = time.monotonic()
    code, out, _ = run_cli("import", source, "--into", "gifts", "--root", project.root,
                           "--format", "json")  # fmt: skip
    took = time.monotonic() - start
    assert project.csv_path("gifts").read_bytes() == before  # nothing written
    return code, out, took


def xlsx_bomb(path: Path, rows: int) -> Path:
    """Write a workbook whose one sheet holds `rows` rows of one cell (deflated ~1000:1)."""
    book = openpyxl.Workbook()
    book.active.title = "gifts"
    book.save(path)
    with zipfile.ZipFile(path) as original:
        members = {name: original.read(name) for name in original.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                bomb.writestr(name, data)
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')  # fmt: skip
            chunk = ROW.encode() * 100  # rows without numbers: openpyxl counts them
            for _ in range(rows // 100):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="gifts">{rows}'
    "</table:table></office:spreadsheet></office:body></office:document-content>"
)


def ods_bomb(path: Path, rows: str) -> Path:
    """Write a minimal ODS whose content.xml holds `rows` (table:table-row elements)."""
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", ODS_CONTENT.format(rows=rows))
        ods.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )
    return path


FILLED = '<table:table-cell{attrs} office:value-type="string"><text:p>x</text:p></table:table-cell>'


CELL = FILLED.format(attrs="")
REPEATED = FILLED.format(attrs=' table:number-columns-repeated="{n}"')
ODS_BOMBS = {
    "a cell repeated 10^6 times": (
        "<table:table-row>" + REPEATED.format(n=1_000_000) + "</table:table-row>", "columns"),
    "a row repeated 10^8 times": (
        '<table:table-row table:number-rows-repeated="100000000">' + CELL
        + "</table:table-row>", "rows"),
    "empty cells before a filled one": (
        '<table:table-row><table:table-cell table:number-columns-repeated="250"/>' + CELL
        + "</table:table-row>", "columns"),
    "many rows of many columns": (
        '<table:table-row table:number-rows-repeated="900000">' + REPEATED.format(n=150)
        + "</table:table-row>", "cells"),
}  # fmt: skip


@pytest.mark.parametrize(("rows", "key"), ODS_BOMBS.values(), ids=ODS_BOMBS.keys())
def test_an_ods_whose_repeats_expand_past_a_limit_is_refused_before_pandas(
    mini_project, run_cli, tmp_path, rows, key
):
    source = ods_bomb(tmp_path / "bomb.ods", rows)
    assert source.stat().st_size < 2000
    code, out, took = run_import(run_cli, mini_project, source)
    assert code == 1
    assert [r[3:] for r in report(out)] == [("import-limit", key)]
    assert took < 10


def test_trailing_empty_repeats_of_a_real_ods_are_not_counted(mini_project, run_cli, tmp_path):
    # LibreOffice ends every sheet with empty cells repeated to column 1024 and empty rows
    # repeated to row 1048576: pandas does not expand them, nor may the limits count them.
    header = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
        for h in ("gift_id", "date")
    )
    rows = (
        f'<table:table-row>{header}<table:table-cell table:number-columns-repeated="1022"/>'
        '</table:table-row><table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    source = ods_bomb(tmp_path / "trailing.ods", rows)
    code, out, _ = run_import(run_cli, mini_project, source)
    assert "import-limit" not in [r[3] for r in report(out)]


def test_an_xlsx_expanding_past_its_limit_is_refused_from_the_zip_directory(
    mini_project, run_cli, tmp_path
):
    source = xlsx_bomb(tmp_path / "bomb.xlsx", rows=50_000)  # ~3 MB of XML in ~10 KB
    set_limits(mini_project, expanded_bytes=1_000_000)
    code, out, took = run_import(run_cli, mini_project, source)
    assert code == 1
    assert report(out) == [(str(source), None, "", "import-limit", "expanded_bytes")]
    assert took < 5


def test_an_xlsx_with_too_many_rows_stops_at_the_limit(mini_project, run_cli, tmp_path):
    source = xlsx_bomb(tmp_path / "rows.xlsx", rows=5_000)
    set_limits(mini_project, rows=100)
    code, out, _ = run_import(run_cli, mini_project, source)
    assert code == 1
    assert report(out) == [(str(source), 101, "", "import-limit", "rows")]


def test_a_csv_of_a_million_columns_is_refused_at_its_first_line(mini_project, run_cli, tmp_path):
    source = tmp_path / "wide.csv"
    source.write_text("a," * 1_000_000 + "a\n", encoding="utf-8")
    code, out, took = run_import(run_cli, mini_project, source)
    assert code == 1
    assert report(out) == [(str(source), 1, "", "import-limit", "columns")]
    assert took < 10


@pytest.mark.parametrize(
    ("limits", "text", "line", "key"),
    [({"csv_bytes": 1000}, "gift_id,date\n" + "G2024-0001,2024-03-05\n" * 100, None,
      "csv_bytes"),
     ({"rows": 5}, "gift_id,date\n" + "G2024-0001,2024-03-05\n" * 10, 6, "rows"),
     ({"cells": 9}, "gift_id,date\n" + "G2024-0001,2024-03-05\n" * 10, 5, "cells"),
     ({"cell_bytes": 100}, "gift_id,date\n" + "G" * 200 + ",2024-03-05\n", 2, "cell_bytes")],
    ids=["file size", "rows", "cells", "cell size"],
)  # fmt: skip
def test_a_csv_over_a_configured_limit_is_refused(
    mini_project, run_cli, tmp_path, limits, text, line, key
):
    source = tmp_path / "gifts.csv"
    source.write_text(text, encoding="utf-8")
    set_limits(mini_project, **limits)
    code, out, _ = run_import(run_cli, mini_project, source)
    assert code == 1
    assert report(out) == [(str(source), line, "", "import-limit", key)]


def test_limits_are_read_from_gazette_yaml(mini_project, run_cli):
    assert load_config(mini_project.root).limits == DEFAULT_LIMITS
    set_limits(mini_project, rows=2_000_000, body_bytes=5_000_000)
    limits = load_config(mini_project.root).limits
    assert (limits.rows, limits.body_bytes, limits.columns) == (2_000_000, 5_000_000, 200)
    for bad in ("rows: many", "rows: 0", "rows: true", "sheets: 3"):
        mini_project.write_text("gazette.yaml", f"limits:\n  {bad}\n")
        code, out, _ = run_cli("validate", "--root", mini_project.root, "--format", "json")
        assert code == 2
        field = "limits." + bad.split(":")[0]
        assert [(p["path"], p["line"], p["field"]) for p in json.loads(out)] == [
            ("gazette.yaml", 2, field)
        ]


def test_an_ordinary_ods_still_imports(mini_project, run_cli, tmp_path):
    rows = mini_project.read_rows("gifts")
    new = dict(rows[0], gift_id="G2024-0098")
    source = tmp_path / "gifts.ods"
    pd.DataFrame([new]).to_excel(source, engine="odf", index=False, sheet_name="gifts")
    code, out, err = run_cli("import", source, "--into", "gifts", "--root", mini_project.root)
    assert code == 0, out + err
    assert "G2024-0098" in [r["gift_id"] for r in mini_project.read_rows("gifts")]
