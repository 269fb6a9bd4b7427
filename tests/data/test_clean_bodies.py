"""Body texts that passed every check are not scanned again; a bad one is always reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_lifecycle_support import make_project, read_rows

from generator.data import rules
from generator.data.load import load_project
from generator.data.validate import validate


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the body texts scanned (`rules._text_verdict`)."""
    seen: list[str] = []
    scan = rules._text_verdict

    def counted(text: str, max_chars: int):
        seen.append(text)
        return scan(text, max_chars)

    monkeypatch.setattr(rules, "_text_verdict", counted)
    return seen


def run(root: Path, reuse: bool = True) -> list[tuple[str, str]]:
    """Validate the project; return (code, path) of every problem."""
    _, problems = validate(load_project(root), reuse=reuse)
    return [(p.code, p.path) for p in problems]


def test_a_second_run_scans_only_new_or_changed_bodies(tmp_path: Path, scans: list) -> None:
    root = make_project(tmp_path / "p", issues=2)
    assert run(root) == []
    bodies = len(scans)
    assert bodies == 8  # two issues of two entries, in two languages
    scans.clear()
    assert run(root) == []
    assert scans == []
    first = read_rows(root, "gazette_entries")[0]["body_zh"]
    (root / "datasets" / first).write_text("# 公告\n\n改過的本文。\n", encoding="utf-8")
    assert run(root) == [] and scans == ["# 公告\n\n改過的本文。\n"]
    scans.clear()
    assert run(root, reuse=False) == [] and len(scans) == bodies  # --no-cache: every text


def test_a_bad_body_is_reported_on_every_run(tmp_path: Path, scans: list) -> None:
    root = make_project(tmp_path / "p", issues=1)
    first = read_rows(root, "gazette_entries")[0]["body_zh"]
    (root / "datasets" / first).write_text("# 公告\n\n藏\u200b字\n", encoding="utf-8")
    expected = [("body-invisible-character", f"datasets/{first}")]
    assert run(root) == expected
    assert run(root) == expected  # not remembered as clean


def test_a_lower_size_limit_scans_every_body_again(tmp_path: Path, scans: list) -> None:
    root = make_project(tmp_path / "p", issues=1)
    assert run(root) == []
    scans.clear()
    with (root / "gazette.yaml").open("a", encoding="utf-8") as handle:
        handle.write("limits:\n  body_bytes: 20\n")
    problems = run(root)
    assert len(scans) == 4
    assert {code for code, _ in problems} == {"body-over-limit"}
