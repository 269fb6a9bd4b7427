"""The built sample site: nothing after --as-of anywhere, and `gazette verify --site-dir`."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import site_fixture
from pypdf import PdfReader

from generator.cli import main
from generator.gazette import chain_files
from generator.gazette.manifest import load_site, sha256, verify_site

FUTURE_ISSUES = ("115-22", "115-23", "115-24")  # dated 2026-11-30 and later
NEEDLE_FIELDS = ("entry_id", "doc_number", "title_zh", "title_en")


def squeeze(text: str) -> str:
    """Return text without whitespace and zero-width spaces (Pagefind and PDF insert them)."""
    return re.sub(r"[\s\u200b]+", "", text)


def future_needles() -> list[str]:
    """Return texts only the embargoed issues contain: ids, titles, document numbers.

    The sample reuses some wording across issues, so a text that a published row or body
    also contains is no evidence of a leak and is left out.
    """
    datasets = site_fixture.REPO / "datasets"
    with (datasets / "gazette_issues.csv").open(encoding="utf-8", newline="") as handle:
        issues = list(csv.DictReader(handle))
    with (datasets / "gazette_entries.csv").open(encoding="utf-8", newline="") as handle:
        entries = list(csv.DictReader(handle))
    future = [r for r in issues + entries if r["issue_id"] in FUTURE_ISSUES]
    assert len([r for r in issues if r["issue_id"] in FUTURE_ISSUES]) == 3
    candidates = {squeeze(r[k]) for r in future for k in NEEDLE_FIELDS if r.get(k)}
    published = [r for r in issues + entries if r["issue_id"] not in FUTURE_ISSUES]
    seen = "\n".join(squeeze(v) for r in published for v in r.values())
    seen += "\n".join(
        squeeze((datasets / r[k]).read_text(encoding="utf-8"))
        for r in published
        for k in ("body_zh", "body_en")
        if r.get(k)
    )
    needles = sorted(n for n in candidates if len(n) >= 6 and n not in seen)
    assert len(needles) > 20
    return needles


def texts(path: Path) -> list[str]:
    """Return the readable text(s) of one output file, decompressing what is compressed."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return [squeeze(p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]
    if data[:2] == b"\x1f\x8b":  # Pagefind fragments and sitemap.xml.gz
        data = gzip.decompress(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [squeeze(archive.read(n).decode("utf-8", "replace")) for n in archive.namelist()]
    return [squeeze(data.decode("utf-8", "replace"))]


def test_nothing_after_as_of_appears_anywhere(built_site: Path) -> None:
    needles = future_needles()
    files = [p for p in built_site.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".xml", ".json", ".pdf", ".atom", ".rss", ".pf_fragment"} <= kinds
    leaks = [
        (path.relative_to(built_site).as_posix(), needle)
        for path in files
        for text in texts(path)
        for needle in needles
        if needle in text
    ]
    assert leaks == []


def test_search_fragments_are_really_read(built_site: Path) -> None:
    # Guard against a scan that silently reads nothing: a published title must be found.
    fragments = list(built_site.rglob("*.pf_fragment"))
    assert any("市政府公報115年第21期" in "".join(texts(p)) for p in fragments)


def test_pdf_edition_has_title_and_chinese_text(built_site: Path) -> None:
    pdf = built_site / "gazette/115/21/gazette-115-21.pdf"
    reader = PdfReader(pdf)
    first, contents = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert "市政府公報" in first and "115年第21期" in first.replace(" ", "")
    assert "中華民國115年11月15日" in first.replace(" ", "")
    assert "目錄" in contents and "字第" in contents
    assert reader.metadata.get("/CreationDate") == "D:20261115"  # publication day, not build time
    assert not (built_site / "gazette/115/22").exists()


def site_copy(built_site: Path, target: Path) -> Path:
    """Copy what a reader downloads to verify: the chain's files and the data folder."""
    shutil.copytree(built_site / chain_files.FOLDER, target / chain_files.FOLDER)
    shutil.copytree(built_site / "data", target / "data")
    return target


def test_verify_accepts_the_built_site(built_site: Path) -> None:
    assert verify_site(built_site) == []
    assert main(["verify", "--site-dir", str(built_site)]) == 0


def test_verify_names_a_changed_entry(built_site: Path, tmp_path: Path) -> None:
    site = site_copy(built_site, tmp_path / "site")
    path = site / "data/gazette_entries/115.json"  # one volume's entries
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[5]["title_zh"] += "（改）"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    found = verify_site(site)
    assert [(p.code, p.values["entry"]) for p in found] == [
        ("manifest-entry-row-changed", rows[5]["entry_id"])
    ]


def test_verify_names_a_changed_body(built_site: Path, tmp_path: Path) -> None:
    site = site_copy(built_site, tmp_path / "site")
    rows = json.loads((site / "data/gazette_entries/115.json").read_text(encoding="utf-8"))
    body = site / "data" / rows[0]["body_zh"]
    body.write_text(body.read_text(encoding="utf-8") + "\n附註。\n", encoding="utf-8")
    found = verify_site(site)
    assert [(p.code, p.field, p.values["entry"]) for p in found] == [
        ("manifest-entry-body-changed", "body_zh", rows[0]["entry_id"])
    ]


def test_verify_catches_a_rewritten_manifest(built_site: Path, tmp_path: Path) -> None:
    site = site_copy(built_site, tmp_path / "site")
    volume = site / chain_files.FOLDER / "114.json"
    document = json.loads(volume.read_text(encoding="utf-8"))
    document["issues"][3]["entries"][0]["sha256"] = "0" * 64
    volume.write_text(json.dumps(document), encoding="utf-8")
    assert {p.code for p in verify_site(site)} == {"chain-volume-changed"}
    assert main(["verify", "--site-dir", str(site)]) == 1
    # A forger who also relists the file's digest in latest.json: the chain itself breaks.
    latest_path = site / chain_files.LATEST
    latest = json.loads(latest_path.read_text(encoding="utf-8"))
    for entry in latest["volumes"]:
        if entry["file"] == "114.json":
            entry["sha256"] = sha256(volume.read_bytes())
    latest_path.write_text(json.dumps(latest), encoding="utf-8")
    assert "manifest-chain-broken" in {p.code for p in verify_site(site)}
    assert main(["verify", "--site-dir", str(site)]) == 1


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_feeds_link_the_pdf_editions(built_site: Path, prefix: str) -> None:
    atom = (built_site / prefix / "gazette/feed.atom").read_text(encoding="utf-8")
    assert 'rel="enclosure"' in atom and "gazette-115-21.pdf" in atom


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_documented_hand_check_matches(built_site: Path, tmp_path: Path, lang: str) -> None:
    page = (site_fixture.REPO / "content" / lang / "gazette/verify/index.md").read_text("utf-8")
    code = page.split("```python\n", 1)[1].split("```", 1)[0]
    shutil.copy(built_site / chain_files.LATEST, tmp_path / "latest.json")
    shutil.copy(built_site / chain_files.FOLDER / "114.json", tmp_path / "chain-114.json")
    shutil.copy(built_site / "data/gazette_entries/114.json", tmp_path / "114.json")
    for body in (built_site / "data").rglob("114-05-003.*.md"):
        shutil.copy(body, tmp_path / body.name)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() in ("match", "相符"), done.stdout + done.stderr
    (tmp_path / "114-05-003.zh.md").write_text("改寫\n", encoding="utf-8")
    again = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert again.stdout.strip() in ("MISMATCH", "不相符")


def test_issue_page_names_the_authoritative_edition_and_its_hash(built_site: Path) -> None:
    import hashlib

    from generator.gazette import editions

    pdf = built_site / "gazette/115/21/gazette-115-21.pdf"
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    for page, words in (
        ("gazette/115/21/index.html", "正式版本"),
        ("en/gazette/115/21/index.html", "authoritative"),
    ):
        html = (built_site / page).read_text(encoding="utf-8")
        assert digest in html and words in html
    manifest, _ = load_site(built_site)
    assert manifest is not None
    record = next(r for r in manifest["issues"] if r["issue_id"] == "115-21")
    # Recorded before editions were frozen: its digest stays as published, without the hash.
    assert "edition" not in record
    assert editions.verify(Path("."), site_dir=built_site) == []
