"""A city's identity: everything a reader sees is named from gazette.yaml, never the sample."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from generator.gazette import cite
from generator.labels import load_labels

KAOHSIUNG = ("--name", "高雄市政府公報", "--name-en", "Kaohsiung City Government Gazette")
# The sample's names, wherever they are not part of the city's own (高雄市政府公報 holds
# 市政府公報; "Kaohsiung City Government Gazette" holds "Government Gazette").
SAMPLE_TRACES = re.compile(
    r"(?<!高雄)市政府公報|City Gazette|[Cc]ity gazette|(?<!高雄)市政府秘書處"
    r"|(?<!Kaohsiung )City Government Secretariat|Secretariat, City|，，"
)


def _entry(doc_number: str) -> tuple[dict, dict]:
    issue = {"volume": 115, "number": 1, "publication_date": dt.date(2026, 11, 3)}
    entry = {
        "agency_id": "secretariat",
        "doc_number": doc_number,
        "title_zh": "公告事項",
        "title_en": "A notice",
        "path": "gazette/115/01/115-001-001/index.md",
    }
    return entry, issue


@pytest.fixture
def kaohsiung(run_cli, tmp_path: Path) -> Path:
    root = tmp_path / "kaohsiung"
    assert run_cli("init", root, *KAOHSIUNG, "--schedule", "weekly:tue,fri")[0] == 0
    return root


@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_citations_name_the_citys_gazette(kaohsiung: Path, lang: str) -> None:
    ctx = SimpleNamespace(root=kaohsiung, site_url="https://g.example.tw/")
    labels = load_labels(kaohsiung, lang)
    agency = {"name_zh": "高雄市政府秘書處", "name_en": "Secretariat, Kaohsiung"}
    entry, issue = _entry("高市府秘字第11500001號")
    found = cite.citations(ctx, labels, entry, issue, agency)
    assert found["zh"] == (
        "高雄市政府秘書處，〈公告事項〉，高市府秘字第11500001號，高雄市政府公報第115卷第1期，"
        "民國115年11月3日，https://g.example.tw/gazette/115/01/115-001-001/。"
    )
    assert found["en"].startswith(
        'Secretariat, Kaohsiung, "A notice", 高市府秘字第11500001號, '
        "Kaohsiung City Government Gazette vol. 115 no. 1, 3 November 2026, "
    )


def test_a_citation_without_a_document_number_reads_naturally(kaohsiung: Path) -> None:
    ctx = SimpleNamespace(root=kaohsiung, site_url="https://g.example.tw/")
    entry, issue = _entry("")
    found = cite.citations(ctx, load_labels(kaohsiung, "zh-TW"), entry, issue, None)
    assert found["zh"].startswith("secretariat，〈公告事項〉，高雄市政府公報第115卷第1期，")
    assert "，，" not in found["zh"]
    assert ", , " not in found["en"] and '"A notice", Kaohsiung City' in found["en"]


def test_the_new_projects_data_package_names_the_city(kaohsiung: Path) -> None:
    text = (kaohsiung / "datasets/datapackage.yaml").read_text(encoding="utf-8")
    assert "title_en: Kaohsiung City Government Gazette issues" in text
    assert "title_en: Kaohsiung City Government Gazette entries" in text
    assert not SAMPLE_TRACES.search(text)


def texts_of(path: Path) -> list[str]:
    """Return what a reader can get out of a built file: its text, JSON decoded, PDF metadata."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return [str(dict(pdf.docinfo)), str(pdf.open_metadata())]
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as sheet:
            return [sheet.read(n).decode("utf-8", "replace") for n in sheet.namelist()]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if path.suffix in (".json", ".jsonld"):
        try:
            return [text, json.dumps(json.loads(text), ensure_ascii=False)]
        except ValueError:
            pass
    return [text]


SECTIONS_OFF = "\nsections:\n  gifts: false\n  prices: false\n  indicators: false\n"


