"""The sample's stored PDF editions, as the chain vouches for them: every authoritative
edition shows its issue's text and no Markdown or HTML syntax, and any byte changed in any
stored edition (original or reissue) fails `gazette verify`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.gazette import editions, manifest
from generator.gazette.edition_check import pdf_text

REPO = Path(__file__).resolve().parents[2]
SYNTAX = ("**", "__", "[TABLE]", "&lt;", "&gt;", "&amp;")


def _vouched() -> dict[str, tuple[editions.Version, ...]]:
    recorded, problems = manifest.load(REPO / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
    assert problems == [] and recorded is not None
    return editions.versions(recorded["issues"], editions._repo_numbers(REPO))


def test_every_stored_edition_is_vouched_for_by_the_chain() -> None:
    files = {v.file for chained in _vouched().values() for v in chained}
    stored = {p.relative_to(REPO).as_posix() for p in (REPO / "editions").rglob("*.pdf")}
    assert stored == files and len(stored) > 46


@pytest.mark.slow
def test_no_authoritative_edition_shows_syntax_as_text() -> None:
    shown = {}
    for issue_id, chained in sorted(_vouched().items()):
        text = pdf_text((REPO / chained[-1].file).read_bytes())
        found = [mark for mark in SYNTAX if mark in text]
        if found:
            shown[issue_id] = found
    assert shown == {}


@pytest.mark.slow
def test_a_byte_flipped_in_any_stored_edition_fails_verify(tmp_path: Path, run_cli) -> None:
    root = tmp_path / "p"
    for name in ("datasets", "editions"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "gazette.yaml", root / "gazette.yaml")
    assert run_cli("verify", "--root", root, "--quiet")[0] == 0
    # One bit flipped in every stored edition at once: one run must name each of them (a
    # check that stopped at the first bad file would leave the others unreported).
    flipped = sorted((root / "editions").rglob("*.pdf"))
    assert flipped
    for path in flipped:
        data = path.read_bytes()
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    code, out, _ = run_cli("verify", "--root", root, "--lang", "en")
    assert code == 1
    unreported = [p for p in flipped if f"{p.relative_to(root).as_posix()}:" not in out]
    assert unreported == [], out
