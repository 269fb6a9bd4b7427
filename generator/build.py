"""`gazette build`: load → validate → embargo → render → publish, read top to bottom.

Like MkDocs' own build, everything is gathered and rendered before anything is written to
the site folder: pages become Markdown in a scratch folder, MkDocs and the artifact writers
fill a staging folder next to the site, Pagefind indexes it, and only then does the staging
folder replace the site. Any failure leaves the previous site untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from generator.config import LANGS, TIMEZONE
from generator.data.embargo import published
from generator.errors import ConfigError, DataInvalid
from generator.gazette import manifest
from generator.labels import load_labels
from generator.models import BuildContext, Page, Problem
from generator.portal import downloads, history
from generator.site import identity, publish, render, reuse
from generator.site import search as search_index
from generator.site.pages import PROVIDERS
from generator.site.writers import WRITERS


def today() -> dt.date:
    """Return today's date in Taipei, the default publication cut-off."""
    return dt.datetime.now(TIMEZONE).date()


class Progress:
    """Print one line per stage on stderr (or nothing), with the seconds it took."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()
        self.times: dict[str, float] = {}

    def __call__(self, stage: str, text: str) -> None:
        now = time.perf_counter()
        self.times[stage] = now - self.started
        if self.enabled:
            print(f"gazette build: {stage:<8} {text} ({self.times[stage]:.1f}s)", file=sys.stderr)
        self.started = now


def build(
    root: Path,
    site_dir: Path | None = None,
    as_of: dt.date | None = None,
    progress: bool = True,
) -> None:
    """Validate the project at `root` and publish its site into `site_dir` atomically."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError([Problem.at(str(root), None, "", "root-missing", root=str(root))])
    site_dir = Path(site_dir) if site_dir is not None else root / "site"
    check_site_dir(root, site_dir)
    as_of = as_of or today()
    say = Progress(progress)

    # Load and validate: the same gate and messages as `gazette validate`.
    from generator.data.validate import validate_project

    dataset, problems = validate_project(root)
    if problems or dataset is None:
        raise DataInvalid(problems)
    say("validate", f"{sum(len(f) for f in dataset.frames.values())} rows valid")

    # Manifest: a published issue stays exactly as published; refuse before building.
    ledger = manifest.check_and_record(root, dataset, as_of)

    # Embargo: from here on, nothing dated after --as-of exists.
    dataset = published(dataset, as_of)
    issues = len(dataset.frames["gazette_issues"])
    say("embargo", f"{issues} issues published as of {as_of.isoformat()}")

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = site_dir.with_name(f".{site_dir.name}.new-{os.getpid()}")
    work = Path(tempfile.mkdtemp(prefix="gazette-build-"))
    try:
        with reuse.workspace(root) as space:
            ctx = BuildContext(root, as_of, dataset, site_url(root), staged)
            jobs, state = render_all(ctx, space, say)
            # MkDocs turns each language's Markdown into HTML, both in parallel, into the
            # workspace; what it built before for unchanged pages is kept (see reuse.py).
            publish.run_mkdocs(jobs, as_of)
            for lang, subdir in publish.SITE_SUBDIRS.items():
                reuse.link_tree(space.html(render.LANG_DIRS[lang]), staged / subdir)
                publish.prune_theme_assets(staged / subdir)
            say("mkdocs", mkdocs_summary(jobs, staged))
            for writer in WRITERS:
                writer(ctx)
            say("artifact", f"{len(WRITERS)} writers")
            # Pagefind needs up to 1 GB for the archive bundle; the data is no longer needed.
            ctx = dataset = None  # type: ignore[assignment]
            give_back_memory()
            search_index.index_site(staged, work / "search", cache=root / ".cache" / "search")
            say("search", "Pagefind index for zh-TW and en")
            publish.swap(staged, site_dir)
            space.save(state)
        ledger.record()  # lock newly published issues only once the new site is live
        say("publish", str(site_dir))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staged, ignore_errors=True)


