"""Stage 4, render: turn page providers' Pages into Markdown files, one folder per language.

Templates are found in `<root>/overrides/templates/` first, then `generator/site/templates/`.
The environment runs with StrictUndefined (a misspelt variable fails the build) and escapes
every `{{ value }}` for Markdown and HTML through `finalize`, so a template cannot forget
it; only `Markup` made by `generator.markup.escape` (sanitised bodies, URLs) passes unchanged.
Bodies and cells are data handed to templates as values, never parsed as templates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.errors import ConfigError
from generator.labels import load_labels
from generator.languages import CODES, language
from generator.markup.templates import environment
from generator.models import BuildContext, Page, Problem
from generator.site import shadow
from generator.site.nav import navigation
from generator.site.provider_reuse import ProviderReuse
from generator.site.reuse import Workspace, remove_stale, render_stamp, write_if_changed


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


def content_files(root: Path, lang: str, docs_dir: Path, pages: Iterable[str] = ()) -> list[str]:
    """Copy every hand-written file of `lang` into `docs_dir` (if changed); return paths.

    Refused first (exit 1) when one has the address of a generated page in `pages`:
    copied, it would replace that page (see generator.site.shadow).
    """
    source = root / "content" / language(lang).short
    if not source.is_dir():
        return []
    found = {p.relative_to(source).as_posix(): p for p in source.rglob("*") if p.is_file()}
    shadow.check_pages(lang, found, pages)
    for rel, path in sorted(found.items()):
        write_if_changed(docs_dir / rel, path.read_bytes())
    return sorted(found)


def check_twins(paths: dict[str, list[str]]) -> None:
    """Raise ConfigError unless every page exists in both languages at the same path."""
    zh, en = set(paths["zh-TW"]), set(paths["en"])
    problems = [
        Problem.at(f"{language(lang).short}/{path}", None, "", "page-twin-missing", page=path)
        for lang, missing in (("en", zh - en), ("zh-TW", en - zh))
        for path in sorted(missing)
    ]
    if problems:
        raise ConfigError(problems)


@dataclass
class RenderedSite:
    """What the render stage hands to publish: the Markdown is in the workspace's docs."""

    ctx: BuildContext | None  # dropped by publish once the writers no longer need the data
    navs: dict[str, list[Any]]  # language → MkDocs nav
    labels: dict[str, dict[str, Any]]  # language → interface labels
    removed: dict[str, list[str]]  # language → pages gone since the last build
    state: dict[str, Any]  # the workspace state to keep once the site is live
    summary: str = ""  # the progress line: pages per language, how many rendered


def render_site(ctx: BuildContext, space: Workspace) -> RenderedSite:
    """Render both languages' pages and hand-written content into the workspace as Markdown."""
    site = RenderedSite(ctx, {}, {}, {}, {"pages": {}, "mkdocs": {}, "nav": {}, "docs": {}})
    providers = ProviderReuse(ctx, space.state.get("providers", {}))
    paths: dict[str, list[str]] = {}
    rendered = 0
    for lang in CODES:
        docs = space.docs(language(lang).short)
        site.labels[lang] = load_labels(ctx.root, lang)
        keys = space.page_keys(lang)
        stamp = render_stamp(ctx.root, lang, ctx.site_url)
        pages = providers.pages(lang, stamp, docs, keys)  # keys final; stubs where unchanged
        files = content_files(ctx.root, lang, docs, [page.path for page in pages])
        content = [rel for rel in files if rel.endswith(".md")]
        site.navs[lang], sections = navigation(pages, content, site.labels[lang])
        for page in pages:
            if page.path == "index.md":
                page.context.setdefault("sections", sections)
        written, count = render_language(ctx, lang, pages, docs, keys)
        rendered += count
        site.state["pages"][lang] = keys
        kept = set(written) | set(files)
        site.removed[lang] = remove_stale(docs, kept, space.docs_files(lang))
        site.state["docs"][lang] = sorted(kept)
        paths[lang] = written + content
    check_twins(paths)
    site.state["providers"] = providers.now
    site.summary = ", ".join(f"{lang} {len(p)} pages" for lang, p in paths.items())
    site.summary += f" ({rendered} rendered)"
    return site
