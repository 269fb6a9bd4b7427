"""Files as staff really save them: encodings, BOM, CRLF, blank lines, quoting, empty files."""

from __future__ import annotations

from validation_support import found

from generator.data.validate import validate_project
from generator.messages import message

AGENCIES, GIFTS = "datasets/agencies.csv", "datasets/gifts.csv"


def text_of(project, resource: str) -> str:
    return project.csv_path(resource).read_text("utf-8")


def test_big5_file(mini_project):
    path = mini_project.csv_path("agencies")
    path.write_bytes(text_of(mini_project, "agencies").encode("cp950"))
    assert found(mini_project) == {(AGENCIES, 2, "", "file-big5")}
    (problem,) = validate_project(mini_project.root)[1]
    assert "Big5 (CP950)" in message(problem, "en") and "gazette import" in message(problem, "en")
    assert "示範市政府" in message(problem, "zh-TW")  # the decoded sample shows what it is


def test_big5_hkscs_file(mini_project):
    # 㗎 exists only in Big5-HKSCS, so CP950 cannot decode this file.
    path = mini_project.csv_path("agencies")
    path.write_bytes((text_of(mini_project, "agencies") + "hk,香港㗎,,,\n").encode("big5hkscs"))
    assert found(mini_project) == {(AGENCIES, 2, "", "file-big5")}


def test_latin1_file_is_not_called_big5(mini_project):
    path = mini_project.csv_path("agencies")
    path.write_bytes(b"agency_id,name_zh,name_en,parent_id,website\ncity,Caf\xe9,,,\n")
    assert found(mini_project) == {(AGENCIES, 2, "", "file-not-utf8")}


def test_bom_is_refused_but_the_rest_is_still_checked(mini_project):
    path = mini_project.csv_path("gifts")
    text = text_of(mini_project, "gifts").replace("G2024-0003", "G2024-3")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert found(mini_project) == {(GIFTS, 1, "", "file-bom"), (GIFTS, 4, "gift_id", "pattern")}


def test_crlf_line_endings_are_accepted(mini_project):
    path = mini_project.csv_path("gifts")
    path.write_bytes(text_of(mini_project, "gifts").replace("\n", "\r\n").encode("utf-8"))
    assert found(mini_project) == set()


def test_blank_lines_are_accepted_and_counted(mini_project):
    path = mini_project.csv_path("gifts")
    lines = text_of(mini_project, "gifts").splitlines(keepends=True)
    lines.insert(2, "\n")
    lines.insert(2, "\r\n")
    path.write_text("".join(lines).replace("G2024-0003", "G2024-3"), "utf-8", newline="")
    assert found(mini_project) == {(GIFTS, 6, "gift_id", "pattern")}


def test_multiline_cell_keeps_later_line_numbers_right(mini_project):
    mini_project.set_cell("gifts", 2, "occasion_en", "Sister city\nvisit,\nsecond day")
    mini_project.set_cell("gifts", 6, "gift_id", "G2024-3")  # the last record now starts on 6
    assert found(mini_project) == {(GIFTS, 6, "gift_id", "pattern")}


def test_empty_file(mini_project):
    mini_project.csv_path("gifts").write_bytes(b"")
    assert found(mini_project) == {(GIFTS, None, "", "file-empty")}


def test_file_of_blank_lines_is_empty(mini_project):
    mini_project.csv_path("gifts").write_bytes(b"\n\n")
    assert found(mini_project) == {(GIFTS, None, "", "file-empty")}


def test_header_only_file(mini_project):
    path = mini_project.csv_path("gifts")
    path.write_text(text_of(mini_project, "gifts").splitlines()[0] + "\n", "utf-8")
    assert found(mini_project) == {(GIFTS, 1, "", "file-no-rows")}


def test_missing_file(mini_project):
    mini_project.csv_path("gifts").unlink()
    assert found(mini_project) == {(GIFTS, None, "", "file-missing")}


def test_binary_garbage(mini_project):
    mini_project.csv_path("gifts").write_bytes(bytes(range(256)) * 4)
    assert found(mini_project) == {(GIFTS, 1, "", "file-binary")}


def test_control_characters_without_nul(mini_project):
    mini_project.csv_path("gifts").write_bytes(bytes(range(1, 32)) * 20)
    assert {code for *_, code in found(mini_project)} == {"file-binary"}


def test_workbook_renamed_to_csv(mini_project):
    mini_project.csv_path("gifts").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert found(mini_project) == {(GIFTS, None, "", "file-spreadsheet")}


def test_unclosed_quote_is_reported_where_it_opens(mini_project):
    path = mini_project.csv_path("agencies")
    text = text_of(mini_project, "agencies").replace("secretariat,示範", 'secretariat,"示範')
    path.write_text(text, "utf-8")
    assert found(mini_project) == {(AGENCIES, 3, "", "csv-unclosed-quote")}


def test_stray_quote_after_a_quoted_cell(mini_project):
    path = mini_project.csv_path("agencies")
    text = text_of(mini_project, "agencies").replace("city,示範市政府", 'city,"示範"市政府')
    path.write_text(text, "utf-8")
    assert found(mini_project) == {(AGENCIES, 2, "", "csv-malformed")}


def test_unreadable_file_does_not_flood_foreign_keys(mini_project):
    # Agencies cannot be read: the other files' agency references are not checked against nothing.
    mini_project.csv_path("agencies").write_bytes(b"\x00\x01")
    assert found(mini_project) == {(AGENCIES, 1, "", "file-binary")}


def test_utf16_export_is_not_utf8(mini_project):
    path = mini_project.csv_path("gifts")
    path.write_bytes(text_of(mini_project, "gifts").encode("utf-16"))
    assert found(mini_project) == {(GIFTS, 1, "", "file-not-utf8")}
