"""The Executive Yuan Gazette export (/work/shared/realdata/ey) imports with every character.

The XML's records are written as CSV by tools/ey_xml_to_csv.py (one row per <Record>,
HTMLContent as the body cell), with agency codes added by hand; every body's
text, taken from the XML by lxml alone, must be the imported body's rendered text.
The test skips when the shared real data is absent.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import lxml.html
import pytest
from import_archive_support import write_export

from generator.data.body_convert import rendered_text
from generator.fidelity import compare, significant

REPO = Path(__file__).resolve().parents[2]
CANDIDATES = [  # ../shared/realdata beside the checkout, or beside a worktree's parent
    REPO.parent / "shared" / "realdata",
    REPO.parent.parent / "shared" / "realdata",
]
_SPEC = importlib.util.spec_from_file_location("ey_xml_to_csv", REPO / "tools/ey_xml_to_csv.py")
ey_xml_to_csv = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(ey_xml_to_csv)  # tools/ is not a package
EY = next((c / "ey" for c in CANDIDATES if (c / "ey").is_dir()), None)
# The only thing added by hand: a code for each issuing agency (joint orders: the first).
AGENCY_CODES = {
    "交通部": "ey-motc", "交通部觀光局": "ey-tourism", "交通部高雄港務局": "ey-khport",
    "僑務委員會": "ey-ocac", "內政部": "ey-moi", "經濟部": "ey-moea",
    "經濟部標準檢驗局": "ey-bsmi", "行政院衛生署": "ey-doh", "財政部": "ey-mof",
    "農業委員會": "ey-coa", "財政部關稅總局": "ey-customs", "金融監督管理委員會": "ey-fsc",
    "蒙藏委員會": "ey-mtac", "公共工程委員會": "ey-pcc", "國防部": "ey-mnd",
    "財政部臺灣省中區國稅局": "ey-ntbca", "消費者保護委員會": "ey-cpc",
}  # fmt: skip
CATEGORY_MAP = "category:\n  公告及送達: 公告\n  處分: 公告\n  其他: 公告\n"


def records() -> list[dict[str, str]]:
    """Return every <Record> of the EY files, as the conversion tool reads them."""
    return ey_xml_to_csv.records(sorted(EY.glob("*.xml")))


def source_text(html: str) -> str:
    """Return what a reader of the old page sees of a body, by lxml alone, minus the Top link."""
    body = lxml.html.document_fromstring(html).find("body")
    for node in body.xpath("//script|//style|//a[normalize-space()='Top']"):
        node.drop_tree()
    return body.text_content()


def import_ey(project, run_cli, folder: Path) -> tuple[list[dict[str, str]], dict[str, dict]]:
    """Import the EY records as CSV rows into issue 96-18; return them and the entries by title."""
    issues, _entries = write_export(folder)  # issue 96-18, as printed on paper
    project.write_text("datasets/import-map.yaml", CATEGORY_MAP)
    for name, code in AGENCY_CODES.items():
        project.append_row("agencies", {"agency_id": code, "name_zh": name})
    rows = records()
    source = folder / "ey.csv"
    assert ey_xml_to_csv.main([*map(str, sorted(EY.glob("*.xml"))), "--issue", "96-18",
                               "--out", str(source)]) == 0  # fmt: skip
    common = ("--root", project.root, "--format", "json", "--lang", "en")
    code, out, err = run_cli("import", issues, "--into", "gazette_issues", *common)
    assert code == 0, out + err
    code, out, err = run_cli("import", source, "--into", "gazette_entries", *common)
    assert code == 0, out + err
    summary = json.loads(out)[-1]
    assert (summary["code"], summary["message"][:20]) == ("import-done", "Appended 34 new rows")
    entries = project.read_rows("gazette_entries")
    return rows, {r["title_zh"]: r for r in entries if r["issue_id"] == "96-18"}


@pytest.mark.slow
@pytest.mark.skipif(EY is None, reason="the shared real data (realdata/ey) is absent")
def test_every_ey_body_reaches_its_imported_body(tmp_project, run_cli, tmp_path):
    rows, imported = import_ey(tmp_project, run_cli, tmp_path / "export")
    assert len(rows) == 34
    for row in rows:
        entry = imported[row["Title"]]
        body = (tmp_project.root / "datasets" / entry["body_zh"]).read_text(encoding="utf-8")
        assert "[TABLE]" not in body
        expected = source_text(row["HTMLContent"])
        assert compare(expected, rendered_text(body)) is None, row["Title"]
    code, out, err = run_cli("validate", "--root", tmp_project.root, "--format", "json")
    assert (code, out.strip()) == (0, "[]"), out + err


@pytest.mark.slow
@pytest.mark.skipif(EY is None, reason="the shared real data (realdata/ey) is absent")
def test_every_ey_body_reaches_its_page(tmp_project, run_cli, tmp_path):
    from generator.commands.build import build

    rows, imported = import_ey(tmp_project, run_cli, tmp_path / "export")
    site = tmp_path / "site"
    # as of the sample chain's latest record (reissues of 2026-12-07): the imported issues
    # are recorded after it, which only a site that shows it may publish
    build(tmp_project.root, site_dir=site, as_of=dt.date(2026, 12, 7), progress=False)
    for row in rows:
        entry_id = imported[row["Title"]]["entry_id"]
        page = (site / f"gazette/96/18/{entry_id}/index.html").read_text(encoding="utf-8")
        body = lxml.html.fromstring(page).find_class("entry-body")
        assert len(body) == 1, entry_id
        shown = body[0].text_content()
        assert significant(source_text(row["HTMLContent"])) == significant(shown), entry_id
        markup = lxml.html.tostring(body[0], encoding="unicode")
        assert not re.search(r"&lt;|\[TABLE\]|mso-|<!--|\^\(|~~", markup), entry_id
