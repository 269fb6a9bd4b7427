"""Jinja filters and globals of the page templates: dates, numbers, labels and links.

Dates are ROC on Chinese pages and English on English pages; numbers get separators; `tr`
picks a value's language; `link`, `asset` and `root_file` make relative URLs between pages.
Every result is plain text that the environment's `finalize` still escapes, except links,
which `generator.markup.escape.href` has made safe.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from decimal import Decimal
from typing import Any

import jinja2
from markupsafe import Markup

from generator import roc
from generator.labels import field_label
from generator.languages import ZH, language
from generator.markup import escape

# Spelt out, not strftime("%B"): that follows the machine's locale.
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


# --- filters: dates and numbers -------------------------------------------------------------


def roc_date(value: dt.date | None, prose: bool = False) -> str:
    """Return a date in the ROC calendar: '114年1月15日', or '民國114年1月15日' in prose."""
    if value is None:
        return ""
    text = roc.roc_date(value)
    return "民國" + text if prose else text


def en_date(value: dt.date | None, prose: bool = False) -> str:
    """Return a date as ISO '2025-01-15', or '15 January 2025' in prose."""
    if value is None:
        return ""
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}" if prose else value.isoformat()


def number(value: Any, places: int | None = None) -> str:
    """Return a number with thousands separators; trailing zero decimals are dropped."""
    if value is None or value == "" or value != value:  # None, blank or NaN
        return ""
    amount = Decimal(str(value))
    if places is not None:
        return f"{amount:,.{places}f}"
    text = f"{amount:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def twd(value: Any, lang: str = "zh-TW") -> str:
    """Return an amount in New Taiwan dollars: '1,234 元' or 'NT$1,234'."""
    shown = number(value)
    if not shown:
        return ""
    return f"NT${shown}" if lang == "en" else f"{shown} 元"


@jinja2.pass_context
def date_filter(context: jinja2.runtime.Context, value: dt.date | None, prose: bool = False) -> str:
    """Return a date in the page language (ROC on Chinese pages, ISO/English otherwise)."""
    return en_date(value, prose) if context["lang"] == "en" else roc_date(value, prose)


@jinja2.pass_context
def twd_filter(context: jinja2.runtime.Context, value: Any) -> str:
    """Return an amount in TWD in the page language."""
    return twd(value, context["lang"])


def fill(template: str | dict[str, str], **values: Any) -> str:
    """Return a label with its {placeholders} filled.

    A label that counts may be a mapping `{one: ..., other: ...}` (English "1 entry" but
    "2 entries"): `one` is used when `n` is 1, `other` otherwise.
    """
    if isinstance(template, dict):
        one = values.get("n") == 1 and "one" in template
        template = template["one"] if one else template["other"]
    return str(template).format(**values)


# --- globals: translations and links -------------------------------------------------------


@jinja2.pass_context
def tr(context: jinja2.runtime.Context, zh: Any, en: Any = "") -> Markup:
    """Return the text for the page language; English falls back to marked Chinese.

    An English page never shows an empty cell for a missing translation: it shows the
    Chinese text, tagged lang="zh-Hant", and a visible "not yet translated" marker.
    """
    if context["lang"] != "en":
        return escape.md(zh)
    if en is not None and str(en).strip():
        return escape.md(en)
    if zh is None or not str(zh).strip():
        return Markup("")
    marker = context["labels"]["untranslated"]
    return Markup(
        f'<span lang="{ZH.html_lang}">{escape.md(zh)}</span> '
        f'<span class="untranslated">{escape.md(marker)}</span>'
    )


@jinja2.pass_context
def link(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return a Markdown link target from this page to another page path (".../index.md").

    Links point at the Markdown source so MkDocs checks them and turns them into
    directory URLs.
    """
    here = posixpath.dirname(context["page_path"])
    return escape.href(posixpath.relpath(target, here or "."))


@jinja2.pass_context
def asset(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return a relative URL from this page's built HTML to a site file (e.g. a download).

    With directory URLs, "a/b/index.md" is served at "a/b/", so the page folder is the base.
    """
    here = posixpath.dirname(context["page_path"])
    return escape.href(posixpath.relpath(target, here or "."))


@jinja2.pass_context
def root_file(context: jinja2.runtime.Context, target: str) -> Markup:
    """Return a relative URL from this page to a file kept once at the site root.

    PDFs, feeds of both languages and the manifest live under the zh root only; an
    English page sits one folder deeper, under "en/".
    """
    here = posixpath.dirname(context["page_path"])
    base = posixpath.join(language(context["lang"]).subdir, here) or "."
    return escape.href(posixpath.relpath(target, base))


@jinja2.pass_context
def field(context: jinja2.runtime.Context, resource: str, name: str) -> str:
    """Return a column label in the page language, from the data package."""
    return field_label(context["ctx"].dataset.descriptor, resource, name, context["lang"])
