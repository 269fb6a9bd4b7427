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

from generator import cache
from generator.config import LANG_DIRS
from generator.site import engine, identity, nav, reuse

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = PACKAGE_DIR / "theme"
CONFIG_FILES = {"zh-TW": "mkdocs.yml", "en": "mkdocs.en.yml"}


def config_file(root: Path, lang: str) -> Path:
    """Return the project's MkDocs config of `lang`, or the one shipped with the generator."""
    own = root / CONFIG_FILES[lang]
    return own if own.is_file() else PACKAGE_DIR.parents[1] / CONFIG_FILES[lang]


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
    sub = LANG_DIRS[lang]
    config = config_file(root, lang)
    overrides = {
        "docs_dir": str(space.docs(sub)),
        "site_dir": str(space.html(sub)),
        "nav": site_nav,
        "theme": theme_config(root, lang, theme),
        "theme_labels": {"search": labels.get("search", {})},
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
    config = yaml.load(config_file(root, "zh-TW").read_text(encoding="utf-8"), Loader=_Lenient)
    theme = dict((config or {}).get("theme") or {"name": "material"})
    if lang == "en":
        own = yaml.load(config_file(root, "en").read_text(encoding="utf-8"), Loader=_Lenient)
        theme.update((own or {}).get("theme") or {})
    theme.update(identity.theme_overrides(root))
    theme["custom_dir"] = str(custom_dir)
    return theme


def _project_extra(root: Path) -> dict[str, Any]:
    """Return `extra` of the Chinese config, which the English one inherits (engine choice)."""
    config = yaml.load(config_file(root, "zh-TW").read_text(encoding="utf-8"), Loader=_Lenient)
    extra = (config or {}).get("extra")
    return extra if isinstance(extra, dict) else {}
