"""`gazette import` end to end: staff files in, canonical CSV rows out, nothing changed on error.

Source files are generated here (Big5 bytes, BOMs, CRLF, XLSX through openpyxl) and imported
into `mini_project`, whose line numbers do not move when the shipped sample changes.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.models import Problem

GIFT_HEADER_ZH = [
    "登錄編號", "日期", "致贈或受贈", "場合", "對象", "對象國家",
    "禮品", "數量", "單價", "總價", "在地特色產品", "登錄機關",
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], encoding: str, newline: str = "\r\n") -> Path:
    """Write rows the way a spreadsheet exports them (quoted where needed) in `encoding`."""
    lines = [",".join(_quote(cell) for cell in row) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def _quote(cell: str) -> str:
    """Quote a cell holding a comma, quote or line break."""
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write a workbook with the given sheets, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def problems(stdout: str) -> list[tuple[str, int | None, str, str]]:
    """Project a JSON report onto (path, line, field, code)."""
    return [(p["path"], p["line"], p["field"], p["code"]) for p in json.loads(stdout)]


def gifts_text(project) -> str:
    """Return the canonical gifts file."""
    return project.csv_path("gifts").read_text("utf-8")


def test_big5_csv_with_chinese_headers_appends_canonical_rows(mini_project, run_cli, tmp_path):
    before = gifts_text(mini_project)
    source = write_csv(
        tmp_path / "餽贈.csv",
        [
            GIFT_HEADER_ZH,
            [
                "Ｇ２０２４－０００４",
                "民國113年3月8日",
                "受贈",
                "拜會",
                "林嫺女士",
                "",
                "紀念品",
                "１",
                "1,200",
                "NT$1,200",
                "否",
                "secretariat",
            ],
            [""] * 12,
            [
                "G2024-0005",
                "113.3.9",
                "致贈",
                "參訪\r\n交流",
                "某協會",
                "TW",
                "茶具",
                "3",
                "500元",
                "1，500",
                "是",
                "secretariat",
            ],
        ],  # fmt: skip
        "cp950",
    )
    code, out, err = run_cli("import", source, "--into", "gifts", "--root", mini_project.root)
    assert (code, err) == (0, "")
    assert "2" in out and "datasets/gifts.csv" in out
    assert gifts_text(mini_project) == before + (
        "G2024-0004,2024-03-08,受贈,拜會,,林嫺女士,,,紀念品,,1,1200,1200,false,,,secretariat\n"
        'G2024-0005,2024-03-09,致贈,"參訪\n交流",,某協會,,TW,茶具,,3,500,1500,true,,,secretariat\n'
    )
    assert run_cli("validate", "--root", mini_project.root)[0] == 0


def test_importing_the_same_file_twice_changes_nothing(mini_project, run_cli, tmp_path):
    source = write_csv(
        tmp_path / "gifts.csv",
        [GIFT_HEADER_ZH, ["G2024-0004", "113/03/08", "受贈", "拜會", "某人", "",
                          "紀念品", "1", "300", "300", "否", "secretariat"]],
        "utf-8-sig",
    )  # fmt: skip
    args = ("import", source, "--into", "gifts", "--root", mini_project.root, "--lang", "en")
    assert run_cli(*args)[0] == 0
    once = mini_project.csv_path("gifts").read_bytes()
    code, out, _ = run_cli(*args)
    assert code == 0 and "Nothing new" in out
    assert mini_project.csv_path("gifts").read_bytes() == once
    assert once.count(b"G2024-0004") == 1


def test_existing_rows_in_another_notation_count_as_present(mini_project, run_cli, tmp_path):
    before = gifts_text(mini_project)
    source = write_csv(
        tmp_path / "again.csv",
        [GIFT_HEADER_ZH + ["英文場合"],
         ["G2024-0001", "113年3月5日", "致贈", "姊妹市訪問", "友好城市", "JP",
          "茶葉禮盒", "２", "800", "1,600", "Y", "secretariat", "Sister city visit"]],
        "utf-8",
    )  # fmt: skip
    code, out, _ = run_cli("import", source, "--into", "gifts", "--root", mini_project.root)
    assert code == 0 and "1" in out
    assert gifts_text(mini_project) == before


def test_conflicting_row_is_refused_and_names_key_and_fields(mini_project, run_cli, tmp_path):
    before = mini_project.csv_path("gifts").read_bytes()
    source = write_csv(
        tmp_path / "conflict.csv",
        [GIFT_HEADER_ZH,
         ["G2024-0009", "2024-03-10", "致贈", "新的", "某人", "", "筆", "1", "100", "100",
          "否", "secretariat"],
         ["G2024-0002", "2024-03-06", "受贈", "外賓拜會", "訪問團", "US",
          "紀念盤", "1", "4,500", "4500", "否", "secretariat"]],
        "utf-8",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [(str(source), 3, "", "import-conflict")]
    message = json.loads(out)[0]["message"]
    assert "G2024-0002" in message and "單價" in message and "總價" in message
    assert "datasets/gifts.csv:3" in message
    assert mini_project.csv_path("gifts").read_bytes() == before


def test_duplicate_key_within_the_source_is_a_conflict(
    mini_project, run_cli, tmp_path, monkeypatch
):
    row = ["G2024-0004", "2024-03-08", "受贈", "拜會", "某人", "", "筆", "1", "100", "100",
           "否", "secretariat"]  # fmt: skip
    changed = row[:8] + ["90", "90"] + row[10:]
    write_csv(tmp_path / "dup.csv", [GIFT_HEADER_ZH, row, row, changed], "utf-8")
    # A short relative name: a message cuts values past 80 characters, and the temp
    # folder's length depends on the runner (pytest-xdist adds a level).
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(
        "import", "dup.csv", "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [("dup.csv", 4, "", "import-conflict")]
    assert "dup.csv:2" in json.loads(out)[0]["message"]


def test_invalid_rows_are_reported_against_the_source_line(mini_project, run_cli, tmp_path):
    before = mini_project.csv_path("gifts").read_bytes()
    source = write_csv(
        tmp_path / "bad.csv",
        [GIFT_HEADER_ZH,
         ["G2024-0004", "2024-03-08", "受贈", "拜會", "某人", "", "筆", "1", "100", "100",
          "否", "secretariat"],
         ["G24-5", "2024-03-09", "收到", "拜會", "某人", "", "筆", "1", "100", "100",
          "否", "nobody"],
         ["G2024-0006", "113/02/30", "致贈", "拜會", "某人", "", "筆", "一個", "100", "100",
          "也許", "secretariat"]],
        "utf-8",
        newline="\n",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    found = {(path, line, field) for path, line, field, _ in problems(out)}
    assert {
        (str(source), 3, "登錄編號"),
        (str(source), 3, "致贈或受贈"),
        (str(source), 3, "登錄機關"),
    } <= found
    codes = {(line, field, c) for path, line, field, c in problems(out) if line == 4}
    assert codes == {
        (4, "日期", "import-bad-date"),
        (4, "數量", "import-bad-number"),
        (4, "在地特色產品", "import-bad-boolean"),
    }
    assert all(line != 2 for _, line, _, _ in problems(out))
    assert mini_project.csv_path("gifts").read_bytes() == before


def test_wrong_total_is_reported_against_the_source_line(mini_project, run_cli, tmp_path):
    before = mini_project.csv_path("gifts").read_bytes()
    source = write_csv(
        tmp_path / "total.csv",
        [GIFT_HEADER_ZH,
         ["G2024-0004", "2024-03-08", "受贈", "拜會", "某人", "", "筆", "3", "100", "300",
          "否", "secretariat"],
         ["G2024-0005", "2024-03-08", "受贈", "拜會", "某人", "", "筆", "3", "100", "400",
          "否", "secretariat"]],
        "utf-8",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [(str(source), 3, "總價", "gift-total-mismatch")]
    assert mini_project.csv_path("gifts").read_bytes() == before


def _with_row_rule(real):
    """Wrap validate_project with a row-level rule that flags every appended 'G2024-0005'.

    The rule reports a real catalogue code: an unknown one is a bug (exit 3), not a problem.
    """

    def validate(root: Path):
        dataset, found = real(root)
        rel = "datasets/gifts.csv"
        for line, raw in enumerate((root / rel).read_text("utf-8").splitlines(), start=1):
            if raw.startswith("G2024-0005,"):
                found.append(Problem.at(rel, line, "", "gift-outcome-missing"))
        return (None, found) if found else (dataset, found)

    return validate


def test_row_level_problems_move_to_the_source_line_after_multiline_cells(
    mini_project, run_cli, tmp_path, monkeypatch
):
    import generator.gazette.importer  # the import validates its copy with this name

    real = generator.gazette.importer.validate_project
    monkeypatch.setattr(generator.gazette.importer, "validate_project", _with_row_rule(real))
    source = write_csv(
        tmp_path / "rows.csv",
        [GIFT_HEADER_ZH,
         ["G2024-0004", "2024-03-08", "受贈", "第一行\r\n第二行\r\n第三行", "某人", "", "筆",
          "1", "100", "100", "否", "secretariat"],
         ["G2024-0005", "2024-03-08", "受贈", "拜會", "某人", "", "筆", "1", "100", "100",
          "否", "secretariat"]],
        "utf-8",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [(str(source), 5, "", "gift-outcome-missing")]


def test_xlsx_with_title_row_dates_formulas_and_english_headers(mini_project, run_cli, tmp_path):
    before = mini_project.csv_path("procurement_prices").read_text("utf-8")
    header = ["Item ID", "Name (Chinese)", "Category", "Specification", "Unit",
              "Reference price (TWD)", "Observed minimum (TWD)", "Observed maximum (TWD)",
              "Number of quotes", "Survey date", "Source", "Region",
              "Surveying agency"]  # fmt: skip
    source = write_xlsx(
        tmp_path / "prices.xlsx",
        {
            "說明": [["本檔由秘書處匯出"]],
            "小額採購參考價格": [
                ["113年第2季小額採購參考價格"],
                header,
                ["OF-0002", "原子筆（嫺熟款）", "辦公用品", "0.5mm 藍色", "支", 12.5, 10, 15.0,
                 3, dt.datetime(2024, 6, 1), "市場訪價", "本市", "secretariat"],
                [None] * 13,
                ["IT-0003", "隨身碟", "資訊耗材", "64GB", "個", "NT$350", "300", "1,400",
                 "5", "113/06/01", "歷年決標", "全國", "secretariat"],
            ],
        },
    )  # fmt: skip
    code, _, err = run_cli(
        "import", source, "--into", "procurement_prices", "--root", mini_project.root
    )
    assert (code, err) == (0, "")
    assert mini_project.csv_path("procurement_prices").read_text("utf-8") == before + (
        "OF-0002,原子筆（嫺熟款）,,辦公用品,0.5mm 藍色,支,12.5,10,15,3,2024-06-01,"
        "市場訪價,本市,secretariat\n"
        "IT-0003,隨身碟,,資訊耗材,64GB,個,350,300,1400,5,2024-06-01,歷年決標,全國,secretariat\n"
    )


def _gift_sheet(total: object) -> list[list[object]]:
    """Return a gift sheet whose total cell is `total` (a value or a formula)."""
    return [
        GIFT_HEADER_ZH,
        ["G2024-0004", dt.date(2024, 3, 8), "受贈", "拜會", "某人", None, "筆", 2, 150, total,
         False, "secretariat"],
    ]  # fmt: skip


def test_xlsx_formula_without_cached_value_is_a_problem(mini_project, run_cli, tmp_path):
    before = mini_project.csv_path("gifts").read_bytes()
    source = write_xlsx(tmp_path / "formula.xlsx", {"Sheet1": _gift_sheet("=H2*I2")})
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [(str(source), 2, "總價", "import-formula-no-value")]
    assert mini_project.csv_path("gifts").read_bytes() == before


def test_xlsx_formula_takes_its_cached_value(mini_project, run_cli, tmp_path):
    source = write_xlsx(tmp_path / "cached.xlsx", {"Sheet1": _gift_sheet("=H2*I2")})
    _store_cached_value(source, "300")
    code, _, err = run_cli("import", source, "--into", "gifts", "--root", mini_project.root)
    assert (code, err) == (0, "")
    assert gifts_text(mini_project).endswith(
        "G2024-0004,2024-03-08,受贈,拜會,,某人,,,筆,,2,150,300,false,,,secretariat\n"
    )


def _store_cached_value(path: Path, value: str) -> None:
    """Write the value Excel would have cached for the workbook's only formula."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    empty = [v for v in (b"<v />", b"<v/>", b"<v></v>") if v in parts[sheet]]  # lxml: <v></v>
    assert len(empty) == 1
    parts[sheet] = parts[sheet].replace(empty[0], f"<v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_big5_hkscs_characters_fall_back_from_cp950(mini_project, run_cli, tmp_path):
    source = write_csv(
        tmp_path / "hk.csv",
        [GIFT_HEADER_ZH, ["G2024-0004", "113/03/08", "受贈", "拜會", "陳堃先生", "",
                          "筆", "1", "100", "100", "否", "secretariat"]],
        "big5hkscs",
    )  # fmt: skip
    assert run_cli("import", source, "--into", "gifts", "--root", mini_project.root)[0] == 0
    assert "陳堃先生" in gifts_text(mini_project)


def test_unknown_and_missing_columns_are_reported_with_a_suggestion(
    mini_project, run_cli, tmp_path
):
    header = [h for h in GIFT_HEADER_ZH if h != "禮品"] + ["單 價格"]
    header[header.index("單價")] = "Unit value (twd)"
    source = write_csv(tmp_path / "cols.csv", [header, ["x"] * len(header)], "utf-8")
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root,
        "--format", "json", "--lang", "en",
    )  # fmt: skip
    assert code == 1
    assert problems(out) == [
        (str(source), 1, "", "import-column-missing"),
        (str(source), 1, "單 價格", "import-column-ignored"),  # a warning without --strict
    ]
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root,
        "--format", "json", "--lang", "en", "--strict",
    )  # fmt: skip
    assert code == 1
    assert problems(out) == [
        (str(source), 1, "", "import-column-missing"),
        (str(source), 1, "單 價格", "import-unknown-column"),
    ]
    messages = [p["message"] for p in json.loads(out)]
    assert "禮品 (item_zh)" in messages[0]
    assert "unit_value" in messages[1]


