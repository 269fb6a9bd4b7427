"""What a MkDocs worker process runs: one language's build, and the page counts it shares.

Kept apart from `publish.py`, which the build process runs: a worker is spawned with a
fresh interpreter and imports the module of the function it runs, and `publish.py` imports
every artifact writer (pandas, the portal, the API). This module imports only MkDocs' side:
the job, the engine and the plugins the build adds to every run.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from generator.site.engine import ENGINES
from generator.site.mkdocs_config import MkDocsJob
from generator.site.mkdocs_hooks import FreshFiles, RawBlocks, TidyPages


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so a failed build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _NotDirtyWarning(logging.Filter):
    """Drop MkDocs' warning that a dirty build may leave stale navigation.

    It is meant for people previewing a site; the build runs dirty only when the nav and
    everything else global are unchanged (see reuse.py). Left in, strict mode would count
    it and abort.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build")


def build_language(job: MkDocsJob, source_epoch: int) -> list[str]:
    """Build one language with the job's engine (in a worker process); return the errors."""
    # Sitemap dates and the sitemap.xml.gz header come from SOURCE_DATE_EPOCH: set it to
    # --as-of so the output is reproducible and carries no date after it.
    os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch)

    engine = ENGINES[job.engine]
    try:  # checked by engine.choose in the build process; a broken install still reports
        load_config, build, engine_error = engine.api()
    except (ImportError, AttributeError) as error:
        return [f"{type(error).__name__}: {error}"]
    collect = _Collect()
    logger = logging.getLogger(engine.logger)
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the engine's INFO lines are not our progress output
    quiet = _NotDirtyWarning()
    logging.getLogger(f"{engine.logger}.commands.build").addFilter(quiet)
    overrides = dict(job.overrides)
    labels = overrides.pop("theme_labels", {})
    identity_extra = overrides.pop("identity_extra", {})
    try:
        loaded = load_config(config_file=job.config, **overrides)
        # The theme's own strings (the search panel) come from the labels catalogue; an
        # `extra` override would replace the config's whole `extra`, so they are added here.
        loaded["extra"]["labels"] = labels
        loaded["extra"].update(identity_extra)  # site_root, feed_title from gazette.yaml
        skip_sitemap(loaded)

        loaded.plugins["gazette-fresh-files"] = FreshFiles()
        loaded.plugins["gazette-raw-blocks"] = RawBlocks()
        loaded.plugins["gazette-tidy"] = TidyPages()
        if _PAGES is not None:
            loaded.plugins["gazette-page-ticks"] = PageTicks(_PAGES, dirty=job.dirty)
        build(loaded, dirty=job.dirty)
    except engine_error as error:
        return [*collect.messages, str(error)]
    except Exception as error:  # noqa: BLE001 - a theme or plugin fault: report, don't crash
        return [*collect.messages, f"{type(error).__name__}: {error}"]
    finally:
        logger.removeHandler(collect)
        logging.getLogger(f"{engine.logger}.commands.build").removeFilter(quiet)
    return []


def skip_sitemap(config: Any) -> None:
    """Leave MkDocs' sitemap out of the theme's static templates.

    It lists every page of the language, and a dirty build renders and gzips it again
    like a full one: work that grows with the archive, for files the sitemap writer
    (generator/site/sitemap.py) deletes and replaces with its index of per-volume parts.
    """
    templates = getattr(config.get("theme"), "static_templates", None)
    if isinstance(templates, set):
        templates.discard("sitemap.xml")


# The page counts of this worker's MkDocs runs, shared with the build process (see
# start_worker); None outside a worker.
_PAGES: Any = None


class PageTicks:
    """A MkDocs plugin counting the pages to build and built, into memory the build shares.

    `pages` is a shared array of four integers, over every language: [pages to build, pages
    converted from Markdown, pages written, runs that have counted their pages to build].
    MkDocs converts every page (most of its time) before it writes any, so both halves
    count. It only counts: each page's HTML is returned unchanged, so the site is the same
    with or without a progress bar (tests/test_progress_stages.py).
    """

    def __init__(self, pages: Any, dirty: bool) -> None:
        self.pages, self.dirty = pages, dirty

    def on_files(self, files: Any, *, config: Any) -> Any:
        """Add the pages this run will build (a dirty run: only the modified ones)."""
        todo = [f for f in files.documentation_pages() if not self.dirty or f.is_modified()]
        self._add(0, len(todo))
        self._add(3, 1)
        return files

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """Count one page converted."""
        self._add(1, 1)
        return html

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """Count one page written."""
        self._add(2, 1)
        return output

    def _add(self, index: int, count: int) -> None:
        with self.pages.get_lock():
            self.pages[index] += count


def pages_done(pages: Any) -> int:
    """Return the pages done as PageTicks counted them: converting is half a page's work."""
    return (pages[1] + pages[2]) // 2


def start_worker(pages: Any) -> None:
    """Set up a MkDocs worker process: count pages into `pages`."""
    global _PAGES
    _PAGES = pages
