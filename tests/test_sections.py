"""`sections:` in gazette.yaml: a city switches off the portal sections it does not publish."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.data.validate import validate_project
from generator.errors import ConfigError
from generator.identity import open_data
from generator.sections import prune


def _config(root: Path, text: str):
    (root / "gazette.yaml").write_text(text, encoding="utf-8")
    return load_config(root)


def test_sections_are_on_unless_switched_off(tmp_path: Path) -> None:
    assert _config(tmp_path, "calendar: monthly:15,last\n").sections_off == frozenset()
    config = _config(tmp_path, "sections:\n  gifts: false\n  prices: true\n")
    assert config.sections_off == {"gifts"}
    assert open_data(config, "zh-TW") == "小額採購參考價格及施政計畫績效指標"
    assert (
        open_data(config, "en") == "small-purchase price references and plan performance indicators"
    )


def test_the_sample_phrase_is_unchanged(tmp_path: Path) -> None:
    config = _config(tmp_path, "sections: {}\n")
    assert open_data(config, "zh-TW") == "公務餽贈登錄、小額採購參考價格及施政計畫績效指標"
    assert open_data(config, "en") == (
        "the official gift register, small-purchase price references and plan performance"
        " indicators"
    )


@pytest.mark.parametrize(
    ("text", "field", "code"),
    [
        ("sections:\n  gifts: no-thanks\n", "sections.gifts", "config-field-choice"),
        ("sections:\n  news: false\n", "sections.news", "config-field-unknown"),
        ("sections: false\n", "sections", "config-field-type"),
    ],
)
def test_a_bad_switch_is_a_configuration_error(
    tmp_path: Path, text: str, field: str, code: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _config(tmp_path, text)
    assert [(p.path, p.line, p.field, p.code) for p in caught.value.problems] == [
        ("gazette.yaml", text.count("\n") if "\n  " in text else 1, field, code)
    ]


def test_prune_drops_the_resources_of_switched_off_sections(mini_project) -> None:
    root = mini_project.root
    (root / "gazette.yaml").write_text("sections: {prices: false, indicators: false}\n", "utf-8")
    dataset, problems = validate_project(root)
    assert problems == []
    kept = prune(dataset)
    names = [r["name"] for r in kept.descriptor["resources"]]
    assert names == ["agencies", "gazette_issues", "gazette_entries", "gifts"]
    assert set(kept.frames) == set(names)
    assert len(dataset.descriptor["resources"]) == 6  # the validated dataset is untouched
