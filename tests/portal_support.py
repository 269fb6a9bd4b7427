# ruff: noqa: E501 - CSV fixtures read better as whole lines
"""Helpers for the portal tests: a tiny typed project, independent of the sample corpus.

`tiny_project(tmp)` writes a project with a few rows per resource (including a text cell
'=1+1' and a Chinese text) and returns a typed `Dataset` cast the way `generator.models`
documents it, so portal functions can be unit-tested without a full build.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pandas as pd

from generator.data.load import load_descriptor, read_table
from generator.models import BuildContext, Dataset

REPO = Path(__file__).resolve().parent.parent

CSV = {
    "agencies": """agency_id,name_zh,name_en,parent_id,website
city,市政府,City Government,,https://www.example.gov.tw/
secretariat,秘書處,Secretariat,city,
""",
    "gazette_issues": """issue_id,volume,number,publication_date,title_zh,title_en,publisher_id,gpn
115-01,115,1,2026-01-15,市政府公報 115年第1期,City Gazette 115/1,secretariat,2011500001
115-02,115,2,2026-01-31,市政府公報 115年第2期,City Gazette 115/2,secretariat,2011500001
""",
    "gazette_entries": """entry_id,issue_id,category,agency_id,doc_number,signed_date,title_zh,title_en,body_zh,body_en,corrects
115-01-001,115-01,公告,secretariat,府秘字第1150000001號,2026-01-10,公告<b>事項</b>,Notice,entries/115/115-01-001.zh.md,entries/115/115-01-001.en.md,
115-02-001,115-02,更正,secretariat,府秘字第1150000002號,2026-01-20,更正事項,Corrigendum,entries/115/115-02-001.zh.md,,115-01-001
""",
    "gifts": """gift_id,date,direction,occasion_zh,occasion_en,counterpart_zh,counterpart_en,counterpart_country,item_zh,item_en,quantity,unit_value,total_value,local_specialty,stakeholder,outcome,agency_id
G2025-0001,2025-03-02,致贈,姊妹市來訪,Sister city visit,東京都,Tokyo,JP,茶葉禮盒,Tea box,2,800,1600,true,,,secretariat
G2025-0002,2025-05-09,受贈,外賓拜會,Courtesy call,某公司,A company,,=1+1,Vase,1,1500,1500,false,true,歸公,secretariat
G2026-0001,2026-02-01,受贈,年節,New year,某協會,An association,TW,月餅,Mooncakes,3,300,900,true,false,簽報留存,city
""",
    "procurement_prices": """item_id,name_zh,name_en,category,specification,unit,reference_price,min_price,max_price,quotes,survey_date,source,region,agency_id
OF-0001,A4影印紙,A4 copy paper,辦公用品,80磅 500張,包,125.5,110,140,3,2025-06-30,市場訪價,本市,secretariat
OF-0001,A4影印紙,A4 copy paper,辦公用品,80磅 500張,包,130,115,150,4,2025-12-31,市場訪價,本市,secretariat
IT-0002,碳粉匣,Toner,資訊耗材,黑色,個,2400,2100,2900,5,2025-12-31,共同供應契約,全國,secretariat
""",
    "plan_indicators": """indicator_id,plan_year,objective_no,objective_zh,objective_en,objective_weight,indicator_no,indicator_zh,indicator_en,indicator_weight,measure_zh,measure_en,unit_zh,unit_en,target_value,actual_value,higher_is_better,data_source_zh,data_source_en,agency_id
114-01-01,114,1,便民服務,Better service,60,1,線上申辦比率,Online share,30,線上件數/總件數,online/total,%,%,80,88,true,,,secretariat
114-01-02,114,1,便民服務,Better service,60,2,平均處理天數,Average days,30,總天數/件數,days/cases,日,days,5,4,false,,,secretariat
114-02-01,114,2,節能,Energy saving,40,1,用電量,Electricity,40,年度用電,annual use,度,kWh,1000,,false,,,secretariat
""",
}


def _cast(frame: pd.DataFrame, resource: dict, lines: list[int]) -> pd.DataFrame:
    """Cast a string frame the way validate_project documents typed frames."""
    out = pd.DataFrame(index=frame.index)
    for field in resource["schema"]["fields"]:
        name, kind = field["name"], field.get("type", "string")
        if name not in frame and field.get("column_optional"):
            continue  # as validate_project: a column the file may leave out is simply absent
        col = frame[name]
        if kind == "integer":
            out[name] = pd.array([int(v) if v else pd.NA for v in col], dtype="Int64")
        elif kind == "number":
            out[name] = pd.array([float(v) if v else pd.NA for v in col], dtype="Float64")
        elif kind == "boolean":
            out[name] = pd.array([(v == "true") if v else pd.NA for v in col], dtype="boolean")
        elif kind == "date":
            out[name] = [dt.date.fromisoformat(v) if v else None for v in col]
        else:
            out[name] = col.astype(str)
    out["_line"] = lines
    return out


def tiny_project(tmp: Path, overrides: dict[str, str] | None = None) -> Dataset:
    """Write a tiny project under `tmp` and return its typed Dataset."""
    (tmp / "datasets" / "entries" / "115").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "datasets" / "datapackage.yaml", tmp / "datasets" / "datapackage.yaml")
    for name, text in {**CSV, **(overrides or {})}.items():
        (tmp / "datasets" / f"{name}.csv").write_text(text, encoding="utf-8")
    for stem in ("115-01-001.zh", "115-01-001.en", "115-02-001.zh"):
        body = f"# {stem}\n\n內文 text <script>x</script>\n"
        (tmp / "datasets" / "entries" / "115" / f"{stem}.md").write_text(body, encoding="utf-8")
    return load_dataset(tmp)


def load_dataset(root: Path) -> Dataset:
    """Read and cast the project at `root` without the validator."""
    descriptor = load_descriptor(root)
    dataset = Dataset(root, descriptor)
    for resource in descriptor["resources"]:
        table = read_table(root, resource)
        dataset.frames[resource["name"]] = _cast(table.frame, resource, table.lines)
    return dataset


def tiny_context(tmp: Path, as_of: dt.date = dt.date(2026, 11, 25)) -> BuildContext:
    """Return a BuildContext over the tiny project with `tmp/site` as output."""
    dataset = tiny_project(tmp / "project")
    out = tmp / "site"
    out.mkdir()
    return BuildContext(tmp / "project", as_of, dataset, "https://gazette.example.gov.tw/", out)


def git(root: Path, *args: str) -> None:
    """Run git in `root` with a fixed author, date and no user configuration."""
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": "2026-03-01T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-03-01T10:00:00+08:00",
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def edit_gifts(root: Path, old: str, new: str) -> None:
    """Replace `old` by `new` in the project's gifts.csv (which must contain it)."""
    path = root / "datasets/gifts.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def committed_project(root: Path, *edits: tuple[str, str]) -> None:
    """Write the tiny project into a new git repository: one commit, then one per gifts edit."""
    tiny_project(root)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    for number, (old, new) in enumerate(edits, start=2):
        edit_gifts(root, old, new)
        git(root, "commit", "-q", "-am", f"edit {number}")