@pytest.mark.slow
def test_a_built_city_site_has_no_trace_of_the_sample(run_cli, kaohsiung: Path, tmp_path) -> None:
    """Also: a city that publishes no gifts, prices or indicators (sections switched off)."""
    root = kaohsiung
    with (root / "gazette.yaml").open("a", encoding="utf-8") as handle:
        handle.write(SECTIONS_OFF)
    assert run_cli("new-issue", "--root", root, "--date", "2026-11-03")[0] == 0
    body = root / "datasets/entries/115/01/115-001-001.zh.md"
    body.parent.mkdir(parents=True)
    body.write_text("# 公告\n\n本文。\n", encoding="utf-8")
    with (root / "datasets/gazette_entries.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "115-001-001,115-001,公告,secretariat,,2026-11-03,公告事項,A notice,"
            "entries/115/01/115-001-001.zh.md,,\n"
        )
    site = tmp_path / "site"
    code, _, err = run_cli(
        "build", "--root", root, "--site-dir", site, "--as-of", "2026-11-03", "--quiet"
    )
    assert code == 0, err
    leaks = [
        (path.relative_to(site).as_posix(), text[max(0, m.start() - 40) : m.end() + 20])
        for path in sorted(site.rglob("*"))
        if path.is_file()
        for text in texts_of(path)
        for m in [SAMPLE_TRACES.search(text)]
        if m
    ]
    assert leaks == []
    home = (site / "en/index.html").read_text(encoding="utf-8")
    assert "full text of the Kaohsiung City Government Gazette" in home
    entry = (site / "gazette/115/001/115-001-001/index.html").read_text(encoding="utf-8")
    assert "〈公告事項〉，高雄市政府公報第115卷第1期" in entry
    feed = (site / "en/gazette/feed.atom").read_text(encoding="utf-8")
    assert "Kaohsiung City Government Gazette" in feed
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    titles = {r["name"]: r.get("title_en") for r in package["resources"]}
    assert titles["gazette_issues"] == "Kaohsiung City Government Gazette issues"
    with pikepdf.open(site / "gazette/115/001/gazette-115-001.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("高雄市政府公報")

    # Sections switched off: neither built nor advertised.
    for folder in ("gifts", "prices", "indicators", "en/gifts", "data/gifts"):
        assert not (site / folder).exists(), folder
    off = {"gifts", "procurement_prices", "plan_indicators"}
    assert not off & {r["name"] for r in package["resources"]}
    gov = json.loads((site / "data/data-gov-tw.json").read_text(encoding="utf-8"))
    assert [d["資料集名稱"] for d in gov] == [
        "機關代碼表",
        "高雄市政府公報期別",
        "高雄市政府公報刊登事項",
        "高雄市政府公報第115卷正式版 PDF",  # the PDF editions, one dataset per volume
    ]
    assert gov[3]["資料資源下載網址"] == (
        "https://gazette.example.gov.tw/gazette/115/001/gazette-115-001.pdf"
    )
    catalog = (site / "data/catalog.jsonld").read_text(encoding="utf-8")
    assert not any(f"data/{name}" in catalog for name in off)
    for page in ("index.html", "en/index.html", "data/index.html", "search/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        for link in ('href="gifts/', 'href="prices/', 'href="indicators/', "../prices/"):
            assert link not in html, (page, link)
    assert 'value="price"' not in (site / "search/index.html").read_text(encoding="utf-8")
    # The intro names what is published (site_description is the city's own text).
    intro = "This site publishes the full text of the Kaohsiung City Government Gazette and"
    assert f"{intro} offers the gazette&#39;s data as open data" in home.replace("&#x27;", "&#39;")
    sitemaps = "".join(
        p.read_text("utf-8") for p in [site / "sitemap.xml", *site.glob("sitemaps/*")]
    )
    assert "/prices/" not in sitemaps and "/gifts/" not in sitemaps
