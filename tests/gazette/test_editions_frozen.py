"""Frozen PDF editions: stored once at publication, copied after, hashed in the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from test_lifecycle_support import ENTRY_HEADER, make_project, read_rows, write_rows

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.errors import Refused
from generator.gazette import editions, manifest, pdf
from generator.models import BuildContext

# Every test renders PDF editions with WeasyPrint: seconds each, so not in `make test-fast`.
pytestmark = pytest.mark.slow

AS_OF = dt.date(2025, 1, 31)  # issues 114-01 and 114-02 published, 114-03 not yet
TODAY = dt.date(2025, 2, 20)


def publish(
    root: Path, out: Path, as_of: dt.date = AS_OF, today: dt.date = TODAY, anchored: bool = False
) -> dict:
    """Run the build's edition steps: check, prepare, write the PDFs, record; return them.

    `anchored`: the check also holds the chain already in `out` (the build's site anchor).
    """
    dataset, problems = validate_project(root)
    assert problems == []
    plan = manifest.check(dataset, as_of, today=today, site_dir=out if anchored else None)
    assert plan.problems == []
    ctx = BuildContext(root, as_of, published(dataset, as_of), "https://g.example.tw/", out)
    found = editions.prepare(ctx, plan)
    editions.write(ctx)
    manifest.write_site(ctx)
    plan.record()
    return found


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", issues=3)


def test_publishing_stores_editions_and_records_their_hashes(project: Path, tmp_path: Path) -> None:
    found = publish(project, tmp_path / "site")
    stored = sorted(p.relative_to(project).as_posix() for p in (project / "editions").rglob("*"))
    assert stored == ["editions/114", "editions/114/01.pdf", "editions/114/02.pdf"]
    recorded = manifest.load(project / manifest.MANIFEST_PATH, "")[0]
    hashes = {r["issue_id"]: r["edition"] for r in recorded["issues"]}
    assert hashes == {
        "114-01": sha(project / "editions/114/01.pdf"),
        "114-02": found["114-02"].sha256,
    }
    assert manifest.chain_problems(recorded, "m") == []
    site = (tmp_path / "site/gazette/114/02/gazette-114-02.pdf").read_bytes()
    assert site == (project / "editions/114/02.pdf").read_bytes()
    # The published site's manifest carries the same chain as the repository's.
    assert manifest.dumps(manifest.load_site(tmp_path / "site")[0]) == manifest.dumps(recorded)
    assert editions.verify(project) == []


def test_a_template_change_leaves_published_editions_alone(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(project, tmp_path / "first")
    before = {p.name: p.read_bytes() for p in (project / "editions/114").iterdir()}
    override = project / "overrides/templates/pdf/issue.html.j2"
    override.parent.mkdir(parents=True)
    source = (Path(pdf.__file__).parent.parent / "site/templates/pdf/issue.html.j2").read_text()
    override.write_text(source.replace("目錄", "本期目錄"), encoding="utf-8")
    rendered: list[str] = []
    real = pdf.render_pdf

    def spy(**job: object) -> bytes:
        rendered.append(str(job["identifier"]))
        return real(**job)

    monkeypatch.setattr(editions, "MAX_WORKERS", 1)
    monkeypatch.setattr(pdf, "render_pdf", spy)
    publish(project, tmp_path / "second", as_of=dt.date(2025, 2, 15), today=TODAY)
    assert rendered == ["gazette-114-03"]  # only the newly published issue
    after = {p.name: p.read_bytes() for p in (project / "editions/114").iterdir()}
    assert {k: after[k] for k in before} == before
    assert sorted(after) == ["01.pdf", "02.pdf", "03.pdf"]
    for number in ("01", "02"):
        site = tmp_path / f"second/gazette/114/{number}/gazette-114-{number}.pdf"
        assert site.read_bytes() == before[f"{number}.pdf"]


def test_a_preview_renders_but_stores_nothing(project: Path, tmp_path: Path) -> None:
    found = publish(project, tmp_path / "site", today=dt.date(2025, 1, 20))
    assert not (project / "editions").exists()
    assert not (project / manifest.MANIFEST_PATH).exists()
    assert (tmp_path / "site/gazette/114/02/gazette-114-02.pdf").is_file()
    assert not found["114-02"].stored and not found["114-02"].signed


def test_the_publication_day_follows_a_preview_built_into_the_same_folder(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    preview = publish(project, site, today=dt.date(2025, 1, 20))  # 114-02 is out on 01-31
    assert not preview["114-02"].stored
    # The preview's site lists 114-01 and 114-02 with editions never frozen nor recorded.
    # Published on its day into the same folder, the chain's new records carry the frozen
    # editions' digests: not the preview's, and that is no rewrite of what was published.
    found = publish(project, site, anchored=True)
    assert found["114-02"].chained and (project / "editions/114/02.pdf").is_file()
    recorded = manifest.load(project / manifest.MANIFEST_PATH, "")[0]
    assert [r["issue_id"] for r in recorded["issues"]] == ["114-01", "114-02"]
    assert (
        manifest.check(validate_project(project)[0], AS_OF, today=TODAY, site_dir=site).problems
        == []
    )


def test_what_a_preview_showed_is_locked_by_its_text_once_its_day_has_come(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(project, site, today=dt.date(2025, 1, 20))
    rows = read_rows(project, "gazette_entries")
    rows[0]["title_zh"] = "預覽公開後才改的主旨"  # 114-01-001: public since 01-15
    write_rows(project, "gazette_entries", ENTRY_HEADER, rows)
    with pytest.raises(AssertionError):
        publish(project, site, anchored=True)
    dataset, _ = validate_project(project)
    plan = manifest.check(dataset, AS_OF, today=TODAY, site_dir=site)
    assert [(p.code, p.values["issue"]) for p in plan.problems] == [
        ("manifest-anchor-changed", "114-01")
    ]
    assert not (project / manifest.MANIFEST_PATH).exists()


def test_a_changed_or_missing_edition_is_refused(project: Path, tmp_path: Path) -> None:
    publish(project, tmp_path / "site")
    stored = project / "editions/114/01.pdf"
    stored.write_bytes(stored.read_bytes() + b"\n% changed\n")
    assert [p.code for p in editions.verify(project)] == ["edition-changed"]
    with pytest.raises(Refused) as caught:
        publish(project, tmp_path / "again")
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("edition-changed", "editions/114/01.pdf")
    ]
    stored.unlink()
    with pytest.raises(Refused) as caught:
        publish(project, tmp_path / "again")
    assert [p.code for p in caught.value.problems] == ["edition-missing"]


def test_verify_checks_a_built_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(project, site)
    rows = [{"issue_id": f"114-0{n}", "volume": 114, "number": n} for n in (1, 2)]
    (site / "data").mkdir()
    (site / "data/gazette_issues.json").write_text(json.dumps(rows), encoding="utf-8")
    assert editions.verify(project, site_dir=site) == []
    target = site / "gazette/114/02/gazette-114-02.pdf"
    target.write_bytes(target.read_bytes().replace(b"%%EOF", b"%%EOF "))
    assert [p.code for p in editions.verify(project, site_dir=site)] == ["edition-changed"]


def test_an_edition_stored_by_a_build_that_failed_to_record_is_reused(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(project, tmp_path / "first")
    stored = (project / "editions/114/02.pdf").read_bytes()
    (project / manifest.MANIFEST_PATH).unlink()  # as if recording had failed after storing

    def refuse(**job: object) -> bytes:
        raise AssertionError("a stored edition was rendered again")

    monkeypatch.setattr(pdf, "render_pdf", refuse)
    publish(project, tmp_path / "second")
    recorded = manifest.load(project / manifest.MANIFEST_PATH, "")[0]
    assert recorded["issues"][1]["edition"] == hashlib.sha256(stored).hexdigest()
    assert manifest.dumps(manifest.load_site(tmp_path / "second")[0]) == manifest.dumps(recorded)


EDITION_CODES = {
    "pdf-renderer-missing": {"detail"},
    "pdf-font-missing": {"package"},
    "pdf-glyph-missing": {"issue", "entry", "chars", "font"},
    "edition-missing": {"issue", "file"},
    "edition-changed": {"issue", "file"},
    "edition-signature-invalid": {"issue", "file", "detail"},
    "signing-key-unreadable": {"file", "env"},
    "signing-cert-unreadable": {"file", "detail"},
}


@pytest.mark.parametrize("code", sorted(EDITION_CODES))
def test_edition_codes_have_both_languages_and_their_fields(code: str) -> None:
    import string

    from generator.messages import catalogue

    entry = catalogue()[code]
    assert set(entry["title"]) == {"zh-TW", "en"}
    for lang in ("zh-TW", "en"):
        fields = {name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
        assert fields == EDITION_CODES[code], (code, lang)
