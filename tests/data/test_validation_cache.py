"""The validation cache: reused verdicts equal fresh ones, and never hide an error."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from generator.data.load import load_project
from generator.data.validate import validate
from generator.data.validation_cache import decode_frame, encode_frame, leaves


def _frames(root, reuse=True):
    dataset, problems = validate(load_project(root), reuse=reuse)
    assert problems == []
    return dataset.frames


def _cache_files(root):
    return sorted((root / ".cache" / "validate").glob("*.json"))


@pytest.fixture(autouse=True)
def own_cache(monkeypatch):
    """Keep each test's cache in its project (.cache/), not a shared folder."""
    monkeypatch.delenv("GAZETTE_CACHE_DIR", raising=False)


def test_leaves_are_the_resources_nothing_refers_to(repo_root):
    descriptor = yaml.safe_load((repo_root / "datasets/datapackage.yaml").read_text("utf-8"))
    assert leaves(descriptor["resources"]) == {"gifts", "procurement_prices", "plan_indicators"}


def test_frames_round_trip_exactly(repo_root):
    for name, frame in _frames(repo_root, reuse=False).items():
        back = decode_frame(encode_frame(frame))
        pd.testing.assert_frame_equal(back, frame, check_exact=True, obj=name)


def test_reused_frames_equal_fresh_ones(tmp_project):
    fresh = _frames(tmp_project.root, reuse=False)
    _frames(tmp_project.root)  # fills the cache
    # three leaves, the descriptor verdict and the clean body texts (clean_bodies.py)
    assert len(_cache_files(tmp_project.root)) == 5
    reused = _frames(tmp_project.root)
    assert list(reused) == list(fresh)
    for name in fresh:
        pd.testing.assert_frame_equal(reused[name], fresh[name], check_exact=True, obj=name)


def test_a_changed_leaf_is_checked_again(tmp_project):
    _frames(tmp_project.root)
    tmp_project.set_cell("gifts", 2, "quantity", "兩個")
    dataset, problems = validate(load_project(tmp_project.root))
    assert dataset is None
    assert [(p.field, p.code) for p in problems] == [("quantity", "type-integer")]


def test_a_changed_foreign_key_target_checks_the_leaf_again(tmp_project):
    _frames(tmp_project.root)
    used = tmp_project.read_rows("gifts")[0]["agency_id"]
    agencies = tmp_project.read_rows("agencies")
    line = 2 + [row["agency_id"] for row in agencies].index(used)
    tmp_project.set_cell("agencies", line, "agency_id", "ZZZZZZZZZ")
    _, problems = validate(load_project(tmp_project.root))
    assert any(p.code == "foreign-key" and "gifts" in p.path for p in problems)


def test_a_tampered_cache_file_is_not_trusted(tmp_project):
    fresh = _frames(tmp_project.root, reuse=False)
    _frames(tmp_project.root)
    for path in _cache_files(tmp_project.root):
        data = path.read_bytes()
        if len(data) > 100:  # a frame, not the descriptor verdict
            path.write_bytes(data.replace(b'"rows": ', b'"rows": 1', 1))
    reused = _frames(tmp_project.root)
    for name in fresh:
        pd.testing.assert_frame_equal(reused[name], fresh[name], check_exact=True, obj=name)


def test_an_error_is_never_cached(tmp_project):
    tmp_project.set_cell("procurement_prices", 2, "quotes", "=1+1")
    for _ in range(2):
        dataset, problems = validate(load_project(tmp_project.root))
        assert dataset is None and problems
    # At most the descriptor's verdict is kept: no frame (whose payload names its rows).
    assert all(b'"rows": ' not in p.read_bytes() for p in _cache_files(tmp_project.root))
