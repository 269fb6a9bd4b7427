"""`gazette validate` as a clerk runs it: exit status, text and JSON reports, both languages."""

from __future__ import annotations

import json

import yaml

from generator.messages import catalogue


def test_shipped_sample_validates(run_cli, repo_root):
    code, out, err = run_cli("validate", "--root", repo_root)
    assert (code, err) == (0, "")
    assert out.startswith("驗證通過：6 個資料表共 ") and len(out.splitlines()) == 1
    assert run_cli("validate", "--root", repo_root, "--quiet") == (0, "", "")
    code, out, _ = run_cli("validate", "--root", repo_root, "--lang", "en")
    assert out.startswith("Validation passed: 6 resources, ") and out.endswith("rows, no errors.\n")


def test_valid_project_prints_empty_json_list(run_cli, mini_project):
    code, out, _ = run_cli("validate", "--root", mini_project.root, "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_every_problem_in_one_run_sorted(run_cli, mini_project):
    mini_project.set_cell("procurement_prices", 3, "quotes", "0")
    mini_project.set_cell("agencies", 2, "name_zh", "")
    mini_project.set_cell("procurement_prices", 2, "quotes", "多")
    code, out, err = run_cli("validate", "--root", mini_project.root, "--lang", "en")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        "datasets/agencies.csv:2:name_zh",
        "datasets/procurement_prices.csv:2:quotes",
        "datasets/procurement_prices.csv:3:quotes",
    ]
    assert lines[0].endswith("Name (Chinese) is required but empty on this row; fill it in.")


def test_json_report_keys_and_languages(run_cli, mini_project):
    mini_project.set_cell("gifts", 2, "date", "113/03/05")
    for lang, words in (("zh-TW", "民國日期"), ("en", "ROC date")):
        code, out, _ = run_cli(
            "validate", "--root", mini_project.root, "--format", "json", "--lang", lang
        )
        (row,) = json.loads(out)
        assert code == 1
        assert set(row) == {"path", "line", "field", "code", "message"}
        assert (row["path"], row["line"], row["field"], row["code"]) == (
            "datasets/gifts.csv", 2, "date", "roc-date",
        )  # fmt: skip
        assert words in row["message"] and "2024-03-05" in row["message"]


def test_missing_root_is_a_usage_error(run_cli, tmp_path):
    code, _, err = run_cli("validate", "--root", tmp_path / "nowhere")
    assert code == 2 and "nowhere" in err


def test_descriptor_frictionless_rejects_is_a_config_error(run_cli, mini_project):
    path = mini_project.root / "datasets/datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text("utf-8"))
    descriptor["resources"][1]["schema"]["primaryKey"] = ["no_such_field"]
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), "utf-8")
    code, _, err = run_cli("validate", "--root", mini_project.root, "--lang", "en")
    assert code == 2 and "primary key" in err


def test_descriptor_with_a_broken_pattern_is_a_config_error(run_cli, mini_project):
    path = mini_project.root / "datasets/datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text("utf-8"))
    descriptor["resources"][0]["schema"]["fields"][0]["constraints"]["pattern"] = "[a-"
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), "utf-8")
    code, _, err = run_cli("validate", "--root", mini_project.root, "--lang", "en")
    assert code == 2 and "agencies.agency_id" in err


def test_bad_files_never_crash(run_cli, mini_project):
    mini_project.csv_path("gifts").write_bytes(bytes(range(256)))
    mini_project.csv_path("agencies").write_bytes("機關,名稱\n".encode("cp950"))
    code, out, err = run_cli("validate", "--root", mini_project.root)
    assert code == 1 and "Traceback" not in out + err and "internal error" not in err


VALIDATION_CODES = {
    "file-unreadable", "file-empty", "file-no-rows", "file-spreadsheet", "file-binary",
    "file-bom", "file-big5", "file-not-utf8", "csv-unclosed-quote", "csv-malformed",
    "header-duplicate-column", "header-blank-column", "header-renamed-column",
    "header-extra-column", "header-missing-column", "row-extra-cells", "row-missing-cells",
    "cell-whitespace", "cell-too-long", "type-integer", "type-number", "type-boolean",
    "type-date", "type-uri", "roc-date", "date-not-iso", "thousands-separator",
    "fullwidth-digits", "required", "enum", "pattern", "min-length", "max-length", "minimum",
    "maximum", "unique", "primary-key", "foreign-key", "formula-injection", "url-unsafe",
    "indicator-weights-sum", "objective-weights-over-100", "objective-inconsistent",
    "gift-total-mismatch", "price-out-of-range", "issue-number-gap", "issue-id-mismatch",
    "issue-volume-mismatch", "issue-date-off-schedule", "entry-id-mismatch",
    "entry-signed-after-issue", "body-missing", "body-not-utf8", "body-outside-datasets",
    "corrigendum-missing-corrects", "corrigendum-not-earlier", "corrects-not-corrigendum",
    "gift-outcome-missing", "gift-outcome-presented", "file-missing", "package-invalid",
}  # fmt: skip


def test_every_validation_code_has_both_languages():
    entries = catalogue()
    for code in VALIDATION_CODES:
        assert entries[code]["zh-TW"] and entries[code]["en"], code
        assert set(entries[code]["title"]) == {"zh-TW", "en"}, code
