"""Stage 5, publish: MkDocs per language, artifact writers, Pagefind, then the atomic swap.

Everything is written into a staging folder next to the site folder; the live site is
replaced only when every step succeeded, by two renames. A failure removes the staging
folder and leaves the previous site byte-for-byte as it was. Only this stage writes into
the site folder.
"""

from __future__ import annotations

import calendar
import datetime as dt
import multiprocessing
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, wait
from pathlib import Path
from typing import Any

from generator import children
from generator.cache import cache_dir, write_atomic
from generator.errors import ConfigError
from generator.languages import CODES, LANGUAGES
from generator.messages import format_text
from generator.models import Problem
from generator.progress import INTERVAL, SHOWN, Bar
from generator.reused_files import ReusedFiles
from generator.site import shadow
from generator.site.mkdocs_config import THEME_DIR, MkDocsJob, mkdocs_job
from generator.site.mkdocs_worker import build_language, pages_done, start_worker
from generator.site.render import RenderedSite
from generator.site.reuse import Workspace, fresh_theme, stage_tree
from generator.site.search import index_site
from generator.site.sitedir import discard, is_site, mark
from generator.site.writers import WRITERS

REUSED_STATE = "artifacts"  # the workspace state's record of the writers' files


def staging_folder(site_dir: Path) -> Path:
    """Return the folder this build fills before it replaces `site_dir`."""
    return site_dir.with_name(f".{site_dir.name}.new-{os.getpid()}")


def publish(site: RenderedSite, space: Workspace, site_dir: Path, say: Callable) -> None:
    """Turn the rendered Markdown into the live site: MkDocs, writers, Pagefind, swap."""
    ctx = site.ctx
    assert ctx is not None
    root, staged, as_of = ctx.root, ctx.out, ctx.as_of
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=scratch_prefix()))  # a killed build's: sitedir.prepare
    bars = SHOWN.set(getattr(say, "enabled", True))  # --quiet: no stage lines, no bars
    try:
        # MkDocs turns each language's Markdown into HTML, both in parallel, into the
        # workspace; what it built before for unchanged pages is kept (see reuse.py).
        jobs = mkdocs_jobs(site, space)
        # The render stage's pages and contexts are garbage now: hand their memory back
        # before two MkDocs workers grow beside this process (the cold build's peak).
        children.give_back_memory()
        run_mkdocs(jobs, as_of)
        previous = site_dir if is_site(site_dir) else None  # its unchanged files are linked
        others = {lang.subdir for lang in LANGUAGES if lang.subdir}
        staged_html = 0
        for lang in LANGUAGES:
            staged_html += stage_tree(
                space.html(lang.short),
                staged / lang.subdir,
                previous / lang.subdir if previous else None,
                skip=() if lang.subdir else others,
            ).html
            warn(prune_theme_assets(staged / lang.subdir))
        say("mkdocs", mkdocs_summary(jobs, staged_html))
        # Files the writers made before come from the replaced site when unchanged.
        reused = ReusedFiles(staged, previous, space.state.get(REUSED_STATE, {}))
        ctx.state.reused = reused
        for writer in WRITERS:
            writer(ctx)
        site.state[REUSED_STATE] = reused.now
        say("artifact", f"{len(WRITERS)} writers ({reused.linked} files unchanged)")
        # Pagefind needs up to 1 GB for the archive bundle; the data is no longer needed.
        ctx.state.memo.clear()  # the build's downloads, histories and issues
        site.ctx = ctx = None
        children.give_back_memory()
        index_site(staged, work / "search", cache_dir(root, "search"), previous)
        say("search", "Pagefind index for zh-TW and en")
        shadow.check_files(root, staged)  # no hand-written file lost under a generated one
        swap(staged, site_dir)
        space.save(site.state)
    finally:
        SHOWN.reset(bars)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staged, ignore_errors=True)


def scratch_prefix(pid: int | None = None) -> str:
    """Return the name start of a build's temporary folder: its process id tells if it died."""
    return f"gazette-build-{os.getpid() if pid is None else pid}-"


def mkdocs_jobs(site: RenderedSite, space: Workspace) -> dict[str, MkDocsJob]:
    """Return each language's MkDocs run, with the theme and overrides laid out afresh."""
    assert site.ctx is not None
    root = site.ctx.root
    theme = fresh_theme(space.theme, [THEME_DIR, root / "overrides" / "theme"])
    return {
        lang: mkdocs_job(
            root, space, lang, site.navs[lang], site.labels[lang], theme, site.removed[lang],
            site.state,
        )
        for lang in CODES
    }  # fmt: skip