def test_gazette_entries_need_their_body_files(mini_project, run_cli, tmp_path):
    header = [
        "事項編號",
        "期別代碼",
        "類別",
        "發文機關",
        "發文字號",
        "發文日期",
        "主旨",
        "中文全文檔",
    ]
    mini_project.write_text("datasets/entries/113-03-002.zh.md", "公告全文。\n")
    source = write_csv(
        tmp_path / "entries.csv",
        [header,
         ["113-03-002", "113-03", "公告", "secretariat", "府秘文字第１１３０００１０００號",
          "1130212", "公告事項", "entries/113-03-002.zh.md"],
         ["113-03-003", "113-03", "公告", "secretariat", "府秘文字第1130001001號",
          "1130212", "另一公告", "entries/../../../etc/passwd.md"]],
        "utf-8",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gazette_entries", "--root", mini_project.root,
        "--format", "json",
    )  # fmt: skip
    assert code == 1
    assert problems(out) == [(str(source), 3, "中文全文檔", "import-body-outside")]
    source.write_text(source.read_text("utf-8").splitlines()[0] + "\n" + source.read_text(
        "utf-8").splitlines()[1] + "\n", encoding="utf-8")  # fmt: skip
    assert run_cli("import", source, "--into", "gazette_entries",
                   "--root", mini_project.root)[0] == 0  # fmt: skip
    rows = mini_project.read_rows("gazette_entries")
    assert rows[-1]["doc_number"] == "府秘文字第1130001000號"
    assert rows[-1]["signed_date"] == "2024-02-12"


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--into", "gift"), "import-unknown-resource"), (("--into", "gifts"), None)],
)
def test_unknown_resource_and_missing_source_exit_2(mini_project, run_cli, tmp_path, args, code):
    source = tmp_path / ("gifts.csv" if code else "missing.csv")
    write_csv(tmp_path / "gifts.csv", [GIFT_HEADER_ZH], "utf-8")
    before = mini_project.csv_path("gifts").read_bytes()
    exit_code, out, _ = run_cli(
        "import", source, *args, "--root", mini_project.root, "--format", "json"
    )
    assert exit_code == 2
    assert problems(out)[0][3] == (code or "import-source-missing")
    assert mini_project.csv_path("gifts").read_bytes() == before


