"""PDF editions on a small project: text, determinism, the cache, and a missing font."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_lifecycle_support import make_project

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import pdf
from generator.models import BuildContext

pytestmark = pytest.mark.slow  # WeasyPrint lays out real PDFs: seconds each

AS_OF = dt.date(2025, 1, 31)  # two of three issues published


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
    pdf.write(context(project, out))
    return out


def test_one_pdf_per_published_issue(written: Path) -> None:
    found = sorted(p.relative_to(written).as_posix() for p in written.rglob("*.pdf"))
    assert found == ["gazette/114/01/gazette-114-01.pdf", "gazette/114/02/gazette-114-02.pdf"]


def test_cover_contents_and_entries_read_back(written: Path) -> None:
    reader = PdfReader(written / "gazette/114/02/gazette-114-02.pdf")
    pages = ["".join((page.extract_text() or "").split()) for page in reader.pages]
    assert "市政府公報第114卷第2期" in pages[0] and "中華民國114年1月31日" in pages[0]
    assert "目錄" in pages[1] and "府秘字第11400201號" in pages[1]
    assert "公告本府第114-02期事項1之內容" in "".join(pages[2:])
    assert any(f"/{len(pages)}" in page for page in pages[2:])  # page numbers "n / N"


def test_rendering_is_byte_identical(project: Path, written: Path, tmp_path: Path) -> None:
    cached = pdf.cache_dir(project)
    for old in cached.glob("*.pdf"):
        old.unlink()  # force a fresh render, not a copy of the first one
    pdf.write(context(project, tmp_path))
    for path in written.rglob("*.pdf"):
        assert (tmp_path / path.relative_to(written)).read_bytes() == path.read_bytes()


def test_cached_pdfs_are_reused(
    project: Path, written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> bytes:
        raise AssertionError("a cached issue was rendered again")

    monkeypatch.setattr(pdf, "MAX_WORKERS", 1)
    monkeypatch.setattr(pdf, "_render_missing", lambda todo, cache: todo and refuse())
    pdf.write(context(project, tmp_path))
    assert len(list(tmp_path.rglob("*.pdf"))) == 2


def test_missing_cjk_font_still_writes_with_a_warning(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(pdf, "installed_cjk_families", lambda: ())
    monkeypatch.setattr(pdf, "bundled_font", lambda: None)
    monkeypatch.setenv("GAZETTE_PDF_CACHE", str(tmp_path / "cache"))
    pdf.write(context(project, tmp_path / "out"))
    assert "no CJK font found" in capsys.readouterr().err
    assert len(list((tmp_path / "out").rglob("*.pdf"))) == 2


def test_without_weasyprint_the_build_goes_on(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(pdf, "weasyprint_problem", lambda: "WeasyPrint cannot run (OSError)")
    pdf.write(context(project, tmp_path))
    assert "WeasyPrint cannot run" in capsys.readouterr().err
    assert list(tmp_path.rglob("*.pdf")) == []


def test_entry_markup_cannot_fetch_or_inject(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1)
    body = root / "datasets/entries/114/01/114-01-001.zh.md"
    body.write_text(
        '# 標題\n\n<img src="http://example.com/x.png"><script>alert(1)</script>\n\n'
        "![圖](http://example.com/y.png)\n",
        encoding="utf-8",
    )
    dataset, _ = validate_project(root)
    ctx = BuildContext(root, AS_OF, published(dataset, AS_OF), "https://g/", tmp_path / "o")
    issue = pdf.issues(ctx.dataset)[0]
    html = pdf.issue_html(ctx, issue, "", "serif")
    assert "<script>" not in html and '<img src="http://' not in html
    with pytest.raises(ValueError):
        pdf._refuse_fetch("http://example.com/y.png")
