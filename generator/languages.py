"""The site's languages, defined once: Traditional Chinese at the root, English under `en/`.

Every module that needs a language's folder, URL prefix, `lang` attribute, label file or
MkDocs config asks a `Language` here instead of spelling the rule (`"en/" if lang == "en"`)
itself; `tests/test_architecture.py` keeps it so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One site language and where its pages, labels and settings live."""

    code: str  # the build's key and the labels' locale: "zh-TW", "en"
    short: str  # its folder in content/ and the build workspace, and its sitemap/search key
    html_lang: str  # the BCP 47 tag of its text (`lang="…"`, `@language`, hreflang)
    prefix: str  # its URL and path prefix under the site root: "" or "en/"
    mkdocs_config: str  # the project's MkDocs config file of this language
    name: str  # its name, in itself

    @property
    def subdir(self) -> str:
        """Return its folder in the published site ("" for the root, "en")."""
        return self.prefix.rstrip("/")

    @property
    def depth(self) -> int:
        """Return how many folders below the site root its site sits (0 or 1)."""
        return self.prefix.count("/")

    @property
    def label_file(self) -> str:
        """Return the name of its labels file (`locale/` and `overrides/`)."""
        return f"labels.{self.code}.yaml"


ZH = Language("zh-TW", "zh", "zh-Hant", "", "mkdocs.yml", "中文")
EN = Language("en", "en", "en", "en/", "mkdocs.en.yml", "English")
LANGUAGES: tuple[Language, ...] = (ZH, EN)  # publishing order: the root language first
CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)

_BY_KEY = {key: lang for lang in LANGUAGES for key in (lang.code, lang.short)}


def language(key: str) -> Language:
    """Return the language of a code ("zh-TW", "en") or folder name ("zh"); KeyError if none."""
    return _BY_KEY[key]