def mkdocs_summary(jobs: dict[str, MkDocsJob], html: int) -> str:
    """Return the progress line of the MkDocs stage: pages in all, how each was built."""
    modes = ", ".join(
        f"{lang} {'changed pages' if job.dirty else 'all'}" for lang, job in jobs.items()
    )
    return f"{html} HTML files ({modes})"


def epoch(as_of: dt.date) -> int:
    """Return midnight UTC of `as_of` as a Unix time (MkDocs' SOURCE_DATE_EPOCH)."""
    return calendar.timegm(as_of.timetuple())


# The counters PageTicks fills, made once with this process's MkDocs pool (see run_mkdocs).
_shared_pages: Any = None


def run_mkdocs(jobs: dict[str, MkDocsJob], as_of: dt.date) -> None:
    """Build every language in parallel; raise ConfigError with MkDocs' messages on failure.

    On a terminal a bar shows the pages built, counted in the workers (PageTicks). The
    workers are kept for this process's next build (children.worker_pool).
    """
    global _shared_pages
    if _shared_pages is None:  # [to build, converted, written, runs counted]: PageTicks
        _shared_pages = multiprocessing.get_context("spawn").Array("q", 4)
    pages = _shared_pages
    with pages.get_lock():
        pages[:] = [0, 0, 0, 0]
    with (
        children.worker_pool("mkdocs", len(jobs), start_worker, (pages,)) as pool,
        Bar("MkDocs pages", 0) as bar,
    ):
        futures = {
            lang: pool.submit(build_language, job, epoch(as_of)) for lang, job in jobs.items()
        }
        pending = set(futures.values())
        while pending:
            _, pending = wait(pending, timeout=INTERVAL, return_when=FIRST_EXCEPTION)
            if pages[3] == len(jobs):  # a total that grows would move the bar back
                bar.update(pages_done(pages), pages[0])
        failures = {lang: future.result() for lang, future in futures.items()}
    problems = [
        Problem.at(jobs[lang].config, None, "", "site-build-failed", lang=lang, detail=message)
        for lang, messages in failures.items()
        for message in messages
    ]
    if problems:
        raise ConfigError(problems)


# Material ships its lunr search and source maps as theme files; with Pagefind they are
# never loaded, so they would only add megabytes to every deployment.
UNUSED_THEME_FILES = ("assets/javascripts/lunr", "assets/javascripts/workers")


# Material's bundle fetches `sitemap.xml` beside the href of every <link rel="alternate"> to
# map pages between languages. Our hreflang links are absolute (search engines require it),
# so that is a request to the public host from every page, even in a local preview. The
# language switcher already links the twin page, so the lookup is switched off by making
# its selector match nothing. This is a patch of a minified file that another theme
# version or another engine's theme may not have: then the bundle is left as shipped, and
# the build goes on with a warning (the site works; it only makes those lookups).
ALTERNATE_LOOKUP = ('M("link[rel=alternate]")', 'M("link[rel=alternate][data-gz-none]")')


def prune_theme_assets(site: Path) -> list[Problem]:
    """Delete Material's unused search assets and source maps; stop its sitemap lookups.

    Return a warning for each bundle that could not be patched (left as shipped).
    """
    for rel in UNUSED_THEME_FILES:
        shutil.rmtree(site / rel, ignore_errors=True)
    for source_map in sorted((site / "assets").rglob("*.map")):
        source_map.unlink()
    skipped = []
    for bundle in sorted((site / "assets/javascripts").glob("bundle.*.min.js")):
        code = bundle.read_text(encoding="utf-8")
        if code.count(ALTERNATE_LOOKUP[0]) != 1:
            skipped.append(
                Problem.at(str(bundle.name), None, "", "theme-patch-skipped", file=bundle.name)
            )
            continue
        # A new file, not a rewrite: never write through a file another folder may share.
        write_atomic(bundle, code.replace(*ALTERNATE_LOOKUP).encode("utf-8"))
    return skipped


def warn(problems: list[Problem]) -> None:
    """Print warnings that do not stop the build, whether or not progress is shown."""
    for problem in problems:
        print(f"gazette build: warning: {format_text(problem)}", file=sys.stderr)


def swap(staged: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staged` by renames; the old site is deleted last."""
    mark(staged)  # the next build may replace this folder, and only folders so marked
    # A name of its own each time: the site this process replaced a moment ago (`gazette
    # serve`, builds in one test run) may still be under deletion by `discard`.
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        if site_dir.exists():
            os.replace(site_dir, old)
    except OSError as error:  # checked before the build (sitedir); a race still exits 2
        raise ConfigError(
            [
                Problem.at(
                    str(site_dir),
                    None,
                    "",
                    "site-dir-unremovable",
                    site=str(site_dir),
                    reason=error.strerror or str(error),
                )
            ]
        ) from None
    os.replace(staged, site_dir)
    discard(old)
