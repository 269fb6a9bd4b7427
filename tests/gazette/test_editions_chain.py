"""Editions the chain vouches for: attesting old editions, stray files, reissue refusals."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from generator.gazette import editions, manifest


def flip(path: Path, at: int = 5000) -> None:
    """Flip one bit of a file."""
    data = bytearray(path.read_bytes())
    data[at] ^= 1
    path.write_bytes(bytes(data))


def errors(run_cli, *args: str | Path) -> tuple[int, list[tuple]]:
    """Run a command with --format json; return its exit code and (path, line, field, code)."""
    code, out, _ = run_cli(*args, "--format", "json", "--lang", "en")
    found = json.loads(out) if out.strip().startswith("[") and code else []
    return code, [(p["path"], p["line"], p["field"], p["code"]) for p in found]


def chain_records(root: Path) -> list[dict]:
    """Return the records of the project's manifest."""
    return json.loads((root / manifest.MANIFEST_PATH).read_text("utf-8"))["issues"]


@pytest.fixture
def unattested(tmp_project):
    """The sample as it stood before its editions were attested and reissued: only issue
    records (115-22's carrying its edition's hash), no `-r<k>` files."""
    path = tmp_project.root / manifest.MANIFEST_PATH
    document = json.loads(path.read_text("utf-8"))
    document["issues"] = [r for r in document["issues"] if manifest.is_issue_record(r)]
    document["head"] = document["issues"][-1]["sha256"]
    path.write_bytes(manifest.dumps(document))
    for reissued in (tmp_project.root / "editions").rglob("*-r*.pdf"):
        reissued.unlink()
    return tmp_project


def test_attesting_vouches_for_every_stored_edition_without_changing_a_digest(unattested, run_cli):
    root = unattested.root
    before = chain_records(root)
    stored = sorted(p.relative_to(root).as_posix() for p in (root / "editions").rglob("*.pdf"))
    assert run_cli("reissue", "--attest", "--dry-run", "--root", root)[0] == 0
    assert chain_records(root) == before  # a dry run writes nothing
    code, out, err = run_cli("reissue", "--attest", "--root", root, "--format", "json")
    assert code == 0, err
    after = chain_records(root)
    assert after[: len(before)] == before  # every published digest as it was
    added = after[len(before) :]
    assert {r["kind"] for r in added} == {"edition"}
    hashed = {r["file"] for r in added} | {"editions/115/22.pdf"}  # 115-22 carried its hash
    assert sorted(hashed) == stored
    assert [a["file"] for a in json.loads(out)] == [r["file"] for r in added]
    assert manifest.chain_problems({"issues": after, "head": after[-1]["sha256"]}, "m") == []
    assert run_cli("verify", "--root", root)[0] == 0
    # Once more: nothing left to attest, nothing appended.
    assert run_cli("reissue", "--attest", "--root", root)[0] == 0
    assert chain_records(root) == after


@pytest.mark.parametrize("edition", ["114/01.pdf", "115/07.pdf", "115/22.pdf"])
def test_a_flipped_byte_in_any_attested_edition_fails_verify(unattested, run_cli, edition):
    root = unattested.root
    assert run_cli("reissue", "--attest", "--root", root)[0] == 0
    flip(root / "editions" / edition)
    issue = "-".join(edition.removesuffix(".pdf").split("/"))
    path = f"editions/{edition}"
    assert errors(run_cli, "verify", "--root", root) == (1, [(path, None, "", "edition-changed")])
    assert editions.verify(root)[0].values["issue"] == issue


def test_an_edition_file_no_record_vouches_for_is_an_error(unattested, run_cli):
    root = unattested.root
    unattested.write_bytes("editions/114/01-r1.pdf", (root / "editions/114/02.pdf").read_bytes())
    expected = [("editions/114/01-r1.pdf", None, "", "edition-unvouched")]
    assert errors(run_cli, "verify", "--root", root) == (1, expected)


def test_unattested_editions_are_noted_not_failed(unattested, run_cli):
    code, _, err = run_cli("verify", "--root", unattested.root, "--lang", "en")
    assert code == 0
    assert "45 editions in editions/ were frozen before" in err


def test_a_reissue_needs_a_reason_and_a_published_issue(unattested, run_cli):
    root = unattested.root
    assert errors(run_cli, "reissue", "114-01", "--root", root)[0] == 2
    assert errors(run_cli, "reissue", "--reason", "x", "--root", root)[0] == 2
    code, found = errors(run_cli, "reissue", "115-24", "999-01", "--reason", "x", "--root", root)
    assert (code, found) == (
        1,
        [("datasets/gazette_issues.csv", None, "issue_id", "reissue-not-published")] * 2,
    )
    code, found = errors(run_cli, "reissue", "--volume", "90", "--reason", "x", "--root", root)
    assert (code, found) == (
        1,
        [("datasets/gazette_issues.csv", None, "volume", "reissue-not-published")],
    )


def test_a_reissue_of_changed_published_data_is_refused(unattested, run_cli):
    root = unattested.root
    before = chain_records(root)
    line = next(n for n, _, cells in unattested.records("gazette_entries") if cells[1] == "114-01")
    unattested.set_cell("gazette_entries", line, "title_zh", "改過的標題")
    code, found = errors(run_cli, "reissue", "114-01", "--reason", "更正版", "--root", root)
    assert code == 1
    assert found == [("datasets/gazette_entries.csv", line, "", "manifest-entry-row-changed")]
    assert chain_records(root) == before
    assert not (root / "editions/114/01-r1.pdf").exists()