def test_failed_import_leaves_no_temporary_files(mini_project, run_cli, tmp_path):
    listing = sorted(p.name for p in (mini_project.root / "datasets").iterdir())
    source = write_csv(tmp_path / "bad.csv", [GIFT_HEADER_ZH, ["G1"] * 12], "utf-8")
    assert run_cli("import", source, "--into", "gifts", "--root", mini_project.root)[0] == 1
    assert sorted(p.name for p in (mini_project.root / "datasets").iterdir()) == listing


def test_undecodable_bytes_are_one_problem(mini_project, run_cli, tmp_path):
    source = tmp_path / "garbage.csv"
    source.write_bytes(b"\xff\xff\x81\x00\xfe" * 10)
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [(str(source), None, "", "import-encoding")]


def test_utf16_tab_export_and_renamed_workbook_are_read(mini_project, run_cli, tmp_path):
    row = ["G2024-0004", "113/03/08", "受贈", "拜會", "某人", "", "筆", "2", "50", "100",
           "否", "secretariat"]  # fmt: skip
    text = "\r\n".join("\t".join(cells) for cells in (GIFT_HEADER_ZH, row)) + "\r\n"
    unicode_text = tmp_path / "unicode.txt"
    unicode_text.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert run_cli("import", unicode_text, "--into", "gifts", "--root", mini_project.root)[0] == 0
    renamed = write_xlsx(tmp_path / "book.xlsx", {"Sheet": [GIFT_HEADER_ZH, row]})
    renamed = renamed.rename(tmp_path / "book.csv")
    code, out, _ = run_cli("import", renamed, "--into", "gifts", "--root", mini_project.root)
    assert code == 0 and "沒有新資料" in out
    assert gifts_text(mini_project).count("G2024-0004") == 1


