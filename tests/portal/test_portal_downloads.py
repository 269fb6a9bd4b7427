"""Downloads: CSV with BOM and CRLF, typed JSON, typed XLSX without formulas, entry texts."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from portal_support import tiny_context

from generator.errors import DataInvalid
from generator.portal import downloads


@pytest.fixture
def ctx(tmp_path):
    return tiny_context(tmp_path)


def test_csv_has_bom_crlf_and_keeps_cells_as_published(ctx):
    data = downloads.resource_downloads(ctx.dataset, "gifts")["csv"].content
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.count("\r\n") == 4 and "\n" not in text.replace("\r\n", "")
    assert text.splitlines()[0].startswith("gift_id,date,direction")
    assert ",1+1=2," in text  # cells as published


def test_csv_writer_refuses_a_formula_that_reached_it(ctx):
    # Validation refuses such cells; the writer refuses them again (defence in depth).
    rows = downloads.records(ctx.dataset, "gifts")
    rows[1]["item_zh"] = "=1+1"
    with pytest.raises(DataInvalid) as refused:
        downloads.csv_bytes(ctx.dataset.resource("gifts"), rows)
    assert [p.code for p in refused.value.problems] == ["download-formula-refused"]


def test_json_is_typed(ctx):
    rows = json.loads(downloads.resource_downloads(ctx.dataset, "gifts")["json"].content)
    first = rows[0]
    assert first["quantity"] == 2 and first["local_specialty"] is True
    assert first["date"] == "2025-03-02" and first["stakeholder"] is None
    prices = json.loads(
        downloads.resource_downloads(ctx.dataset, "procurement_prices")["json"].content
    )
    assert [p["reference_price"] for p in prices] == [125.5, 130, 2400]


def test_xlsx_cells_are_typed_and_never_formulas(ctx):
    rows = downloads.records(ctx.dataset, "gifts")
    rows[1]["item_zh"] = "=1+1"  # a formula-like text stays text in a workbook
    content = downloads.xlsx_bytes(ctx.dataset.resource("gifts"), rows)
    book = load_workbook(io.BytesIO(content))
    sheet = book["gifts"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "gift_id"  # field names head every format (docs/open-data.md)
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    formula_like = [c for c in cells if c.value == "=1+1"]
    assert len(formula_like) == 1 and formula_like[0].data_type == "s"
    assert sheet["B2"].is_date and sheet["B2"].value.date() == dt.date(2025, 3, 2)
    assert sheet["K2"].data_type == "n" and sheet["K2"].value == 2
    assert sheet["N2"].data_type == "b" and sheet["N2"].value is True
    fields = [row[0].value for row in book["fields"].iter_rows(min_row=2)]
    assert fields[:3] == ["gift_id", "date", "direction"]


def test_csv_and_xlsx_share_one_header_and_the_dictionary_has_both_titles(ctx):
    resource = ctx.dataset.resource("gifts")
    rows = downloads.records(ctx.dataset, "gifts")
    csv_header = downloads.csv_bytes(resource, rows).decode("utf-8-sig").split("\r\n")[0]
    book = load_workbook(io.BytesIO(downloads.xlsx_bytes(resource, rows)))
    xlsx_header = [c.value for c in next(book["gifts"].iter_rows(max_row=1))]
    json_keys = list(json.loads(downloads.json_bytes(rows))[0])
    names = [f["name"] for f in resource["schema"]["fields"]]
    assert csv_header.split(",") == xlsx_header == json_keys == names
    dictionary = {row[0].value: row for row in book["fields"].iter_rows(min_row=2)}
    assert (dictionary["total_value"][1].value, dictionary["total_value"][2].value) == (
        "總價",
        "Total value (TWD)",
    )


def test_xlsx_bytes_are_deterministic(ctx):
    resource = ctx.dataset.resource("gifts")
    rows = downloads.records(ctx.dataset, "gifts")
    first = downloads.xlsx_bytes(resource, rows)
    assert downloads.xlsx_bytes(resource, rows) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core and str(dt.date.today().year) not in core


def test_entry_texts_are_copied_byte_for_byte(ctx):
    downloads.write_downloads(ctx)
    source = ctx.root / "datasets/entries/115/115-01-001.zh.md"
    copied = ctx.out / "data/entries/115/115-01-001.zh.md"
    assert copied.read_bytes() == source.read_bytes()
    assert (ctx.out / "data/gazette_entries/115.xlsx").is_file()


def test_entry_text_outside_datasets_stops_the_build(tmp_path):
    ctx = tiny_context(tmp_path)
    frame = ctx.dataset.frames["gazette_entries"]
    frame.loc[0, "body_zh"] = "../../outside.md"
    (tmp_path / "outside.md").write_text("x", encoding="utf-8")
    with pytest.raises(DataInvalid) as caught:
        downloads.download_files(ctx)
    assert [(p.code, p.values["file"]) for p in caught.value.problems] == [
        ("portal-body-unusable", "../../outside.md")
    ]


def test_entry_text_linked_out_of_datasets_stops_the_build(tmp_path):
    ctx = tiny_context(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("x", encoding="utf-8")
    linked = ctx.root / "datasets" / "entries" / "linked.md"
    linked.symlink_to(secret)
    folder = ctx.root / "datasets" / "entries" / "away"
    folder.symlink_to(tmp_path, target_is_directory=True)
    frame = ctx.dataset.frames["gazette_entries"]
    frame.loc[0, "body_zh"] = "entries/linked.md"
    frame.loc[1, "body_zh"] = "entries/away/secret.md"
    with pytest.raises(DataInvalid) as caught:
        downloads.download_files(ctx)
    assert sorted(p.values["file"] for p in caught.value.problems) == [
        "entries/away/secret.md",
        "entries/linked.md",
    ]
