"""MkDocs configuration of each language's run: the project's config plus the build's overrides.

The project's `mkdocs.yml` (Chinese, the site root) and `mkdocs.en.yml` (English, under
`en/`, inheriting the first) are read as they are; the build adds the docs and site folders
of its workspace, the nav, the merged theme folder and the theme's labels. A run is
"dirty" (only changed pages rebuilt) when everything global is as in the last build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import cache, identity, safe_read
from generator.errors import ConfigError
from generator.languages import ZH, language
from generator.models import Problem
from generator.site import engine, nav, reuse

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = PACKAGE_DIR / "theme"


def config_file(root: Path, lang: str) -> Path:
    """Return the project's MkDocs config of `lang`, or the one shipped with the generator."""
    name = language(lang).mkdocs_config
    own = root / name
    return own if own.is_file() else PACKAGE_DIR.parents[1] / name


@dataclass(frozen=True)
class MkDocsJob:
    """One language's MkDocs run: its config file, the build's overrides, and whether
    only the pages whose Markdown changed are to be rebuilt (MkDocs' dirty mode), by which
    engine (generator/site/engine.py)."""

    config: str
    overrides: dict[str, Any]
    dirty: bool = False
    engine: str = engine.DEFAULT  # a key of engine.ENGINES


def site_url(root: Path) -> str:
    """Return the absolute site URL of the Chinese site (ends with '/'), from gazette.yaml."""
    return identity.config_of(root).site_url


class _Lenient(yaml.SafeLoader):
    """Read mkdocs.yml without failing on MkDocs' `!ENV` and `!relative` tags."""


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


# The `!!python/...` tags MkDocs' loader may build: the extension functions a Material site
# configures (slugify for toc, emoji indexes and generators, superfences' code formats).
# Any other (`!!python/object/apply:os.system`, `!!python/name:subprocess.call`) would run
# code during the build, so it is refused before MkDocs reads the file.
ALLOWED_PYTHON_TAGS = frozenset(
    {
        "object/apply:pymdownx.slugs.slugify",
        "name:pymdownx.slugs.uslugify",
        "name:pymdownx.slugs.uslugify_encoded",
        "name:pymdownx.emoji.twemoji",
        "name:pymdownx.emoji.emojione",
        "name:pymdownx.emoji.gemoji",
        "name:pymdownx.emoji.to_svg",
        "name:pymdownx.emoji.to_png",
        "name:pymdownx.emoji.to_alt",
        "name:material.extensions.emoji.twemoji",
        "name:material.extensions.emoji.to_svg",
        "name:pymdownx.superfences.fence_code_format",
        "name:pymdownx.superfences.fence_div_format",
        "name:pymdownx.arithmatex.fence_mathjax_format",
    }
)


# What the message names (a parameter is cut at 80 characters): the modules, not each tag.
ALLOWED_SHOWN = "pymdownx.slugs, pymdownx.emoji, pymdownx.superfences, material.extensions.emoji"


class _Tags(yaml.SafeLoader):
    """Compose mkdocs.yml without building anything: every tag is kept as it is written."""


def check_mkdocs_file(path: Path, shown: str, seen: frozenset[Path] = frozenset()) -> None:
    """Raise ConfigError when an MkDocs config (or one it INHERITs) could run code or blow up.

    Refused: a `!!python/...` tag outside ALLOWED_PYTHON_TAGS, and a file over the YAML
    limits of `generator.safe_read` (size, alias expansion, depth).
    """
    try:
        text = path.read_text(encoding="utf-8")
        node = safe_read.compose_yaml(text, _Tags)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, safe_read.LimitError) as error:
        detail = (str(error).splitlines() or [type(error).__name__])[0]
        problem = Problem.at(shown, None, "", "mkdocs-config-unsafe", detail=detail)
        raise ConfigError([problem]) from None
    problems = [
        Problem.at(
            shown,
            line,
            "",
            "mkdocs-python-tag",
            tag=f"!!python/{tag}",
            allowed=ALLOWED_SHOWN,
        )  # fmt: skip
        for tag, line in safe_read.python_tags(node)
        if tag not in ALLOWED_PYTHON_TAGS
    ]
    if problems:
        raise ConfigError(problems)
    parent = _inherit(node)
    if parent:
        base = (path.parent / parent).resolve()
        if base not in seen and base.is_file():
            check_mkdocs_file(base, parent, seen | {path.resolve()})


def _inherit(node: yaml.Node | None) -> str:
    """Return the INHERIT value of a composed MkDocs config, or ''."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "INHERIT" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return ""


def mkdocs_job(
    root: Path,
    space: reuse.Workspace,
    lang: str,
    site_nav: list[Any],
    labels: dict[str, Any],
    theme: Path,
    removed: list[str],
    state: dict[str, Any],
) -> MkDocsJob:
    """Return the MkDocs run of one language, dirty when what was built before still holds.

    Every page shows the nav's top level; only the pages in the nav show more of it (their
    section's years, with navigation.prune). So the stamp covers the top level, and when
    the rest of the nav changed (a new volume) just the pages in the nav are rebuilt, by
    marking their Markdown as changed.
    """
    sub, name = language(lang).short, language(lang).mkdocs_config
    config = config_file(root, lang)
    check_mkdocs_file(config, name)  # before MkDocs' own loader runs any tag
    overrides = {
        "docs_dir": str(space.docs(sub)),
        "site_dir": str(space.html(sub)),
        "nav": site_nav,
        "theme": theme_config(root, lang, theme),
        # the header's search panel, and its "also search older volumes" box (t-search)
        "theme_labels": {key: labels.get(key, {}) for key in ("search", "search_older")},
        **identity.mkdocs_overrides(root, lang),  # site name, URL, copyright: gazette.yaml
    }
    chosen = engine.choose(config, _project_extra(root))
    # Another engine writes other bytes (its generator tag at least): not a dirty build.
    skeleton = {
        **overrides,
        "nav": [nav.top_level(item) for item in site_nav],
        "engine": chosen.fingerprint(),
    }
    stamp = reuse.mkdocs_stamp(config, skeleton, theme)
    state["mkdocs"][lang] = stamp
    state["nav"][lang] = cache.digest(site_nav)
    if state["nav"][lang] != space.state.get("nav", {}).get(lang):
        reuse.touch(space.docs(sub), nav.nav_pages(site_nav))
    # Only changed pages when nothing global changed and no page went away: a removed
    # page's HTML would otherwise stay behind.
    dirty = space.mkdocs_key(lang) == stamp and not removed
    return MkDocsJob(str(config), overrides, dirty, chosen.name)


def theme_config(root: Path, lang: str, custom_dir: Path) -> dict[str, Any]:
    """Return the config's theme with our merged overrides folder as `custom_dir`."""
    config = yaml.load(config_file(root, ZH.code).read_text(encoding="utf-8"), Loader=_Lenient)
    theme = dict((config or {}).get("theme") or {"name": "material"})
    if lang != ZH.code:
        own = yaml.load(config_file(root, lang).read_text(encoding="utf-8"), Loader=_Lenient)
        theme.update((own or {}).get("theme") or {})
    theme.update(identity.theme_overrides(root))
    theme["custom_dir"] = str(custom_dir)
    return theme


def _project_extra(root: Path) -> dict[str, Any]:
    """Return `extra` of the Chinese config, which the English one inherits (engine choice)."""
    config = yaml.load(config_file(root, ZH.code).read_text(encoding="utf-8"), Loader=_Lenient)
    extra = (config or {}).get("extra")
    return extra if isinstance(extra, dict) else {}