def give_back_memory() -> None:
    """Free this process's data and caches and return the freed memory to the system."""
    downloads.forget()
    history.forget()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only: elsewhere a no-op
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def mkdocs_summary(jobs: dict[str, publish.MkDocsJob], staged: Path) -> str:
    """Return the progress line of the MkDocs stage: pages in all, how each was built."""
    html = sum(1 for _ in staged.rglob("*.html"))
    modes = ", ".join(
        f"{lang} {'changed pages' if job.dirty else 'all'}" for lang, job in jobs.items()
    )
    return f"{html} HTML files ({modes})"


def check_site_dir(root: Path, site_dir: Path) -> None:
    """Refuse a site folder that is, or contains, the project: the swap would replace it."""
    project, target = root.resolve(), site_dir.resolve()
    if target == project or target in project.parents:
        raise ConfigError(
            [Problem.at(str(site_dir), None, "", "site-dir-unsafe", site=str(site_dir))]
        )


def site_url(root: Path) -> str:
    """Return the absolute site URL of the Chinese site (ends with '/')."""
    return identity.config_of(root).site_url  # gazette.yaml decides, ending with "/"


class _Lenient(yaml.SafeLoader):
    """Read mkdocs.yml without failing on MkDocs' `!ENV` and `!relative` tags."""


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def collect(ctx: BuildContext, lang: str) -> list[Page]:
    """Return every provider's pages for `lang`, in provider order."""
    pages: list[Page] = []
    for provider in PROVIDERS:
        pages.extend(provider(ctx, lang))
    return pages


def render_all(
    ctx: BuildContext, space: reuse.Workspace, say: Progress
) -> tuple[dict[str, publish.MkDocsJob], dict[str, Any]]:
    """Render both languages into the workspace; return the MkDocs jobs and the new state."""
    theme = reuse.fresh_theme(space.theme, [publish.THEME_DIR, ctx.root / "overrides" / "theme"])
    paths: dict[str, list[str]] = {}
    jobs: dict[str, publish.MkDocsJob] = {}
    state: dict[str, Any] = {"pages": {}, "mkdocs": {}, "nav": {}}
    rendered = 0
    for lang in LANGS:
        docs = space.docs(render.LANG_DIRS[lang])
        labels = load_labels(ctx.root, lang)
        files = render.content_files(ctx.root, lang, docs)
        content = [rel for rel in files if rel.endswith(".md")]
        pages = collect(ctx, lang)
        nav, sections = navigation(pages, content, labels)
        for page in pages:
            if page.path == "index.md":
                page.context.setdefault("sections", sections)
        keys = space.page_keys(lang)
        stamp = reuse.render_stamp(ctx.root, lang, ctx.site_url)
        for page in pages:
            if page.key is not None:
                page.key = reuse.digest([stamp, page.key])
        written, count = render.render_language(ctx, lang, pages, docs, keys)
        rendered += count
        state["pages"][lang] = keys
        removed = reuse.remove_stale(docs, set(written) | set(files))
        paths[lang] = written + content
        jobs[lang] = mkdocs_job(ctx.root, space, lang, nav, labels, theme, removed, state)
    render.check_twins(paths)
    say(
        "render",
        ", ".join(f"{lang} {len(p)} pages" for lang, p in paths.items())
        + f" ({rendered} rendered)",
    )
    return jobs, state


