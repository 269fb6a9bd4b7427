"""The build's typed state (issue 27): what stages hand each other, and per-build memos."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from portal_support import tiny_context

from generator.data import gazette_model
from generator.models import BuildState, Memo
from generator.portal import downloads, history


def test_a_misspelt_state_name_is_an_error_not_a_silent_key(tmp_path: Path) -> None:
    ctx = tiny_context(tmp_path)
    with pytest.raises(AttributeError):
        ctx.state.edition = {}  # type: ignore[attr-defined]  # "editions" misspelt
    with pytest.raises(AttributeError):
        ctx.config  # type: ignore[attr-defined]  # the untyped dict is gone  # noqa: B018


def test_the_state_names_what_the_stages_hand_each_other() -> None:
    names = [f.name for f in dataclasses.fields(BuildState)]
    assert names == [
        "editions", "edition_hashes", "chain_records", "hashed_issues", "memo", "reused",
    ]  # fmt: skip
    assert BuildState().editions is None  # not prepared: writers fall back to previews


def test_memo_makes_a_value_once() -> None:
    memo, calls = Memo(), []
    assert memo.once("k", lambda: calls.append(1) or 7) == 7
    assert memo.once("k", lambda: calls.append(1) or 8) == 7
    assert calls == [1]
    memo.clear()
    assert memo.once("k", lambda: 9) == 9


def test_issues_are_made_once_per_build_and_anew_for_the_next(tmp_path: Path, monkeypatch) -> None:
    made = []
    real = gazette_model.issues
    monkeypatch.setattr(gazette_model, "issues", lambda d: made.append(d) or real(d))
    first = tiny_context(tmp_path / "a")
    one, two = gazette_model.issues_of(first), gazette_model.issues_of(first)
    assert len(made) == 1 and one == two and one is not two  # each caller its own copy
    gazette_model.issues_of(tiny_context(tmp_path / "b"))  # the next build (serve)
    assert len(made) == 2


def test_downloads_and_histories_are_kept_on_the_build_not_the_module(tmp_path: Path) -> None:
    ctx = tiny_context(tmp_path / "a")
    assert downloads.download_files(ctx) is downloads.download_files(ctx)
    assert history.build_history(ctx) is history.build_history(ctx)
    other = tiny_context(tmp_path / "b")
    assert downloads.download_files(other) is not downloads.download_files(ctx)
    ctx.state.memo.clear()  # what publish does before Pagefind
    assert not hasattr(downloads, "_CACHE") and not hasattr(history, "_MEMO")
