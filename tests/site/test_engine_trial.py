"""bench/engine_trial.py: the Zensical trial's comparisons, and its answer without Zensical."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trial() -> ModuleType:
    spec = importlib.util.spec_from_file_location("engine_trial", REPO / "bench/engine_trial.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["engine_trial"] = module
    spec.loader.exec_module(module)
    return module


def test_without_zensical_it_says_how_and_exits_0(
    trial: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        trial.importlib.util, "find_spec", lambda name: None if name == "zensical" else real(name)
    )
    assert trial.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("zensical is not importable here")
    assert "bench/engine_trial.py" in out


def test_a_bad_date_is_a_usage_error(trial: ModuleType) -> None:
    with pytest.raises(SystemExit) as caught:
        trial.main(["--as-of", "113/01/15"])
    assert caught.value.code == 2


def test_the_body_is_the_searchable_region_without_indentation(trial: ModuleType) -> None:
    ours = '<article class="a">\n  <h1>x</h1>\n  <div data-pagefind-body>\n\n  <p>文</p></article>'
    theirs = '<article>\n<a id="__skip"></a>\n<div data-pagefind-body>\n<p>文</p>\n</article>'
    assert trial.article(ours) == trial.article(theirs) == "<div data-pagefind-body>\n<p>文</p>"
    assert trial.article("<article><p>一</p></article>") != trial.article(
        "<article><p>二</p></article>"
    )


def test_broken_links_count_what_neither_output_has(trial: ModuleType, tmp_path: Path) -> None:
    site, other = tmp_path / "z", tmp_path / "m"
    (site / "gazette/verify").mkdir(parents=True)
    (other / "gazette").mkdir(parents=True)
    (other / "gazette/manifest.json").write_text("{}", encoding="utf-8")
    page = site / "gazette/verify/index.html"
    page.write_text(
        '<a href="../manifest.json">ok: the writers add it</a>'
        '<a href="../../manifest.json">broken</a><a href="../">ok</a>'
        '<a href="https://x.tw/">outside</a><a href="#top">anchor</a>',
        encoding="utf-8",
    )
    (site / "gazette/index.html").write_text("", encoding="utf-8")
    found = trial.broken_links({"gazette/verify/index.html": page}, site, site, other)
    assert found == {"count": 1, "examples": ["gazette/verify/index.html: ../../manifest.json"]}
