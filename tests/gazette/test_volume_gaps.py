"""Volume pages list the numbers not in the digital archive, computed from the data.

The case: the Legislative Yuan Gazette's volume 101 (2012), digitised as issues 50–84 with
53, 58, 61, 69, 75 and 79 missing; no constant number of issues a year is assumed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_lifecycle_support import ISSUE_HEADER, issue_row, make_project, read_rows, write_rows

from generator.gazette import back_catalogue

LY_MISSING = {53, 58, 61, 69, 75, 79}


def test_gaps_of_the_legislative_yuan_volume_101() -> None:
    issues = [{"number": n, "back_catalogue": True} for n in range(50, 85) if n not in LY_MISSING]
    missing = back_catalogue.missing_numbers(issues)
    assert missing == [*range(1, 50), 53, 58, 61, 69, 75, 79]
    assert back_catalogue.spans(missing) == "1–49、53、58、61、69、75、79"
    assert back_catalogue.spans(missing, ", ") == "1–49, 53, 58, 61, 69, 75, 79"


def test_no_gap_is_invented_past_the_last_number_held() -> None:
    assert back_catalogue.missing_numbers([{"number": 24, "back_catalogue": True}]) == [
        *range(1, 24)
    ]
    full = [{"number": n, "back_catalogue": True} for n in range(1, 30)]
    assert back_catalogue.missing_numbers(full) == []


def test_a_mid_year_adoption_lists_the_numbers_printed_before_it() -> None:
    issues = [{"number": 53, "back_catalogue": None}, {"number": 54, "back_catalogue": None}]
    assert back_catalogue.missing_numbers(issues, first=53) == [*range(1, 53)]
    assert back_catalogue.missing_numbers(issues) == []


def test_volume_pages_show_the_gaps_in_both_languages(tmp_path: Path) -> None:
    from generator.data.embargo import published
    from generator.data.validate import validate_project
    from generator.models import BuildContext
    from generator.site.render import render_site
    from generator.site.reuse import Workspace

    root = make_project(tmp_path / "p", issues=4)
    rows = read_rows(root, "gazette_issues")
    template = issue_row(dt.date(2025, 1, 15))
    old = [
        (50, "2012-05-29"), (51, "2012-05-29"),  # two issues of one sitting day
        (52, "2012-06-01"), (54, "2012-06-05"), (55, "2012-06-08"), (57, "2012-06-12"),
    ]  # fmt: skip
    for number, day in old:
        rows.append(
            template
            | {
                "issue_id": f"101-{number:02d}",
                "volume": "101",
                "number": str(number),
                "publication_date": day,
                "title_zh": f"立法院公報 第101卷第{number}期",
                "title_en": f"Legislative Yuan Gazette Vol. 101 No. {number}",
                "back_catalogue": "true",
            }
        )
    write_rows(root, "gazette_issues", [*ISSUE_HEADER, "back_catalogue"], rows)
    dataset, problems = validate_project(root)
    assert problems == []
    as_of = dt.date(2025, 3, 10)
    ctx = BuildContext(root, as_of, published(dataset, as_of), "https://x.test/", tmp_path / "o")
    render_site(ctx, Workspace(tmp_path / "work"))
    docs = tmp_path / "work" / "docs"
    zh = (docs / "zh/gazette/101/index.md").read_text(encoding="utf-8")
    en = (docs / "en/gazette/101/index.md").read_text(encoding="utf-8")
    assert "本卷第 1–49、53、56 期不在數位典藏中" in zh
    assert "Nos&#46; 1–49, 53, 56 of this volume are not in the digital archive" in en
    assert "1–24" not in zh
    regular = (docs / "zh/gazette/114/index.md").read_text(encoding="utf-8")
    assert "不在數位典藏中" not in regular
