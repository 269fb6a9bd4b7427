"""The manifest is anchored: it may only grow across git history, the published site and
a published copy given to `gazette verify --against` (issue 11: the chain could be reset)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from portal_support import git
from test_lifecycle_support import ENTRY_HEADER, make_project, read_rows, write_rows

from generator.cli import main
from generator.data.validate import validate_project
from generator.gazette import anchor, manifest
from generator.site import sitedir

# Four issues: 114-01 (01-15), 114-02 (01-31), 114-03 (02-15), 114-04 (02-28).
AS_OF = dt.date(2025, 2, 15)  # 114-04 is not published yet
TODAY = dt.date(2026, 1, 1)
MANIFEST = manifest.MANIFEST_PATH


def check(root: Path, site_dir: Path | None = None) -> manifest.Plan:
    """Validate the project and check it against its manifest and anchors."""
    dataset, problems = validate_project(root)
    assert problems == [], problems
    return manifest.check(dataset, AS_OF, today=TODAY, site_dir=site_dir)


def found(plan_or_problems) -> set[tuple[str, str]]:
    """Return (code, issue) of every anchor problem."""
    problems = getattr(plan_or_problems, "problems", plan_or_problems)
    return {(p.code, p.values.get("issue")) for p in problems if p.code.startswith("manifest-a")}


def retitle(root: Path, entry_id: str, title: str) -> None:
    """Edit one entry's title, as a forger would."""
    rows = read_rows(root, "gazette_entries")
    for row in rows:
        if row["entry_id"] == entry_id:
            row["title_zh"] = title
    write_rows(root, "gazette_entries", ENTRY_HEADER, rows)


def drop_last_record(root: Path) -> None:
    """Remove the newest issue from the manifest and point its head at the one before."""
    path = root / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data["issues"].pop()
    data["head"] = data["issues"][-1]["sha256"]
    path.write_bytes(manifest.dumps(data))


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """Return a git project whose manifest (three published issues) is committed."""
    root = make_project(tmp_path / "p", issues=4)
    assert check(root).record() is True
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "publish 114-03")
    return root


def test_deleting_the_manifest_and_forging_an_entry_is_refused(committed: Path) -> None:
    (committed / MANIFEST).unlink()
    retitle(committed, "114-02-001", "偽造的主旨")
    assert found(check(committed)) >= {("manifest-anchor-missing", "114-01")}
    code = main(["build", "--root", str(committed), "--as-of", "2025-02-15", "--quiet"])
    assert code == 1
    assert not (committed / "site").exists()