def test_a_reissue_dry_run_names_the_new_file_and_writes_nothing(unattested, run_cli):
    root = unattested.root
    before = chain_records(root)
    code, out, err = run_cli(
        "reissue", "114-01", "114-02", "--reason", "更正版", "--dry-run", "--root", root,
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    planned = [(a["kind"], a["issue_id"], a["file"]) for a in json.loads(out)]
    assert planned == [
        ("edition", "114-01", "editions/114/01.pdf"),  # the original is attested first
        ("edition", "114-02", "editions/114/02.pdf"),
        ("reissue", "114-01", "editions/114/01-r1.pdf"),
        ("reissue", "114-02", "editions/114/02-r1.pdf"),
    ]
    assert chain_records(root) == before
    assert not list((root / "editions/114").glob("*-r*.pdf"))


@pytest.mark.slow
def test_a_reissue_keeps_the_original_and_the_site_serves_the_newest(tmp_path, run_cli):
    """Publish, fix the template, reissue 114-01: both versions kept, listed and verified."""
    import time

    from test_lifecycle_support import make_project

    from generator.gazette import pdf

    root = make_project(tmp_path / "p", issues=3)
    site = tmp_path / "site"
    build = ("build", "--root", root, "--site-dir", site, "--as-of", "2025-02-28", "--quiet")
    assert run_cli(*build)[0] == 0
    original = (root / "editions/114/01.pdf").read_bytes()
    before = chain_records(root)
    override = root / "overrides/templates/pdf/issue.html.j2"
    override.parent.mkdir(parents=True)
    source = (Path(pdf.__file__).parent.parent / "site/templates/pdf/issue.html.j2").read_text()
    override.write_text(source.replace("目錄", "本期目錄"), encoding="utf-8")
    started = time.perf_counter()
    code, out, err = run_cli(
        "reissue", "114-01", "--reason", "更正版：目錄標題", "--reason-en", "Corrected: contents",
        "--root", root, "--lang", "en",
    )  # fmt: skip
    took = time.perf_counter() - started
    assert code == 0, err
    assert "editions/114/01-r1.pdf" in out
    print(f"one reissue took {took:.1f} s")
    assert (root / "editions/114/01.pdf").read_bytes() == original
    reissued = (root / "editions/114/01-r1.pdf").read_bytes()
    assert reissued != original
    after = chain_records(root)
    assert after[: len(before)] == before
    (record,) = after[len(before) :]
    assert (record["kind"], record["issue_id"], record["revision"]) == ("reissue", "114-01", 1)
    assert record["supersedes"] == before[0]["edition"]
    assert run_cli("verify", "--root", root)[0] == 0
    # The same renderer again gives the same bytes: nothing to reissue, nothing recorded.
    code, out, _ = run_cli(
        "reissue", "114-01", "--reason", "再一次", "--root", root, "--lang", "en"
    )
    assert code == 0 and "not reissued" in out
    assert chain_records(root) == after and not (root / "editions/114/01-r2.pdf").exists()

    # As of a day before the reissue, the site is as it stood then: the original only.
    code, _, err = run_cli(*build)
    assert code == 0, err
    folder = site / "gazette/114/01"
    assert (folder / "gazette-114-01.pdf").read_bytes() == original
    assert not (folder / "gazette-114-01-r1.pdf").exists()
    assert record["date"] not in (site / manifest.SITE_PATH).read_text("utf-8")
    # As of the reissue's day, the reissue is the authoritative version.
    code, _, err = run_cli(*build[:-3], "--as-of", record["date"], "--quiet")
    assert code == 0, err
    assert (folder / "gazette-114-01.pdf").read_bytes() == reissued  # what links point at
    assert (folder / "gazette-114-01-r0.pdf").read_bytes() == original
    assert (folder / "gazette-114-01-r1.pdf").read_bytes() == reissued
    zh = html.unescape((folder / "index.html").read_text("utf-8"))
    en = html.unescape((site / "en/gazette/114/01/index.html").read_text("utf-8"))
    assert "更正版第 1 版" in zh and "原版" in zh and "已由較新版本取代" in zh
    assert "更正版：目錄標題" in zh and "gazette-114-01-r0.pdf" in zh
    assert "Corrected edition 1" in en and "superseded by a newer version" in en
    assert "Corrected: contents" in en and "gazette-114-01-r1.pdf" in en
    assert (site / manifest.SITE_PATH).read_bytes() == (root / manifest.MANIFEST_PATH).read_bytes()
    assert run_cli("verify", "--site-dir", site)[0] == 0
    flip(folder / "gazette-114-01-r0.pdf")
    path = "gazette/114/01/gazette-114-01-r0.pdf"
    assert errors(run_cli, "verify", "--site-dir", site) == (
        1,
        [(path, None, "", "edition-changed")],
    )


def test_after_attesting_a_flipped_byte_in_every_single_edition_is_caught(unattested, run_cli):
    root = unattested.root
    assert run_cli("reissue", "--attest", "--root", root)[0] == 0
    stored = sorted((root / "editions").rglob("*.pdf"))
    assert len(stored) == 46
    for path in stored:
        original = path.read_bytes()
        flip(path, len(original) // 2)
        rel = path.relative_to(root).as_posix()
        assert [(p.path, p.code) for p in editions.verify(root)] == [(rel, "edition-changed")]
        path.write_bytes(original)
    assert editions.verify(root) == []


def test_attesting_skips_an_edition_never_frozen_unless_named(unattested, run_cli):
    root = unattested.root
    (root / "editions/114/03.pdf").unlink()
    assert run_cli("reissue", "--attest", "--root", root)[0] == 0
    assert "114-03" not in {r["issue_id"] for r in chain_records(root) if r.get("kind")}
    expected = [("editions/114/03.pdf", None, "", "edition-missing")]
    assert errors(run_cli, "reissue", "--attest", "114-03", "--root", root) == (1, expected)
