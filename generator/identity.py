"""The city's identity from gazette.yaml, as MkDocs settings and label placeholders.

MkDocs' site_name, site_description, site_url, copyright and the `extra` values the theme
uses for hreflang links and feed titles come from the project configuration, not from
mkdocs.yml, so that one file names the city. Labels may contain the placeholders
{gazette_name}, {site_name}, {site_description}, {publisher}, {calendar} and {open_data}
(the portal sections gazette.yaml publishes, as a phrase); they are filled here when the
labels are loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.config import DEFAULT, ProjectConfig, load_config
from generator.languages import language
from generator.schedule import calendar_of
from generator.sections import on


def config_of(root: Path | None) -> ProjectConfig:
    """Return the project's configuration (the sample's without a root)."""
    return load_config(root) if root is not None else DEFAULT


def mkdocs_overrides(root: Path, lang: str) -> dict[str, Any]:
    """Return the MkDocs settings of `lang` that gazette.yaml decides."""
    config = config_of(root)
    url = config.site_url + language(lang).prefix
    return {
        "site_name": config.site_name.get(lang),
        "site_description": config.site_description.get(lang),
        "site_url": url,
        "copyright": config.copyright.get(lang),
        # merged into `extra` by mkdocs_worker.build_language (an override would replace it)
        "identity_extra": {"site_root": config.site_url, "feed_title": config.name.get(lang)},
    }


def theme_overrides(root: Path) -> dict[str, Any]:
    """Return the theme settings gazette.yaml decides: the logo, when there is one."""
    logo = config_of(root).logo
    return {"logo": logo} if logo else {}


def placeholders(root: Path | None, lang: str) -> dict[str, str]:
    """Return the label placeholders and their text in `lang`."""
    config = config_of(root)
    return {
        "{gazette_name}": config.name.get(lang),
        "{site_name}": config.site_name.get(lang),
        "{site_description}": config.site_description.get(lang),
        "{publisher}": config.publisher.get(lang),
        "{calendar}": calendar_of(config).describe(lang),
        "{open_data}": open_data(config, lang),
    }


# The portal sections as the home page's intro lists them (generator/sections.py).
SECTION_TEXTS = {
    "zh-TW": {
        "gifts": "公務餽贈登錄",
        "prices": "小額採購參考價格",
        "indicators": "施政計畫績效指標",
    },
    "en": {
        "gifts": "the official gift register",
        "prices": "small-purchase price references",
        "indicators": "plan performance indicators",
    },
}


def open_data(config: ProjectConfig, lang: str) -> str:
    """Return the published portal sections as a phrase ("A, B and C"), or the gazette's data."""
    key = "en" if lang == "en" else "zh-TW"
    names = [SECTION_TEXTS[key][s] for s in on(config)]
    if not names:
        return "the gazette's data" if key == "en" else "公報資料"
    if len(names) == 1:
        return names[0]
    sep, last = (", ", " and ") if key == "en" else ("、", "及")
    return sep.join(names[:-1]) + last + names[-1]


def fill(value: Any, tokens: dict[str, str]) -> Any:
    """Return `value` with every placeholder in its strings replaced (nested, recursive)."""
    if isinstance(value, str):
        if "{" not in value:
            return value
        for token, text in tokens.items():
            value = value.replace(token, text)
        return value
    if isinstance(value, dict):
        return {key: fill(item, tokens) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, tokens) for item in value]
    return value


def fill_package(descriptor: dict[str, Any], root: Path) -> dict[str, Any]:
    """Return the descriptor with the package metadata it lacks taken from gazette.yaml.

    The data package may name its homepage, publisher (a contributor with the publisher
    role) and licence itself; what it leaves out, the catalogue, DCAT and data.gov.tw
    fields take from the project configuration.
    """
    config = config_of(root)
    defaults: dict[str, Any] = {
        "homepage": config.site_url,
        "contributors": [
            {
                "title": config.publisher.zh,
                "title_en": config.publisher.en,
                "role": "publisher",
                **({"email": config.contact.email} if config.contact.email else {}),
            }
        ],
        "licenses": [
            {
                "name": config.licence.name,
                "path": config.licence.url,
                "title": config.licence.title.zh,
                "title_en": config.licence.title.en,
            }
        ],
    }
    missing = {key: value for key, value in defaults.items() if not descriptor.get(key)}
    return {**descriptor, **missing} if missing else descriptor
