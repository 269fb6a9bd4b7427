"""PDF editions on a small project: embedded font, text, PDF/A structure, determinism, boxes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from test_lifecycle_support import make_project

from generator.data.embargo import published
from generator.data.gazette_model import issues
from generator.data.validate import validate_project
from generator.errors import ConfigError, DataInvalid
from generator.gazette import editions, fonts, pdf
from generator.models import BuildContext

pytestmark = pytest.mark.slow  # WeasyPrint lays out real PDFs: seconds each

AS_OF = dt.date(2025, 1, 31)  # two of three issues published
PDF_02 = "gazette/114/02/gazette-114-02.pdf"


def context(root: Path, out: Path) -> BuildContext:
    """Return a build context for the project's data cut at AS_OF."""
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, AS_OF, published(dataset, AS_OF), "https://g.example.tw/", out)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("pdf") / "p", issues=3)


@pytest.fixture(scope="module")
def written(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf-out")
    editions.write(context(project, out))
    return out


def font_names(path: Path) -> set[str]:
    """Return the base names of every font the PDF's pages use."""
    with pikepdf.open(path) as document:
        return {
            str(font.BaseFont).split("+", 1)[-1]
            for page in document.pages
            for font in page.Resources.get("/Font", {}).values()
        }


def test_one_pdf_per_published_issue(written: Path) -> None:
    found = sorted(p.relative_to(written).as_posix() for p in written.rglob("*.pdf"))
    assert found == ["gazette/114/01/gazette-114-01.pdf", PDF_02]


def test_cover_contents_and_entries_read_back(written: Path) -> None:
    reader = PdfReader(written / PDF_02)
    pages = ["".join((page.extract_text() or "").split()) for page in reader.pages]
    assert "市政府公報第114卷第2期" in pages[0] and "中華民國114年1月31日" in pages[0]
    assert "目錄" in pages[1] and "府秘字第11400201號" in pages[1]
    assert "公告本府第114-02期事項1之內容" in "".join(pages[2:])
    assert any(f"/{len(pages)}" in page for page in pages[2:])  # page numbers "n / N"


def test_only_the_bundled_noto_cjk_font_is_embedded(written: Path) -> None:
    assert font_names(written / PDF_02) == {fonts.FAMILY.replace(" ", "-")}


def test_the_embedded_font_holds_the_editions_glyphs_not_the_faces(written: Path) -> None:
    with pikepdf.open(written / PDF_02) as document:
        programs = [
            font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()
            for page in document.pages
            for font in page.Resources.Font.values()
        ]
    assert programs
    for program in programs:
        # From the full face WeasyPrint kept every glyph id up to the highest used (~65,000).
        assert TTFont(io.BytesIO(program))["maxp"].numGlyphs < 1500


def test_pdfa_tags_language_metadata_and_attachment(written: Path) -> None:
    with pikepdf.open(written / PDF_02) as document:
        meta = document.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "U")
        assert document.Root.MarkInfo.Marked is True
        assert str(document.Root.Lang) == "zh-Hant"
        assert "/StructTreeRoot" in document.Root
        assert str(document.docinfo.Title) == "市政府公報 第114卷第2期"
        assert str(document.docinfo.CreationDate).startswith("D:20250131")
        files = document.attachments
        assert list(files) == ["gazette-114-02-entries.json"]
        data = json.loads(files["gazette-114-02-entries.json"].get_file().read_bytes())
    assert data["issue"]["issue_id"] == "114-02"
    assert [e["entry_id"] for e in data["entries"]] == ["114-02-001", "114-02-002"]
    assert all(e["body_zh"] for e in data["entries"])


def test_rendering_is_byte_identical(project: Path, written: Path, tmp_path: Path) -> None:
    editions.write(context(project, tmp_path))
    for path in written.rglob("*.pdf"):
        assert (tmp_path / path.relative_to(written)).read_bytes() == path.read_bytes()


def test_a_character_the_font_lacks_fails_naming_issue_and_entry(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1)
    body = root / "datasets/entries/114/01/114-01-002.zh.md"
    body.write_text("本文含造字 \ue123 一字。\n", encoding="utf-8")
    with pytest.raises(DataInvalid) as caught:
        editions.write(context(root, tmp_path / "out"))
    (problem,) = caught.value.problems
    assert problem.code == "pdf-glyph-missing"
    assert problem.values["issue"] == "114-01" and problem.values["entry"] == "114-01-002"
    assert "U+E123" in problem.values["chars"]
    assert not (tmp_path / "out").exists()


def test_without_the_font_package_the_build_stops(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> Path:
        raise fonts.FontMissing(fonts.PACKAGE)

    monkeypatch.setattr(fonts, "font_file", missing)
    with pytest.raises(ConfigError) as caught:
        editions.render(
            context(project, tmp_path), issues(context(project, tmp_path).dataset), False
        )
    assert [p.code for p in caught.value.problems] == ["pdf-font-missing"]


def test_entry_markup_cannot_fetch_or_inject(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1)
    body = root / "datasets/entries/114/01/114-01-001.zh.md"
    body.write_text(
        '# 標題\n\n<img src="http://example.com/x.png"><script>alert(1)</script>\n\n'
        "![圖](http://example.com/y.png)\n",
        encoding="utf-8",
    )
    ctx = context(root, tmp_path / "o")
    html, _ = pdf.issue_html(ctx, issues(ctx.dataset)[0])
    assert "<script>" not in html and '<img src="http://' not in html
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("http://example.com/y.png")
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("file:///etc/passwd")


SCRIPT = """
import datetime as dt, sys
from pathlib import Path
from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import editions
from generator.models import BuildContext

if __name__ == "__main__":
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    dataset, _ = validate_project(root)
    as_of = dt.date(2025, 1, 15)
    editions.write(BuildContext(root, as_of, published(dataset, as_of), "https://g/", out))
"""


def test_a_machine_without_system_fonts_still_embeds_noto_cjk(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1)
    config = tmp_path / "fonts.conf"  # fontconfig that knows no font folder at all
    config.write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n', encoding="utf-8")
    script = tmp_path / "render.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "FONTCONFIG_PATH": str(tmp_path)}
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=False)
        assert listed.stdout.strip() == ""  # the system fonts really are hidden
    done = subprocess.run(
        [sys.executable, str(script), str(root), str(tmp_path / "out")],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    path = tmp_path / "out/gazette/114/01/gazette-114-01.pdf"
    assert font_names(path) == {fonts.FAMILY.replace(" ", "-")}
    text = "".join(PdfReader(path).pages[0].extract_text().split())
    assert "市政府公報第114卷第1期" in text and "發行機關" in text