def mkdocs_job(
    root: Path,
    space: reuse.Workspace,
    lang: str,
    nav: list[Any],
    labels: dict[str, Any],
    theme: Path,
    removed: list[str],
    state: dict[str, Any],
) -> publish.MkDocsJob:
    """Return the MkDocs run of one language, dirty when what was built before still holds.

    Every page shows the nav's top level; only the pages in the nav show more of it (their
    section's years, with navigation.prune). So the stamp covers the top level, and when
    the rest of the nav changed (a new volume) just the pages in the nav are rebuilt, by
    marking their Markdown as changed.
    """
    sub = render.LANG_DIRS[lang]
    config = publish.config_file(root, lang)
    overrides = {
        "docs_dir": str(space.docs(sub)),
        "site_dir": str(space.html(sub)),
        "nav": nav,
        "theme": theme_config(root, lang, theme),
        "theme_labels": {"search": labels.get("search", {})},
        **identity.mkdocs_overrides(root, lang),  # site name, URL, copyright: gazette.yaml
    }
    skeleton = {**overrides, "nav": [_top_level(item) for item in nav]}
    stamp = reuse.mkdocs_stamp(config, skeleton, theme)
    state["mkdocs"][lang] = stamp
    state["nav"][lang] = reuse.digest(nav)
    if state["nav"][lang] != space.state.get("nav", {}).get(lang):
        reuse.touch(space.docs(sub), _nav_pages(nav))
    # Only changed pages when nothing global changed and no page went away: a removed
    # page's HTML would otherwise stay behind.
    dirty = space.mkdocs_key(lang) == stamp and not removed
    return publish.MkDocsJob(str(config), overrides, dirty)


def _top_level(item: Any) -> Any:
    """Return a nav item as every page shows it: a section as its title and first page."""
    if isinstance(item, dict):
        return {title: _first_page(value) for title, value in item.items()}
    return item


def _first_page(value: Any) -> Any:
    """Return the first page path of a nav item (a section links to its index page)."""
    if isinstance(value, list):
        return _first_page(value[0]) if value else None
    if isinstance(value, dict):
        return _first_page(next(iter(value.values()), None))
    return value


def _nav_pages(nav: Any) -> list[str]:
    """Return every page path listed in the nav."""
    if isinstance(nav, list):
        return [path for item in nav for path in _nav_pages(item)]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_pages(value)]
    return [nav] if isinstance(nav, str) else []


def theme_config(root: Path, lang: str, custom_dir: Path) -> dict[str, Any]:
    """Return the config's theme with our merged overrides folder as `custom_dir`."""
    config = yaml.load(
        publish.config_file(root, "zh-TW").read_text(encoding="utf-8"), Loader=_Lenient
    )
    theme = dict((config or {}).get("theme") or {"name": "material"})
    if lang == "en":
        own = yaml.load(
            publish.config_file(root, "en").read_text(encoding="utf-8"), Loader=_Lenient
        )
        theme.update((own or {}).get("theme") or {})
    theme.update(identity.theme_overrides(root))
    theme["custom_dir"] = str(custom_dir)
    return theme


def navigation(
    pages: Iterable[Page], content: list[str], labels: dict[str, Any]
) -> tuple[list[Any], list[dict[str, str]]]:
    """Return the MkDocs nav (sections and years only) and the home page's section links.

    A page is in the nav when its context has `nav_title`. A page "x/index.md" opens the
    section "x"; deeper pages with a nav_title are listed under their section. Everything
    else (issues, entries, item pages) is reached through index pages, so a page's nav, and
    so its size, does not grow with the archive.
    """
    nav: list[Any] = [{labels["home"]["title"]: "index.md"}]
    sections: dict[str, list[Any]] = {}
    links: list[dict[str, str]] = []
    for page in pages:
        title = page.context.get("nav_title")
        if not title or page.path == "index.md":
            continue
        head = page.path.split("/")[0]
        if head not in sections:
            sections[head] = []
            nav.append({str(title): sections[head]})
            links.append({"title": str(title), "path": page.path})
        sections[head].append(page.path if page.path == f"{head}/index.md" else {title: page.path})
    order = list(labels.get("sections", {}))
    for path in sorted(content, key=lambda p: (_rank(order, p), p)):
        if "/" in path or path == "index.md":
            continue
        title = labels.get("sections", {}).get(path[:-3])
        nav.append({title: path} if title else path)
        links.append({"title": title or path[:-3], "path": path})
    return nav, links


def _rank(order: list[str], path: str) -> int:
    """Return where a content page goes in the nav: label order, then alphabetical."""
    stem = path[:-3]
    return order.index(stem) if stem in order else len(order)