def test_legacy_xls_is_a_usage_error(mini_project, run_cli, tmp_path):
    source = tmp_path / "old.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 2
    assert problems(out) == [(str(source), None, "", "import-format-unsupported")]


def test_fractional_quantity_is_not_rounded(mini_project, run_cli, tmp_path):
    source = write_xlsx(
        tmp_path / "frac.xlsx",
        {"公務餽贈登錄": [GIFT_HEADER_ZH, ["G2024-0004", "113/03/08", "受贈", "拜會", "某人",
                                          None, "筆", 1.5, 100, 150, "否", "secretariat"]]},
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 1
    assert problems(out) == [(str(source), 2, "數量", "import-not-integer")]


RESOURCES = [
    "agencies", "gazette_issues", "gazette_entries", "gifts", "procurement_prices",
    "plan_indicators",
]  # fmt: skip


@pytest.mark.parametrize("resource", RESOURCES)
def test_reimporting_the_shipped_sample_changes_nothing(tmp_project, run_cli, tmp_path, resource):
    canonical = tmp_project.csv_path(resource)
    before = canonical.read_bytes()
    source = tmp_path / f"{resource}.csv"
    source.write_bytes(b"\xef\xbb\xbf" + before.replace(b"\n", b"\r\n"))  # as Excel saves it
    code, out, err = run_cli("import", source, "--into", resource, "--root", tmp_project.root)
    assert (code, err) == (0, "")
    assert str(len(tmp_project.read_rows(resource))) in out
    assert canonical.read_bytes() == before


def test_xlsx_export_of_the_sample_with_chinese_headers_changes_nothing(
    tmp_project, run_cli, tmp_path
):
    import yaml

    descriptor = yaml.safe_load((tmp_project.root / "datasets/datapackage.yaml").read_text("utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == "gifts")["schema"]["fields"]
    typed = {
        "integer": int,
        "date": dt.date.fromisoformat,
        "boolean": {"true": "是", "false": "否"}.get,
    }
    rows = [[f["title"] for f in fields]]
    for record in tmp_project.read_rows("gifts"):
        rows.append(
            [typed.get(f["type"], str)(record[f["name"]]) if record[f["name"]] else None
             for f in fields]
        )  # fmt: skip
    source = write_xlsx(tmp_path / "export.xlsx", {"公務餽贈登錄": rows})
    before = tmp_project.csv_path("gifts").read_bytes()
    code, out, err = run_cli("import", source, "--into", "gifts", "--root", tmp_project.root)
    assert (code, err) == (0, "")
    assert tmp_project.csv_path("gifts").read_bytes() == before


def test_every_accepted_header_names_exactly_one_field(repo_root):
    import yaml

    from generator.data.normalise import header_key

    descriptor = yaml.safe_load((repo_root / "datasets/datapackage.yaml").read_text("utf-8"))
    clashes = []
    for resource in descriptor["resources"]:
        owner: dict[str, str] = {}
        for spec in resource["schema"]["fields"]:
            for label in {spec["name"], spec.get("title", ""), spec.get("title_en", "")} - {""}:
                if owner.setdefault(header_key(label), spec["name"]) != spec["name"]:
                    clashes.append((resource["name"], label))
    assert clashes == []


def test_utc_timestamp_is_imported_as_its_taipei_date_with_a_note(mini_project, run_cli, tmp_path):
    source = write_csv(
        tmp_path / "utc.csv",
        [GIFT_HEADER_ZH,
         ["G2024-0004", "2024-03-07T16:00:00.000Z", "受贈", "拜會", "某人", "", "筆", "1",
          "100", "100", "否", "secretariat"]],
        "utf-8",
        newline="\n",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--format", "json"
    )
    assert code == 0, out
    assert (str(source), 2, "日期", "import-date-taipei") in problems(out)
    assert "G2024-0004,2024-03-08," in gifts_text(mini_project)


def test_dry_run_prints_the_column_mapping_first(mini_project, run_cli, tmp_path):
    before = gifts_text(mini_project)
    source = write_csv(
        tmp_path / "gifts.csv",
        [GIFT_HEADER_ZH + ["備註"],
         ["G2024-0004", "2024-03-08", "受贈", "拜會", "某人", "", "筆", "1", "100", "100",
          "否", "secretariat", "內部用"]],
        "utf-8",
        newline="\n",
    )  # fmt: skip
    code, out, _ = run_cli(
        "import", source, "--into", "gifts", "--root", mini_project.root, "--dry-run",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    report = json.loads(out)
    mapped = [p for p in report if p["code"] == "import-column-mapped"]
    assert [(p["line"], p["field"]) for p in mapped][:2] == [(1, "登錄編號"), (1, "日期")]
    assert len(mapped) == len(GIFT_HEADER_ZH)
    assert report.index(mapped[0]) == 0  # before the verdict
    assert "2024-03-08" in mapped[1]["message"] and "date" in mapped[1]["message"]
    assert (str(source), 1, "備註", "import-column-ignored") in problems(out)
    assert report[-1]["code"] == "import-dry-run"
    assert gifts_text(mini_project) == before


def test_a_column_named_like_a_field_with_other_values_is_reported(mini_project, run_cli, tmp_path):
    before = mini_project.csv_path("gazette_issues").read_bytes()
    header = ["issue_id", "volume", "number", "publication_date", "title_zh", "publisher_id",
              "extra"]  # fmt: skip
    rows = [
        ["113-05", "113", "5", "2024-03-15", "第5期", "secretariat", "臨時會"],
        ["113-06", "113", "6", "2024-03-31", "第6期", "secretariat", "臨時會第2次"],
        ["113-07", "113", "7", "2024-04-15", "第7期", "secretariat", ""],
    ]
    source = write_csv(tmp_path / "ly.csv", [header, *rows], "utf-8", newline="\n")
    code, out, _ = run_cli(
        "import", source, "--into", "gazette_issues", "--root", mini_project.root,
        "--dry-run", "--format", "json",
    )  # fmt: skip
    assert code == 1
    found = problems(out)
    assert (str(source), 1, "extra", "import-column-misfit") in found
    assert not [p for p in found if p[3] == "import-bad-boolean"]  # one problem, not one a cell
    mapped = {
        p["field"]: p["message"] for p in json.loads(out) if p["code"] == "import-column-mapped"
    }
    assert "臨時會" in mapped["extra"]
    assert mini_project.csv_path("gazette_issues").read_bytes() == before
