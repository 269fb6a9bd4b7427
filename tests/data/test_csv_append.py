"""Rows appended to a dataset CSV (issue 27): one routine for `new-issue` and `import`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_lifecycle_support import make_project

from generator.commands.new_issue import new_issue
from generator.data.csv_append import BOM, append_rows, appended, header_of, newline_of
from generator.errors import DataInvalid

WHERE = "datasets/t.csv"


def projection(error: DataInvalid) -> list[tuple[str, int | None, str, str]]:
    """Return the (path, line, field, code) of each problem."""
    return [(p.path, p.line, p.field, p.code) for p in error.problems]


def test_a_file_without_a_final_newline_gets_one_before_the_row() -> None:
    done = appended("a,b\n1,2", [["3", "4"]], WHERE)
    assert done.text == "a,b\n1,2\n3,4\n"
    assert done.lines == [3]


def test_a_crlf_file_stays_crlf() -> None:
    done = appended("a,b\r\n1,2\r\n", [["3", "4"], ["5", "6"]], WHERE)
    assert done.text == "a,b\r\n1,2\r\n3,4\r\n5,6\r\n"
    assert done.lines == [3, 4]


def test_a_crlf_file_without_a_final_newline_is_ended_in_crlf() -> None:
    assert appended("a,b\r\n1,2", [["3", "4"]], WHERE).text == "a,b\r\n1,2\r\n3,4\r\n"


def test_an_lf_file_with_crlf_inside_a_quoted_cell_stays_lf() -> None:
    # The file's style is its header line's ending, not any CRLF a cell happens to hold.
    text = 'a,b\n1,"x\r\ny"\n'
    assert appended(text, [["3", "4"]], WHERE).text == text + "3,4\n"
    assert newline_of(text) == "\n"


def test_a_bom_file_keeps_its_bom_and_its_header_reads_without_it(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    assert header_of(path.read_text(encoding="utf-8")) == ["a", "b"]
    done = append_rows(path, [["3", "4"]], WHERE)
    assert path.read_bytes() == b"\xef\xbb\xbfa,b\n1,2\n3,4\n"
    assert done.text.startswith(BOM) and done.lines == [3]


def test_cells_are_quoted_and_read_back_unchanged() -> None:
    row = ["逗號,在內", '引號"在內', "換行\n在內", " 前後空白 ", ""]
    done = appended("a,b,c,d,e\n", [row], WHERE)
    assert list(csv.reader(io.StringIO(done.text, newline="")))[1] == row
    assert done.lines == [2]


def test_an_empty_file_gets_the_header_first() -> None:
    assert appended("\n\n", [["1", "2"]], WHERE, header=["a", "b"]).text == "a,b\n1,2\n"


@pytest.mark.parametrize("row", [["1"], ["1", "2", "3"]])
def test_a_row_that_does_not_match_the_header_is_refused_and_nothing_written(
    tmp_path: Path, row: list[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(DataInvalid) as caught:
        append_rows(path, [["3", "4"], row], WHERE)
    assert projection(caught.value) == [(WHERE, None, "", "csv-append-columns")]
    assert caught.value.problems[0].values == {"found": len(row), "expected": 2}
    assert path.read_bytes() == b"a,b\n1,2\n"


def test_the_write_is_atomic_and_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n")
    path.chmod(0o640)
    append_rows(path, [["1", "2"]], WHERE)
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]  # no temporary left


def test_new_issue_keeps_a_crlf_file_crlf(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2)
    issues = root / "datasets" / "gazette_issues.csv"
    before = issues.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").rstrip(b"\r\n")
    issues.write_bytes(before)  # CRLF, and no final line ending
    new_issue(root)
    after = issues.read_bytes()
    assert after.startswith(before + b"\r\n")
    added = after[len(before) + 2 :]
    assert added.endswith(b"\r\n") and added.count(b"\n") == 1 and b"\r\r" not in added


def test_new_issue_keeps_a_bom(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2)
    issues = root / "datasets" / "gazette_issues.csv"
    before = b"\xef\xbb\xbf" + issues.read_bytes()
    issues.write_bytes(before)
    new_issue(root)
    after = issues.read_bytes()
    assert after.startswith(before) and after.count(b"\xef\xbb\xbf") == 1
    assert after[len(before) :].count(b"\n") == 1
