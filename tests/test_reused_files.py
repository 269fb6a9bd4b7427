"""ReusedFiles: an artifact writer's unchanged files come from the site a build replaces."""

from __future__ import annotations

import os
from pathlib import Path

from generator.reused_files import ReusedFiles

REL = "gazette/113/01/index.json"


def first_build(tmp_path: Path) -> tuple[Path, dict]:
    """Write one file as a build would; return its site folder and the record it leaves."""
    site = tmp_path / "site"
    files = ReusedFiles(site, None, {})
    files.write(REL, "k1", lambda: b'{"a": 1}\n')
    return site, files.now


def second_build(tmp_path: Path, site: Path, record: dict, key: str) -> tuple[ReusedFiles, list]:
    """Write the same file again into a new staging folder; return it and what was made."""
    made: list[str] = []
    files = ReusedFiles(tmp_path / "staged", site, record)
    files.write(REL, key, lambda: made.append(key) or b'{"a": 2}\n')
    return files, made


def test_an_unchanged_file_is_linked_from_the_replaced_site(tmp_path: Path) -> None:
    site, record = first_build(tmp_path)
    files, made = second_build(tmp_path, site, record, "k1")
    assert made == [] and files.linked == 1
    staged = tmp_path / "staged" / REL
    assert os.path.samefile(staged, site / REL)
    assert files.now == record  # the next build finds it as written


def test_a_changed_key_makes_the_file_again(tmp_path: Path) -> None:
    site, record = first_build(tmp_path)
    files, made = second_build(tmp_path, site, record, "k2")
    assert made == ["k2"] and files.linked == 0
    assert (tmp_path / "staged" / REL).read_bytes() == b'{"a": 2}\n'
    assert (site / REL).read_bytes() == b'{"a": 1}\n'  # never written through a link
    assert files.now[REL][0] == "k2"


def test_a_file_edited_in_the_live_site_is_made_again(tmp_path: Path) -> None:
    site, record = first_build(tmp_path)
    live = site / REL
    live.write_bytes(b'{"a": 9}\n')  # same size, a new time
    files, made = second_build(tmp_path, site, record, "k1")
    assert made == ["k1"] and files.linked == 0
    assert (tmp_path / "staged" / REL).read_bytes() == b'{"a": 2}\n'


def test_a_file_behind_a_symlinked_folder_is_made_again(tmp_path: Path) -> None:
    site, record = first_build(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (site / "gazette").rename(elsewhere)
    (site / "gazette").symlink_to(elsewhere, target_is_directory=True)
    _, made = second_build(tmp_path, site, record, "k1")
    assert made == ["k1"]


def test_no_record_or_no_site_makes_every_file(tmp_path: Path) -> None:
    site, record = first_build(tmp_path)
    assert second_build(tmp_path, site, {}, "k1")[1] == ["k1"]
    assert second_build(tmp_path, tmp_path / "gone", record, "k1")[1] == ["k1"]
    assert second_build(tmp_path, site, {REL: "damaged"}, "k1")[1] == ["k1"]
