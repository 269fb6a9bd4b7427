"""The site engine: choosing it, what the project asks of it, and a second engine's output.

The project must build with MkDocs (default) and with ProperDocs, and keep to what any
engine can do: theme overrides without Python string methods (Zensical's MiniJinja has
none), content links an engine cannot rewrite wrongly, and a theme patch that never stops
a build (docs/engine.md).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.site import engine
from generator.site.mkdocs_config import THEME_DIR
from generator.site.publish import ALTERNATE_LOOKUP, prune_theme_assets, warn

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "mkdocs.yml"


def codes(error: ConfigError) -> list[tuple[str, int | None, str, str]]:
    return [(p.path, p.line, p.field, p.code) for p in error.problems]


# --- choosing the engine ----------------------------------------------------------------


def test_default_engine_is_mkdocs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(engine.ENV, raising=False)
    assert engine.choose(CONFIG, {}).name == "mkdocs"
    assert engine.choose(CONFIG, None).name == "mkdocs"


def test_extra_engine_chooses_properdocs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(engine.ENV, raising=False)
    assert engine.choose(CONFIG, {"engine": "properdocs"}).name == "properdocs"


def test_environment_wins_over_the_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(engine.ENV, "mkdocs")
    assert engine.choose(CONFIG, {"engine": "properdocs"}).name == "mkdocs"


def test_unknown_engine_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(engine.ENV, raising=False)
    with pytest.raises(ConfigError) as caught:
        engine.choose(CONFIG, {"engine": "zensical"})
    assert codes(caught.value) == [(str(CONFIG), None, "extra.engine", "engine-unknown")]
    monkeypatch.setenv(engine.ENV, "hugo")
    with pytest.raises(ConfigError) as caught:
        engine.choose(CONFIG, {})
    assert codes(caught.value) == [("GAZETTE_ENGINE", None, "", "engine-unknown")]
    assert caught.value.exit_code == 2


def test_engine_not_installed_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(engine.ENV, "ghost")
    ghost = engine.Engine("ghost", "ghost-docs", "gazette_no_such_module", "Error")
    monkeypatch.setitem(engine.ENGINES, "ghost", ghost)
    with pytest.raises(ConfigError) as caught:
        engine.choose(CONFIG, {})
    assert codes(caught.value) == [("GAZETTE_ENGINE", None, "", "engine-missing")]


@pytest.mark.slow  # the build renders mini's pages and PDF editions before it stops
def test_unknown_engine_stops_the_build_with_exit_2(
    mini_project, run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(engine.ENV, "hugo")
    site = tmp_path / "site"
    code, _, err = run_cli(
        "build", "--root", mini_project.root, "--site-dir", site, "--as-of", "2024-02-01",
        "--quiet", "--lang", "en",
    )  # fmt: skip
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("GAZETTE_ENGINE:")]
    assert lines == [
        "GAZETTE_ENGINE::: There is no site engine 'hugo'; use one of mkdocs, properdocs, e.g."
        " engine: properdocs under extra in mkdocs.yml, or the environment variable"
        " GAZETTE_ENGINE=properdocs."
    ]
    assert not site.exists()


@pytest.mark.parametrize("name", sorted(engine.ENGINES))
def test_every_engine_has_its_api(name: str) -> None:
    load_config, build, error = engine.ENGINES[name].api()
    assert callable(load_config) and callable(build) and issubclass(error, Exception)


def test_switching_engines_is_never_a_dirty_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dirty build keeps the HTML of unchanged pages; after a switch those would carry
    # the other engine's bytes (its generator tag at least).
    from generator.site import mkdocs_config, reuse

    previous, dirty = None, []
    for name in ("mkdocs", "mkdocs", "properdocs", "mkdocs"):
        monkeypatch.setenv(engine.ENV, name)
        state: dict = {"mkdocs": {}, "nav": {}}
        space = reuse.Workspace(tmp_path / "space", {"mkdocs": {"zh-TW": previous}})
        job = mkdocs_config.mkdocs_job(
            REPO, space, "zh-TW", [{"首頁": "index.md"}], {}, THEME_DIR, [], state
        )
        assert job.engine == name
        dirty.append(job.dirty)
        previous = state["mkdocs"]["zh-TW"]
    assert dirty == [False, True, False, False]


# --- what the project asks of any engine ------------------------------------------------

# Python's str methods: Jinja2 lets a template call them, MiniJinja (Zensical) does not.
STRING_METHODS = sorted(name for name in dir(str) if not name.startswith("_"))
TEMPLATE_CODE = re.compile(r"{[{%](.*?)[}%]}", re.S)


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*.html"))
)
def test_theme_overrides_call_no_python_string_method(template: str) -> None:
    text = (THEME_DIR / template).read_text(encoding="utf-8")
    code = " ".join(TEMPLATE_CODE.findall(text))
    called = re.findall(r"\.(\w+)\s*\(", code)
    assert sorted(set(called) & set(STRING_METHODS)) == []


def test_the_method_scan_sees_a_method_call() -> None:
    code = " ".join(TEMPLATE_CODE.findall("{{ base_url.rstrip('/') }}{% if x.isdigit() %}"))
    assert set(re.findall(r"\.(\w+)\s*\(", code)) & set(STRING_METHODS) == {"rstrip", "isdigit"}


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r"""\s(?:href|src)=["']([^"']+)["']""")
CONTENT_PAGES = sorted(p.relative_to(REPO).as_posix() for p in REPO.glob("content/**/*.md"))


def relative_file_links(text: str) -> list[str]:
    """Return the relative links of a page that point at something other than a page."""
    targets = MARKDOWN_LINK.findall(text) + HTML_LINK.findall(text)
    return [
        target
        for target in targets
        if "://" not in target
        and not target.startswith(("#", "/", "mailto:"))
        and not target.split("#")[0].endswith(".md")
    ]


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_content_links_to_files_only_from_index_pages(page: str) -> None:
    # MkDocs resolves a link against the source file when it points at a file the engine
    # knows, and leaves it to the browser (the page's URL) when it does not, which is the
    # case of every file the build adds after the engine (manifest.json, downloads).
    # Zensical resolves every link against the source file. The two agree only where the
    # source's folder is the page's URL: a page "x/index.md", served at "x/".
    text = (REPO / page).read_text(encoding="utf-8")
    if not page.endswith("/index.md"):
        assert relative_file_links(text) == []


def test_the_link_scan_sees_a_file_link() -> None:
    text = "[a](../manifest.json) [b](x.md) <a href='../feed.atom'>c</a> [d](https://x.tw/y)"
    assert relative_file_links(text) == ["../manifest.json", "../feed.atom"]


def test_the_verify_page_links_the_manifest_from_an_index_page() -> None:
    for lang in ("zh", "en"):
        text = (REPO / f"content/{lang}/gazette/verify/index.md").read_text(encoding="utf-8")
        assert [t for t in relative_file_links(text) if t.endswith("chain/latest.json")] != []


# --- the theme bundle patch never stops a build --------------------------------------------


def _bundle(site: Path, code: str) -> Path:
    folder = site / "assets/javascripts"
    folder.mkdir(parents=True)
    bundle = folder / "bundle.abc123.min.js"
    bundle.write_text(code, encoding="utf-8")
    return bundle


def test_bundle_is_patched_when_the_lookup_is_there(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, f"a;{ALTERNATE_LOOKUP[0]};b")
    assert prune_theme_assets(tmp_path) == []
    assert bundle.read_text(encoding="utf-8") == f"a;{ALTERNATE_LOOKUP[1]};b"


def test_unknown_bundle_is_left_as_shipped_with_a_warning(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, "a;other();b")
    warnings = prune_theme_assets(tmp_path)
    projected = [(p.path, p.line, p.field, p.code) for p in warnings]
    assert projected == [("bundle.abc123.min.js", None, "", "theme-patch-skipped")]
    assert bundle.read_text(encoding="utf-8") == "a;other();b"


def test_the_warning_is_printed_even_without_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _bundle(tmp_path, "a;other();b")
    warn(prune_theme_assets(tmp_path))
    err = capsys.readouterr().err
    assert err.startswith("gazette build: warning: bundle.abc123.min.js::: ")
    assert "ALTERNATE_LOOKUP" in err


# --- a second engine builds the same site ---------------------------------------------------

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.slow  # two whole builds of the mini project
def test_properdocs_builds_the_same_html_as_mkdocs(
    mini_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.commands.build import build

    as_of = dt.date(2024, 2, 20)
    sites = {}
    for name in ("mkdocs", "properdocs"):
        monkeypatch.setenv(engine.ENV, name)
        monkeypatch.setenv("GAZETTE_BUILD_CACHE", str(tmp_path / f"cache-{name}"))
        sites[name] = tmp_path / f"site-{name}"
        build(mini_project.root, site_dir=sites[name], as_of=as_of, progress=False)
    files = {
        name: sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        for name, site in sites.items()
    }
    assert files["mkdocs"] == files["properdocs"]
    pages = [rel for rel in files["mkdocs"] if rel.endswith(".html")]
    assert len(pages) > 50
    tags: dict[str, set[bytes]] = {"mkdocs": set(), "properdocs": set()}
    differing = []
    for rel in files["mkdocs"]:
        ours, theirs = ((sites[name] / rel).read_bytes() for name in ("mkdocs", "properdocs"))
        if rel.endswith(".html"):
            tags["mkdocs"].update(GENERATOR_TAG.findall(ours))
            tags["properdocs"].update(GENERATOR_TAG.findall(theirs))
            ours, theirs = GENERATOR_TAG.sub(b"", ours), GENERATOR_TAG.sub(b"", theirs)
        if ours != theirs:
            differing.append(rel)
    assert differing == []
    assert [b"ProperDocs" in tag for tag in tags["properdocs"]] == [True]
    assert [b"ProperDocs" in tag for tag in tags["mkdocs"]] == [False]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow  # three builds of the mini project
def test_properdocs_dirty_build_equals_a_build_from_scratch(
    mini_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A publish day rebuilds only changed pages (MkDocs' dirty mode, the FreshFiles plugin):
    # with ProperDocs too, the result is the bytes of a build from an empty cache.
    from generator.commands.build import build

    monkeypatch.setenv(engine.ENV, "properdocs")
    monkeypatch.setenv("GAZETTE_BUILD_CACHE", str(tmp_path / "cache"))
    build(mini_project.root, site_dir=tmp_path / "a", as_of=dt.date(2024, 2, 1), progress=False)
    build(mini_project.root, site_dir=tmp_path / "b", as_of=dt.date(2024, 2, 20), progress=False)
    monkeypatch.setenv("GAZETTE_BUILD_CACHE", str(tmp_path / "fresh"))
    build(mini_project.root, site_dir=tmp_path / "c", as_of=dt.date(2024, 2, 20), progress=False)
    again, fresh = _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert sorted(again) == sorted(fresh)
    assert [rel for rel in fresh if again[rel] != fresh[rel]] == []
