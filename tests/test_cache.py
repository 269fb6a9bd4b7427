"""The one cache mechanism (issue 27): code stamps, checked entries, atomic writes, folders."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator import cache

OWNS = re.compile(r".*\.json")


def store(folder: Path, stamp: str = "stamp-1") -> cache.Store:
    return cache.Store(folder, OWNS, stamp)


def test_an_entry_round_trips(tmp_path: Path) -> None:
    store(tmp_path).put_json("a.json", {"x": [1, "二"]})
    assert store(tmp_path).get_json("a.json") == {"x": [1, "二"]}


def test_an_entry_of_another_code_stamp_misses(tmp_path: Path) -> None:
    store(tmp_path, "old code").put_json("a.json", {"x": 1})
    assert store(tmp_path, "new code").get_json("a.json") is None
    assert store(tmp_path, "old code").get_json("a.json") == {"x": 1}


def test_an_entry_under_another_name_misses(tmp_path: Path) -> None:
    # The header names the key: a file copied or renamed to another key is not trusted.
    store(tmp_path).put_json("a.json", {"x": 1})
    (tmp_path / "b.json").write_bytes((tmp_path / "a.json").read_bytes())
    assert store(tmp_path).get_json("b.json") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) - 3],  # truncated payload
        lambda b: b[:20],  # truncated header
        lambda b: b.replace(b'"x": 1', b'"x": 2'),  # payload changed, checksum not
        lambda b: b"",  # empty
        lambda b: b"\xff\xfe not json\n{}",  # garbage header
        lambda b: b.split(b"\n", 1)[1],  # the header gone
    ],
    ids=["truncated", "short-header", "tampered", "empty", "garbage", "no-header"],
)
def test_a_damaged_entry_misses_and_is_rewritten(tmp_path: Path, damage) -> None:
    store(tmp_path).put_json("a.json", {"x": 1})
    path = tmp_path / "a.json"
    path.write_bytes(damage(path.read_bytes()))
    assert store(tmp_path).get_json("a.json") is None
    store(tmp_path).put_json("a.json", {"x": 1})  # what a cache does after a miss
    assert store(tmp_path).get_json("a.json") == {"x": 1}


def test_the_entry_header_holds_key_stamp_and_checksum(tmp_path: Path) -> None:
    store(tmp_path).put_entry("a.json", b"payload")
    header, payload = (tmp_path / "a.json").read_bytes().split(b"\n", 1)
    assert payload == b"payload"
    assert json.loads(header) == {
        "format": cache.FORMAT,
        "key": "a.json",
        "stamp": "stamp-1",
        "sha256": cache.sha256(b"payload"),
    }


def test_a_blob_is_checked_against_its_digest(tmp_path: Path) -> None:
    sha = cache.sha256(b"bytes")
    store(tmp_path).write(f"{sha}.csv", b"bytes")
    assert store(tmp_path).read(f"{sha}.csv", sha) == b"bytes"
    (tmp_path / f"{sha}.csv").write_bytes(b"bytez")
    assert store(tmp_path).read(f"{sha}.csv", sha) is None


def test_a_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store(tmp_path).put_json("a.json", {"x": 1})

    def interrupted(source: str, target: str) -> None:
        raise OSError("killed before the rename")

    monkeypatch.setattr(os, "replace", interrupted)
    store(tmp_path).put_json("a.json", {"x": 2})  # a cache that cannot be written is skipped
    monkeypatch.undo()
    assert store(tmp_path).get_json("a.json") == {"x": 1}  # the old entry, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]  # no temporary left


def test_a_store_without_folder_keeps_nothing(tmp_path: Path) -> None:
    nothing = cache.Store(None, OWNS)
    nothing.put_json("a.json", 1)
    assert nothing.get_json("a.json") is None


def test_prune_keeps_what_this_build_used(tmp_path: Path) -> None:
    store(tmp_path).put_json("old.json", 1)
    (tmp_path / "not-ours.txt").write_text("x")
    now = store(tmp_path)
    now.put_json("new.json", 2)
    now.prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "not-ours.txt"]


def test_code_stamps_differ_when_their_inputs_differ() -> None:
    base = cache.code_stamp("generator.roc")
    assert cache.code_stamp("generator.roc") == base
    assert cache.code_stamp("generator.roc", version=2) != base
    assert cache.code_stamp("generator.schedule") != base
    assert cache.code_stamp("generator.roc", libraries=("pandas",)) != base
    assert cache.code_stamp("generator.roc", extra=("zlib 1.3",)) != base


def test_a_package_stamp_covers_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "stamped_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "page.j2").write_text("{{ a }}")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = cache.code_stamp("stamped_pkg", suffixes=(".py", ".j2"))
    (package / "page.j2").write_text("{{ b }}")
    cache._stamp.cache_clear()  # a new process: the stamp is computed once per process
    assert cache.code_stamp("stamped_pkg", suffixes=(".py", ".j2")) != before
    assert cache.code_stamp("stamped_pkg", suffixes=(".py",)) != before


def test_an_edited_template_changes_the_stamp_in_the_same_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `gazette serve` rebuilds in one process after a template of the package is edited.
    package = tmp_path / "served_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "page.j2").write_text("{{ a }}")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = cache.code_stamp("served_pkg", suffixes=(".py", ".j2"))
    (package / "page.j2").write_text("{{ a }} and more")
    assert cache.code_stamp("served_pkg", suffixes=(".py", ".j2")) != before


def test_a_code_stamp_is_computed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.code_stamp("generator", suffixes=(".py", ".j2"), version="once")
    monkeypatch.setattr(cache, "_source_digest", lambda *a: pytest.fail("computed again"))
    assert cache.code_stamp("generator", suffixes=(".py", ".j2"), version="once") == first


def test_caches_live_under_the_project_or_the_named_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.delenv(cache.BUILD_ENV, raising=False)
    assert cache.cache_dir(tmp_path, "history") == tmp_path / ".cache" / "history"
    monkeypatch.setenv(cache.BUILD_ENV, str(tmp_path / "own"))
    assert cache.cache_dir(tmp_path, "build") == tmp_path / "own"
    assert cache.cache_dir(tmp_path, "history") == tmp_path / ".cache" / "history"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "all"))
    assert cache.cache_dir(tmp_path, "history") == tmp_path / "all" / "history"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.user_cache_dir("fonts") == tmp_path / "xdg" / cache.USER_DIR / "fonts"
