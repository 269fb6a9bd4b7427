"""Issue #22, the importer: ids are checked before any path is built from them, and a dry
run writes nothing, not even through a link planted in datasets/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.data.safe_ids import is_safe_id

HEADER = ["事項編號", "期別代碼", "類別", "發文機關", "發文字號", "發文日期", "主旨", "中文全文檔"]
BODY_TEXT = "公告本府新的上班時間，自即日起實施，請各單位配合辦理。"


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Return every file's bytes (and every link's target) under `root`, by relative path."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


def entries_csv(path: Path, entry_id: str, issue: str = "113-03", body: str = BODY_TEXT) -> Path:
    """Write a one-row entries source file."""
    row = [entry_id, issue, "公告", "secretariat", "府秘文字第1130001000號", "1130212",
           "公告事項", body]  # fmt: skip
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def report(stdout: str) -> list[tuple[str, int | None, str, str]]:
    """Project a JSON report onto (path, line, field, code)."""
    return [(p["path"], p["line"], p["field"], p["code"]) for p in json.loads(stdout)]


@pytest.mark.parametrize(
    ("entry_id", "issue"),
    [("../../content/zh/about", "113-03"), ("113-03-002/../../../x", "113-03"),
     ("", "../../../../tmp/evil"), ("-113-03-002", "113-03"), ("113-03-002\\..", "113-03")],
)  # fmt: skip
def test_an_unsafe_id_is_refused_before_any_path_is_built(
    mini_project, run_cli, tmp_path, entry_id, issue
):
    source = entries_csv(tmp_path / "entries.csv", entry_id, issue)
    before = snapshot(mini_project.root)
    outside = snapshot(tmp_path.parent)
    code, out, _ = run_cli("import", source, "--into", "gazette_entries",
                           "--root", mini_project.root, "--format", "json")  # fmt: skip
    assert code == 1
    field = "事項編號" if entry_id else "期別代碼"
    assert (str(source), 2, field, "import-id-invalid") in report(out)
    assert snapshot(mini_project.root) == before
    assert snapshot(tmp_path.parent) == outside


def test_a_dry_run_writes_nothing_anywhere(mini_project, run_cli, tmp_path, monkeypatch):
    caches = tmp_path / "caches"
    caches.mkdir()
    monkeypatch.setenv("GAZETTE_CACHE_DIR", str(caches))  # shared with the real project
    source = entries_csv(tmp_path / "entries.csv", "113-03-002")
    before = snapshot(mini_project.root)
    code, out, err = run_cli("import", source, "--into", "gazette_entries",
                             "--root", mini_project.root, "--dry-run")  # fmt: skip
    assert code == 0, out + err
    assert snapshot(mini_project.root) == before
    assert snapshot(caches) == {}
    code, _, _ = run_cli("import", source, "--into", "gazette_entries",
                         "--root", mini_project.root)  # fmt: skip
    assert code == 0
    assert (mini_project.root / "datasets/entries/113/113-03-002.zh.md").is_file()


def test_a_dry_run_does_not_write_through_a_planted_link(mini_project, run_cli, tmp_path):
    # A dangling link where the new body goes, pointing at a published body's folder
    # outside the copy the import validates: writing through it would change real files.
    published = mini_project.root / "datasets/entries/113-01-001.zh.md"
    victim = tmp_path / "victim.md"
    folder = mini_project.root / "datasets/entries/113"
    folder.mkdir(parents=True)
    (folder / "113-03-002.zh.md").symlink_to(victim)
    source = entries_csv(tmp_path / "entries.csv", "113-03-002")
    before, published_bytes = snapshot(mini_project.root), published.read_bytes()
    for extra in (("--dry-run",), ()):
        code, out, _ = run_cli("import", source, "--into", "gazette_entries",
                               "--root", mini_project.root, "--format", "json", *extra)  # fmt: skip
        assert code == 1
        assert ("datasets/entries/113/113-03-002.zh.md", None, "", "import-body-link") in report(
            out
        )
        assert not victim.exists()
        assert snapshot(mini_project.root) == before
        assert published.read_bytes() == published_bytes


@pytest.mark.parametrize(
    ("value", "pattern", "safe"),
    [("113-05-003", "[0-9]{2,3}-[0-9]{2,3}-[0-9]{3}", True),
     ("113-05-003x", "[0-9]{2,3}-[0-9]{2,3}-[0-9]{3}", False),
     ("a/b", "", False), ("..", ".*", False), (".hidden", ".*", False), ("ok_1", "", True)],
)  # fmt: skip
def test_is_safe_id(value, pattern, safe):
    assert is_safe_id(value, pattern) is safe
