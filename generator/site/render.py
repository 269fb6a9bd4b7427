"""Stage 3, render: turn page providers' Pages into Markdown files, one folder per language.

Templates are found in `<root>/overrides/templates/` first, then `generator/site/templates/`.
The environment runs with StrictUndefined (a misspelt variable fails the build) and escapes
every `{{ value }}` for Markdown and HTML through `finalize`, so a template cannot forget
it; only `Markup` made by `generator.site.escape` (sanitised bodies, URLs) passes unchanged.
Bodies and cells are data handed to templates as values, never parsed as templates.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.site import escape
from generator.errors import ConfigError
from generator.labels import field_label, load_labels
from generator.models import BuildContext, Page, Problem
from generator.site.reuse import write_if_changed
from generator.config import roc_year

TEMPLATE_DIR = Path(__file__).parent / "templates"
LANG_DIRS = {"zh-TW": "zh", "en": "en"}
# Spelt out, not strftime("%B"): that follows the machine's locale.
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


# --- filters: dates and numbers -------------------------------------------------------------


def roc_date(value: dt.date | None, prose: bool = False) -> str:
    """Return a date in the ROC calendar: '114年1月15日', or '民國114年1月15日' in prose."""
    if value is None:
        return ""
    text = f"{roc_year(value.year)}年{value.month}月{value.day}日"
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


def fill(template: str, **values: Any) -> str:
    """Return a label with its {placeholders} filled."""
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
        f'<span lang="zh-Hant">{escape.md(zh)}</span> '
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
    base = posixpath.join("en" if context["lang"] == "en" else "", here) or "."
    return escape.href(posixpath.relpath(target, base))


@jinja2.pass_context
def field(context: jinja2.runtime.Context, resource: str, name: str) -> str:
    """Return a column label in the page language, from the data package."""
    return field_label(context["ctx"].dataset.descriptor, resource, name, context["lang"])


# --- environment ---------------------------------------------------------------------------


def environment(root: Path | None) -> jinja2.Environment:
    """Return the Jinja environment: overridable loader, strict, escaping by default."""
    search = [str(root / "overrides" / "templates")] if root is not None else []
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(search), jinja2.FileSystemLoader(str(TEMPLATE_DIR))]
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output: `finalize` escapes for Markdown and HTML at once
        finalize=escape.md,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=escape.md,
        md_lines=escape.md_lines,
        href=escape.href,
        roc_date=roc_date,
        en_date=en_date,
        date=date_filter,
        twd=twd_filter,
        number=number,
        fill=fill,
        attr=escape.attr,
    )
    env.globals.update(
        tr=tr,
        link=link,
        asset=asset,
        root_file=root_file,
        field=field,
        raw_block=escape.raw_block,
    )
    return env


def render_page(
    env: jinja2.Environment, page: Page, base: dict[str, Any], path_for_errors: str
) -> str:
    """Return one page's Markdown, or raise ConfigError naming the template and the fault."""
    context = {**base, **page.context, "page_path": page.path}
    try:
        return env.get_template(page.template).render(context)
    except jinja2.TemplateError as error:
        detail = f"{type(error).__name__}: {error}"
        raise ConfigError(
            [
                Problem.at(
                    path_for_errors,
                    getattr(error, "lineno", None),
                    "",
                    "template-error",
                    template=page.template,
                    page=page.path,
                    detail=detail,
                )
            ]
        ) from None


def render_language(
    ctx: BuildContext,
    lang: str,
    pages: Iterable[Page],
    docs_dir: Path,
    reuse: dict[str, str] | None = None,
) -> tuple[list[str], int]:
    """Write every page of one language into `docs_dir`; return their paths, and how many
    of them were rendered.

    A file is rewritten only when its text changed (its time then tells MkDocs to rebuild
    it). `reuse` maps page paths to the keys they had when last rendered into `docs_dir`: a
    page with the same key is left as it is, unrendered; the map is updated in place.
    """
    env = environment(ctx.root)
    labels = load_labels(ctx.root, lang)
    base = {"lang": lang, "labels": labels, "ctx": ctx, "as_of": ctx.as_of}
    reuse = {} if reuse is None else reuse
    written: list[str] = []
    seen: set[str] = set()
    rendered = 0
    for page in pages:
        if page.path in seen:
            raise ConfigError([Problem.at(page.path, None, "", "page-duplicate", page=page.path)])
        seen.add(page.path)
        written.append(page.path)
        target = docs_dir / page.path
        if page.key is not None and reuse.get(page.path) == page.key and target.is_file():
            continue
        if page.prepare is not None:
            page.context = {**page.context, **page.prepare()}
        text = render_page(env, page, base, f"templates/{page.template}")
        write_if_changed(target, text.encode("utf-8"))
        rendered += 1
        if page.key is None:
            reuse.pop(page.path, None)
        else:
            reuse[page.path] = page.key
    for path in set(reuse) - seen:
        del reuse[path]
    return written, rendered


def content_files(root: Path, lang: str, docs_dir: Path) -> list[str]:
    """Copy every hand-written file of `lang` into `docs_dir` (if changed); return paths."""
    source = root / "content" / LANG_DIRS[lang]
    if not source.is_dir():
        return []
    copied = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        write_if_changed(docs_dir / rel, path.read_bytes())
        copied.append(rel)
    return copied


def check_twins(paths: dict[str, list[str]]) -> None:
    """Raise ConfigError unless every page exists in both languages at the same path."""
    zh, en = set(paths["zh-TW"]), set(paths["en"])
    problems = [
        Problem.at(f"{LANG_DIRS[lang]}/{path}", None, "", "page-twin-missing", page=path)
        for lang, missing in (("en", zh - en), ("zh-TW", en - zh))
        for path in sorted(missing)
    ]
    if problems:
        raise ConfigError(problems)
