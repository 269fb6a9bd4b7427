"""A new PDF edition is read back before it is frozen: text lost or syntax shown refuses it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_lifecycle_support import make_project

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.errors import Refused
from generator.gazette import edition_check, editions, manifest
from generator.gazette.edition_check import Body
from generator.models import BuildContext

REPO = Path(__file__).resolve().parents[2]
# Frozen in the sample before bodies had CJK-friendly emphasis: it prints `**七、**`.
DEFECTIVE = "editions/114/02.pdf"
BODY = "entries/114/114-02-001.zh.md"


def _body(source: str | None = None) -> Body:
    text = source if source is not None else (REPO / "datasets" / BODY).read_text("utf-8")
    return Body(BODY, "114-02-001", text)


def _projection(found: list) -> list[tuple[str, int | None, str, str]]:
    return [(p.path, p.line, p.field, p.code) for p in found]


def test_an_edition_printing_asterisks_is_refused() -> None:
    data = (REPO / DEFECTIVE).read_bytes()
    found = edition_check.problems("114-02", DEFECTIVE, data, [_body()])
    assert _projection(found) == [
        ("datasets/entries/114/114-02-001.zh.md", 1, "body_zh", "edition-syntax-shown")
    ]
    assert found[0].values["syntax"] == "**" and found[0].values["entry"] == "114-02-001"


def test_an_edition_missing_part_of_a_body_is_refused() -> None:
    source = (REPO / "datasets" / BODY).read_text("utf-8") + "\n補充說明：本段未印出。\n"
    data = (REPO / DEFECTIVE).read_bytes()
    found = edition_check.problems("114-02", DEFECTIVE, data, [_body(source)])
    assert [(p.path, p.field, p.code) for p in found] == [
        ("datasets/entries/114/114-02-001.zh.md", "body_zh", "edition-text-lost")
    ]
    assert found[0].values["lost"] > 0 and "補充說明" in found[0].values["snippet"]
    assert found[0].line == source.splitlines().index("補充說明：本段未印出。") + 1


def test_entries_must_appear_in_print_order() -> None:
    data = (REPO / DEFECTIVE).read_bytes()
    second = (REPO / "datasets/entries/114/114-02-002.zh.md").read_text("utf-8")
    later = Body("entries/114/114-02-002.zh.md", "114-02-002", second)
    in_order = edition_check.problems("114-02", DEFECTIVE, data, [_body(), later])
    reversed_ = edition_check.problems("114-02", DEFECTIVE, data, [later, _body()])
    assert "edition-text-lost" not in {p.code for p in in_order}
    assert "edition-text-lost" in {p.code for p in reversed_}


def test_running_heads_page_numbers_and_list_numbers_are_left_out() -> None:
    text = edition_check.pdf_text((REPO / DEFECTIVE).read_bytes())
    assert "市政府公報 114年第2期" not in text.split("目錄", 1)[1]  # the running head
    assert "/ 7" not in text  # the page counter
    assert "**七、**申請借用場地者" in text  # the defect itself is read back as printed


@pytest.mark.slow
def test_a_new_edition_that_prints_syntax_is_not_frozen(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1)
    body = root / "datasets/entries/114/01/114-01-002.zh.md"
    # Validation refuses `__王○○__為` beside Chinese text (body-underscore-shown); between
    # Latin letters it lets underscores through, and the PDF would print them.
    body.write_text("說明：\n\n__王○○__為本府秘書。\n", encoding="utf-8")
    assert [p.code for p in validate_project(root)[1]] == ["body-underscore-shown"]
    body.write_text("說明：\n\nNo.__王○○__A 為本府秘書。\n", encoding="utf-8")
    as_of = dt.date(2025, 1, 20)
    dataset, problems = validate_project(root)
    assert problems == []
    plan = manifest.check(dataset, as_of, today=dt.date(2025, 2, 1))
    ctx = BuildContext(root, as_of, published(dataset, as_of), "https://g.example.tw/", tmp_path)
    with pytest.raises(Refused) as caught:
        editions.prepare(ctx, plan)
    assert _projection(caught.value.problems) == [
        ("datasets/entries/114/01/114-01-002.zh.md", 3, "body_zh", "edition-syntax-shown")
    ]
    assert not (root / "editions").exists()


@pytest.mark.slow
def test_a_table_that_runs_over_pages_is_printed_whole_and_frozen(tmp_path: Path) -> None:
    # A row split across a page break printed its short cells before the repeated header
    # and the rest after it: read back out of order, the edition was refused (a two-year
    # busy archive of the benchmark had two such issues). Rows now move to the next page.
    root = make_project(tmp_path / "p", issues=1)
    body = root / "datasets/entries/114/01/114-01-002.zh.md"
    rows = [
        f"| 第{n}條　{'本條例所稱主管機關為本府，執行機關為各區公所。' * (1 + n % 4)} "
        f"| （本條新增） | 配合組織調整修正第{n}條文字 |"
        for n in range(1, 41)
    ]
    body.write_text(
        "說明：\n\n| 修正條文 | 現行條文 | 說明 |\n|---|---|---|\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    as_of = dt.date(2025, 1, 20)
    dataset, problems = validate_project(root)
    assert problems == []
    plan = manifest.check(dataset, as_of, today=dt.date(2025, 2, 1))
    ctx = BuildContext(root, as_of, published(dataset, as_of), "https://g.example.tw/", tmp_path)
    found = editions.prepare(ctx, plan)  # read back and compared: raises Refused on a loss
    edition = next(e for e in found.values() if e.issue_id == "114-01")
    printed = edition_check.pdf_text(edition.path.read_bytes())
    assert printed.count("第40條") == 2 and "（本條新增）" in printed  # its cell and its note
