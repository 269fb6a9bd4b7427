"""The PDF cache's fast path: unchanged issues skip their HTML; any changed input renders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_lifecycle_support import make_project

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import pdf
from generator.models import BuildContext

AS_OF = dt.date(2025, 2, 28)  # three of three issues published


def context(root: Path, out: Path) -> BuildContext:
    """Return a build context for the project's data cut at AS_OF."""
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, AS_OF, published(dataset, AS_OF), "https://g.example.tw/", out)


def fake_render(todo: dict[str, tuple[str, str]], cache: Path) -> None:
    """Store a stand-in PDF per missing key: these tests are about the cache, not WeasyPrint."""
    for key, (html, _) in todo.items():
        (cache / f"{key}.pdf").write_bytes(b"%PDF " + html.encode()[:200])


class Counter:
    """Count the issues whose HTML was rendered, by issue id."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.real = pdf.issue_html

    def __call__(self, ctx: BuildContext, issue: dict, *args: object) -> str:
        self.seen.append(issue["issue_id"])
        return self.real(ctx, issue, *args)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GAZETTE_PDF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "_render_missing", fake_render)
    root = make_project(tmp_path / "p", issues=3)
    pdf.write(context(root, tmp_path / "first"))
    return root


def rewrite(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Write the PDFs again; return the issues whose HTML had to be rendered."""
    counter = Counter()
    monkeypatch.setattr(pdf, "issue_html", counter)
    pdf.write(context(root, out))
    return sorted(counter.seen)


def test_unchanged_issues_render_no_html(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rewrite(project, tmp_path / "again", monkeypatch) == []
    first = sorted((tmp_path / "first").rglob("*.pdf"))
    assert len(first) == 3
    for path in first:
        again = tmp_path / "again" / path.relative_to(tmp_path / "first")
        assert again.read_bytes() == path.read_bytes()


def test_a_changed_body_renders_that_issue_only(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = sorted((project / "datasets/entries").rglob("*.zh.md"))[0]
    body.write_text(body.read_text(encoding="utf-8") + "\n追加一段。\n", encoding="utf-8")
    issue_id = body.name.rsplit("-", 1)[0]
    assert rewrite(project, tmp_path / "again", monkeypatch) == [issue_id]


def test_an_overridden_template_renders_every_issue(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = pdf.environment(None).loader.get_source(pdf.environment(None), pdf.TEMPLATE)[0]
    override = project / "overrides/templates" / pdf.TEMPLATE
    override.parent.mkdir(parents=True)
    override.write_text(source.replace("出刊", "發行"), encoding="utf-8")
    assert len(rewrite(project, tmp_path / "again", monkeypatch)) == 3


def test_a_lost_cached_pdf_is_rendered_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for cached in (tmp_path / "cache").glob("*.pdf"):
        cached.unlink()
    assert len(rewrite(project, tmp_path / "again", monkeypatch)) == 3
    assert len(list((tmp_path / "again").rglob("*.pdf"))) == 3
