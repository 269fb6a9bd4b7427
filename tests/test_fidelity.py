"""The fidelity check: significant characters, counts of what was lost or added, snippets."""

from __future__ import annotations

import pytest

from generator.fidelity import compare, significant


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、公文 **說明**", "一公文說明"),
        ("ＡＢＣ１２３", "abc123"),  # full-width forms fold to ASCII
        ("王○○為「本府」（秘書處）", "王為本府秘書處"),
        ("line\r\nbreak\u3000here", "linebreakhere"),
    ],
)
def test_significant_keeps_letters_and_digits(text: str, expected: str) -> None:
    assert significant(text) == expected


def test_same_text_with_other_punctuation_and_spacing_is_no_difference() -> None:
    assert compare("一、本府公告，自即日起生效。", "一 本府公告 自即日起生效") is None


def test_lost_characters_are_counted_with_a_snippet_of_the_source() -> None:
    found = compare("市政府秘書處公告第一號", "市政府公告第一號")
    assert found is not None
    assert (found.lost, found.added, found.reordered) == (3, 0, False)
    assert found.position == 3
    assert "秘書處" in found.snippet


def test_a_placeholder_is_a_loss_and_an_addition() -> None:
    found = compare("本府公告內容", "[TABLE]")
    assert found is not None
    assert found.lost == 6
    assert found.added == len("table")


def test_reordered_text_is_a_difference() -> None:
    found = compare("甲乙丙", "丙乙甲")
    assert found is not None and found.reordered


def test_long_texts_compare_in_linear_time() -> None:
    source = "公" * 2_000_000
    found = compare(source, source[:-1] + "告")
    assert found is not None
    assert (found.lost, found.added, found.position) == (1, 1, 1_999_999)
