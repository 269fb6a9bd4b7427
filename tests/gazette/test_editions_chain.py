"""Editions the chain vouches for: attesting old editions, stray files, reissue refusals."""

from __future__ import annotations

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


def test_attesting_vouches_for_every_stored_edition_without_changing_a_digest(tmp_project, run_cli):
    root = tmp_project.root
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
def test_a_flipped_byte_in_any_attested_edition_fails_verify(tmp_project, run_cli, edition):
    root = tmp_project.root
    assert run_cli("reissue", "--attest", "--root", root)[0] == 0
    flip(root / "editions" / edition)
    issue = "-".join(edition.removesuffix(".pdf").split("/"))
    path = f"editions/{edition}"
    assert errors(run_cli, "verify", "--root", root) == (1, [(path, None, "", "edition-changed")])
    assert editions.verify(root)[0].values["issue"] == issue


def test_an_edition_file_no_record_vouches_for_is_an_error(tmp_project, run_cli):
    root = tmp_project.root
    tmp_project.write_bytes("editions/114/01-r1.pdf", (root / "editions/114/02.pdf").read_bytes())
    expected = [("editions/114/01-r1.pdf", None, "", "edition-unvouched")]
    assert errors(run_cli, "verify", "--root", root) == (1, expected)


def test_unattested_editions_are_noted_not_failed(tmp_project, run_cli):
    code, _, err = run_cli("verify", "--root", tmp_project.root, "--lang", "en")
    assert code == 0
    assert "45 editions in editions/ were frozen before" in err


def test_a_reissue_needs_a_reason_and_a_published_issue(tmp_project, run_cli):
    root = tmp_project.root
    assert errors(run_cli, "reissue", "114-01", "--root", root)[0] == 2
    assert errors(run_cli, "reissue", "--reason", "x", "--root", root)[0] == 2
    code, found = errors(run_cli, "reissue", "115-24", "999-01", "--reason", "x", "--root", root)
    assert (code, found) == (
        1,
        [("datasets/gazette_issues.csv", None, "issue_id", "reissue-not-published")] * 2,
    )


def test_a_reissue_of_changed_published_data_is_refused(tmp_project, run_cli):
    root = tmp_project.root
    before = chain_records(root)
    line = next(n for n, _, cells in tmp_project.records("gazette_entries") if cells[1] == "114-01")
    tmp_project.set_cell("gazette_entries", line, "title_zh", "改過的標題")
    code, found = errors(run_cli, "reissue", "114-01", "--reason", "更正版", "--root", root)
    assert code == 1
    assert found == [("datasets/gazette_entries.csv", line, "", "manifest-entry-row-changed")]
    assert chain_records(root) == before
    assert not (root / "editions/114/01-r1.pdf").exists()


def test_a_reissue_dry_run_names_the_new_file_and_writes_nothing(tmp_project, run_cli):
    root = tmp_project.root
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
