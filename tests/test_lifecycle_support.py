"""Small throwaway gazette projects for the lifecycle tests (helpers, no tests here)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from generator import schedule
from generator.roc import to_roc

REPO = Path(__file__).resolve().parent.parent
ISSUE_HEADER = [
    "issue_id",
    "volume",
    "number",
    "publication_date",
    "title_zh",
    "title_en",
    "publisher_id",
    "gpn",
]
ENTRY_HEADER = [
    "entry_id",
    "issue_id",
    "category",
    "agency_id",
    "doc_number",
    "signed_date",
    "title_zh",
    "title_en",
    "body_zh",
    "body_en",
    "corrects",
]
CATEGORIES = ["法規", "公告"]
# One valid row for each table the lifecycle does not touch, so the project validates.
OTHER_TABLES = {
    "agencies": "agency_id,name_zh,name_en,parent_id,website\n"
    "city,市政府,City Government,,https://www.example.gov.tw/\n"
    "secretariat,市政府秘書處,Secretariat,city,https://secretariat.example.gov.tw/\n",
    "gifts": "gift_id,date,direction,occasion_zh,occasion_en,counterpart_zh,counterpart_en,"
    "counterpart_country,item_zh,item_en,quantity,unit_value,total_value,local_specialty,"
    "stakeholder,outcome,agency_id\n"
    "G1140-0001,2025-01-10,致贈,友好城市來訪,Sister-city visit,訪問團,Delegation,JP,"
    "茶葉禮盒,Tea gift box,2,600,1200,true,,,secretariat\n",
    "plan_indicators": "indicator_id,plan_year,objective_no,objective_zh,objective_en,"
    "objective_weight,indicator_no,indicator_zh,indicator_en,indicator_weight,measure_zh,"
    "measure_en,unit_zh,unit_en,target_value,actual_value,higher_is_better,data_source_zh,"
    "data_source_en,agency_id\n"
    "114-01-01,114,1,公報資訊公開,Open gazette,100,1,公報準時出刊率,On-time issues,100,"
    "準時出刊期數÷全年期數×100,On-time / all × 100,%,%,100,100,true,,,secretariat\n",
    "procurement_prices": "item_id,name_zh,name_en,category,specification,unit,"
    "reference_price,min_price,max_price,quotes,survey_date,source,region,agency_id\n"
    "OF-0001,影印紙,Copy paper,辦公用品,A4 80磅 500張,包,120,110,135,3,2025-01-02,"
    "市場訪價,本市,secretariat\n",
}


def csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    """Return canonical CSV text (UTF-8, LF) for rows given as dicts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue()


def issue_row(day: dt.date) -> dict[str, str]:
    """Return an issue row for the issue published on `day`."""
    volume, number = to_roc(day.year), schedule.issue_number(day)
    return {
        "issue_id": schedule.issue_id(day),
        "volume": str(volume),
        "number": str(number),
        "publication_date": day.isoformat(),
        "title_zh": f"市政府公報 第{volume}卷第{number}期",
        "title_en": f"City Gazette Vol. {volume} No. {number}",
        "publisher_id": "secretariat",
        "gpn": "2009001234",
    }


def entry_row(issue: dict[str, str], seq: int, category: str = "公告") -> dict[str, str]:
    """Return an entry row (and its body paths) for issue `issue`, sequence `seq`."""
    entry_id = f"{issue['issue_id']}-{seq:03d}"
    folder = f"entries/{issue['volume']}/{int(issue['number']):02d}"
    return {
        "entry_id": entry_id,
        "issue_id": issue["issue_id"],
        "category": category,
        "agency_id": "secretariat",
        "doc_number": f"府秘字第{11400000 + int(issue['number']) * 100 + seq:08d}號",
        "signed_date": issue["publication_date"],
        "title_zh": f"公告本府第{issue['issue_id']}期事項{seq}之內容",
        "title_en": f"Notice {seq} of issue {issue['issue_id']}",
        "body_zh": f"{folder}/{entry_id}.zh.md",
        "body_en": f"{folder}/{entry_id}.en.md",
        "corrects": "",
    }


def make_project(
    root: Path, issues: int = 4, start: dt.date = dt.date(2025, 1, 15), entries: int = 2
) -> Path:
    """Write a project with `issues` consecutive issues of `entries` entries each; return root."""
    data = root / "datasets"
    data.mkdir(parents=True)
    shutil.copy(REPO / "datasets" / "datapackage.yaml", data / "datapackage.yaml")
    day, issue_rows, entry_rows = start, [], []
    for _ in range(issues):
        issue = issue_row(day)
        issue_rows.append(issue)
        for seq in range(1, entries + 1):
            entry = entry_row(issue, seq, CATEGORIES[seq % len(CATEGORIES)])
            entry_rows.append(entry)
            write_body(root, entry)
        day = schedule.next_issue_date(day)
    for name, text in OTHER_TABLES.items():
        (data / f"{name}.csv").write_text(text, encoding="utf-8")
    write_rows(root, "gazette_issues", ISSUE_HEADER, issue_rows)
    write_rows(root, "gazette_entries", ENTRY_HEADER, entry_rows)
    return root


def write_body(root: Path, entry: dict[str, str]) -> None:
    """Write the Chinese and English body files of an entry."""
    for lang, key in (("zh", "body_zh"), ("en", "body_en")):
        path = root / "datasets" / entry[key]
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            f"# {entry['title_zh' if lang == 'zh' else 'title_en']}\n\n本文 {entry['entry_id']}。\n"
        )
        path.write_text(text, encoding="utf-8")


def write_rows(root: Path, name: str, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write one resource's CSV."""
    (root / "datasets" / f"{name}.csv").write_text(csv_text(header, rows), encoding="utf-8")


def read_rows(root: Path, name: str) -> list[dict[str, str]]:
    """Read one resource's CSV as dicts."""
    with (root / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