def test_a_deleted_manifest_fails_verify_naming_the_first_issue(committed: Path, capsys) -> None:
    (committed / MANIFEST).unlink()
    assert main(["verify", "--root", str(committed), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "manifest-anchor" not in out and "114-01" in out and "git commit" in out


def test_dropping_the_last_record_is_refused_by_build_and_verify(committed: Path) -> None:
    drop_last_record(committed)
    assert manifest.chain_problems(json.loads((committed / MANIFEST).read_text()), "m") == []
    assert found(check(committed)) == {("manifest-anchor-missing", "114-03")}
    assert main(["verify", "--root", str(committed)]) == 1


def test_a_rewritten_and_recommitted_chain_is_still_refused(committed: Path) -> None:
    # Committing the forgery does not help: the earlier commit still holds the chain.
    (committed / MANIFEST).unlink()
    retitle(committed, "114-01-001", "偽造的主旨")
    dataset, _ = validate_project(committed)
    forged = manifest.check(dataset, AS_OF, today=TODAY).manifest  # refused, written by hand
    manifest.write_atomic(committed / MANIFEST, manifest.dumps(forged))
    git(committed, "commit", "-q", "-am", "forged")
    assert found(check(committed)) == {("manifest-anchor-changed", "114-01")}


def test_an_honest_next_issue_extends_the_chain(committed: Path) -> None:
    dataset, _ = validate_project(committed)
    plan = manifest.check(dataset, dt.date(2025, 2, 28), today=TODAY)
    assert plan.problems == [] and plan.record() is True
    git(committed, "commit", "-q", "-am", "publish 114-04")
    assert check(committed).problems == []
    assert main(["verify", "--root", str(committed)]) == 0


def test_a_build_after_today_is_a_preview_and_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=4)
    dataset, _ = validate_project(root)
    notes: list = []
    plan = manifest.check(dataset, AS_OF, today=AS_OF - dt.timedelta(days=1), notes=notes)
    assert plan.record() is False and not (root / MANIFEST).exists()  # nothing recorded
    previews = [n for n in notes if n.code == "manifest-preview-not-recorded"]
    assert [(n.path, n.field, n.values["issues"]) for n in previews] == [
        ("datasets/gazette_issues.csv", "publication_date", "114-01, 114-02, 114-03")
    ]
    notes.clear()  # on the day itself the issues are published, with no such note
    assert manifest.check(dataset, AS_OF, today=AS_OF, notes=notes).record() is True
    assert [n for n in notes if n.code == "manifest-preview-not-recorded"] == []


def test_a_project_outside_git_is_checked_with_a_note(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p", issues=4)
    check(root).record()
    assert main(["verify", "--root", str(root), "--lang", "en"]) == 0
    assert "not in a git repository" in capsys.readouterr().err
    assert anchor.git_anchors(root) is None


def published_site(root: Path, folder: Path) -> Path:
    """Return a stand-in for the published site: the manifest of the three issues."""
    site = folder / "site"
    site.mkdir(parents=True)
    document, _ = manifest.load(root / MANIFEST, MANIFEST)
    manifest.write_chain(site, document)
    sitedir.mark(site)
    return site


def test_a_build_into_the_published_site_refuses_a_shortened_chain(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=4)  # outside git: only the site anchors it
    check(root).record()
    site = published_site(root, tmp_path)
    drop_last_record(root)
    retitle(root, "114-03-001", "偽造的主旨")
    assert found(check(root, site)) == {("manifest-anchor-changed", "114-03")}
    assert check(root).problems == []  # without the site nothing would notice


def test_a_build_into_the_published_site_refuses_an_unpublished_issue(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=4)
    check(root).record()
    site = published_site(root, tmp_path)
    drop_last_record(root)
    gone = {"114-03", "114-04"}  # the published issue, and the next so numbers still run on
    rows = [r for r in read_rows(root, "gazette_entries") if r["issue_id"] not in gone]
    write_rows(root, "gazette_entries", ENTRY_HEADER, rows)
    issues = read_rows(root, "gazette_issues")
    header = list(issues[0])
    write_rows(root, "gazette_issues", header, [r for r in issues if r["issue_id"] not in gone])
    assert ("manifest-anchor-missing", "114-03") in found(check(root, site))


def test_verify_against_a_published_copy(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=4)
    check(root).record()
    published = tmp_path / "published-manifest.json"
    shutil.copy(root / MANIFEST, published)
    assert main(["verify", "--root", str(root), "--against", str(published)]) == 0
    drop_last_record(root)
    assert main(["verify", "--root", str(root), "--against", str(published)]) == 1
    site = published_site(root, tmp_path)  # a site whose manifest lost 114-03 as well
    problems = manifest.verify(root, site_dir=site, against=str(published))
    assert found(problems) == {("manifest-anchor-missing", "114-03")}
    assert main(["verify", "--root", str(root), "--against", str(tmp_path / "none")]) == 1


def test_extension_rules() -> None:
    base = anchor.Anchor("x", [("a", "1"), ("b", "2")])
    assert anchor.extension_problems([("a", "1"), ("b", "2"), ("c", "3")], base, "m") == []
    assert found(anchor.extension_problems([("a", "1")], base, "m")) == {
        ("manifest-anchor-missing", "b")
    }
    assert found(anchor.extension_problems([("a", "1"), ("b", "9")], base, "m")) == {
        ("manifest-anchor-changed", "b")
    }


def test_tags_name_each_newly_recorded_issue(committed: Path, monkeypatch, capsys) -> None:
    dataset, _ = validate_project(committed)
    plan = manifest.check(dataset, dt.date(2025, 2, 28), today=TODAY)
    assert plan.record() is True
    head = plan.manifest["issues"][-1]["sha256"]
    assert anchor.new_records(committed) == [("114-04", head)]
    assert main(["tags", "--root", str(committed)]) == 0
    assert capsys.readouterr().out == f"gazette-114-04 {head}\n"
    assert main(["tags", "--root", str(committed), "--since", "HEAD~0"]) == 0
    assert capsys.readouterr().out == f"gazette-114-04 {head}\n"
    (committed / MANIFEST).unlink()
    assert main(["tags", "--root", str(committed)]) == 1


def test_a_preview_site_does_not_lock_issues_before_their_date(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=4)
    dataset, _ = validate_project(root)
    preview = manifest.check(dataset, dt.date(2025, 2, 28), today=dt.date(2025, 2, 20))
    site = tmp_path / "site"
    manifest.write_chain(site, preview.manifest)  # shows 114-04
    retitle(root, "114-04-001", "預覽後修改的主旨")  # 114-04 appears on 02-28: not yet public
    dataset, _ = validate_project(root)
    plan = manifest.check(dataset, dt.date(2025, 2, 28), today=dt.date(2025, 2, 20), site_dir=site)
    assert found(plan) == set()
    plan = manifest.check(dataset, dt.date(2025, 2, 28), today=TODAY, site_dir=site)
    assert found(plan) == {("manifest-anchor-changed", "114-04")}  # once public, it is locked


def test_check_and_record_returns_its_note_and_prints_nothing(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p", issues=4)
    dataset, _ = validate_project(root)
    notes: list = []
    manifest.check_and_record(root, dataset, AS_OF, notes=notes)
    assert [(n.path, n.line, n.field, n.code) for n in notes] == [
        (MANIFEST, None, "", "manifest-history-unavailable")
    ]
    assert capsys.readouterr() == ("", "")  # the CLI reports it, in the reader's language


@pytest.mark.parametrize(
    ("lang", "fmt", "expected"),
    [
        ("zh-TW", "text", "專案不在 git 版本庫中"),
        ("en", "text", "not in a git repository"),
        ("en", "json", "not in a git repository"),
        ("zh-TW", "json", "專案不在 git 版本庫中"),
    ],
)
def test_build_reports_the_history_note_in_the_chosen_language_and_format(
    tmp_path: Path, monkeypatch, capsys, lang: str, fmt: str, expected: str
) -> None:
    # Only the stages up to the manifest check run: render and publish are stubbed out.
    root = make_project(tmp_path / "p", issues=4)
    monkeypatch.setattr("generator.commands.build.render_stage", lambda *args: None)
    monkeypatch.setattr("generator.commands.build.publish", lambda *args: None)
    args = ["build", "--root", str(root), "--as-of", AS_OF.isoformat(), "--quiet"]
    assert main([*args, "--lang", lang, "--format", fmt]) == 0
    out, err = capsys.readouterr()
    other = "not in a git repository" if lang == "zh-TW" else "專案不在 git 版本庫中"
    assert other not in out + err
    if fmt == "json":
        warnings = json.loads(out)["warnings"]
        assert [(w["path"], w["code"]) for w in warnings] == [
            (MANIFEST, "manifest-history-unavailable")
        ]
        assert expected in warnings[0]["message"]
        assert err == ""
    else:
        assert out == ""
        assert expected in err and f"{MANIFEST}:" in err
