"""Stage 5, publish: MkDocs per language, artifact writers, Pagefind, then the atomic swap.

Everything is written into a staging folder next to the site folder; the live site is
replaced only when every step succeeded, by two renames. A failure removes the staging
folder and leaves the previous site byte-for-byte as it was.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ConfigError
from generator.models import Problem

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = PACKAGE_DIR / "theme"
CONFIG_FILES = {"zh-TW": "mkdocs.yml", "en": "mkdocs.en.yml"}
SITE_SUBDIRS = {"zh-TW": "", "en": "en"}


def config_file(root: Path, lang: str) -> Path:
    """Return the project's MkDocs config of `lang`, or the one shipped with the generator."""
    own = root / CONFIG_FILES[lang]
    return own if own.is_file() else PACKAGE_DIR.parents[1] / CONFIG_FILES[lang]


def epoch(as_of: dt.date) -> int:
    """Return midnight UTC of `as_of` as a Unix time (MkDocs' SOURCE_DATE_EPOCH)."""
    return calendar.timegm(as_of.timetuple())


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so a failed build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class MkDocsJob:
    """One language's MkDocs run: its config file, the build's overrides, and whether
    only the pages whose Markdown changed are to be rebuilt (MkDocs' dirty mode)."""

    config: str
    overrides: dict[str, Any]
    dirty: bool = False


class _NotDirtyWarning(logging.Filter):
    """Drop MkDocs' warning that a dirty build may leave stale navigation.

    It is meant for people previewing a site; the build runs dirty only when the nav and
    everything else global are unchanged (see reuse.py). Left in, strict mode would count
    it and abort.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build")


def _mkdocs(job: MkDocsJob, source_epoch: int) -> list[str]:
    """Build one language with MkDocs (in a worker process); return the errors, if any."""
    # Sitemap dates and the sitemap.xml.gz header come from SOURCE_DATE_EPOCH: set it to
    # --as-of so the output is reproducible and carries no date after it.
    os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # MkDocs' INFO lines are not our progress output
    quiet = _NotDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    overrides = dict(job.overrides)
    labels = overrides.pop("theme_labels", {})
    identity_extra = overrides.pop("identity_extra", {})
    try:
        loaded = load_config(config_file=job.config, **overrides)
        # The theme's own strings (the search panel) come from the labels catalogue; an
        # `extra` override would replace the config's whole `extra`, so they are added here.
        loaded["extra"]["labels"] = labels
        loaded["extra"].update(identity_extra)  # site_root, feed_title from gazette.yaml
        from generator.site.mkdocs_hooks import FreshFiles, TidyPages

        loaded.plugins["gazette-fresh-files"] = FreshFiles()
        loaded.plugins["gazette-tidy"] = TidyPages()
        build(loaded, dirty=job.dirty)
    except MkDocsException as error:
        return [*collect.messages, str(error)]
    except Exception as error:  # noqa: BLE001 - a theme or plugin fault: report, don't crash
        return [*collect.messages, f"{type(error).__name__}: {error}"]
    finally:
        logger.removeHandler(collect)
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    return []


def run_mkdocs(jobs: dict[str, MkDocsJob], as_of: dt.date) -> None:
    """Build every language in parallel; raise ConfigError with MkDocs' messages on failure."""
    # Spawned, not forked: a forked worker starts with a copy of this process's dataset,
    # pages and downloads (hundreds of MB on a ten-year archive) that MkDocs never reads.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(2, len(jobs)), mp_context=spawn) as pool:
        futures = {lang: pool.submit(_mkdocs, job, epoch(as_of)) for lang, job in jobs.items()}
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
# its selector match nothing.
ALTERNATE_LOOKUP = ('M("link[rel=alternate]")', 'M("link[rel=alternate][data-gz-none]")')


def prune_theme_assets(site: Path) -> None:
    """Delete Material's unused search assets and source maps; stop its sitemap lookups."""
    for rel in UNUSED_THEME_FILES:
        shutil.rmtree(site / rel, ignore_errors=True)
    for source_map in sorted((site / "assets").rglob("*.map")):
        source_map.unlink()
    for bundle in sorted((site / "assets/javascripts").glob("bundle.*.min.js")):
        code = bundle.read_text(encoding="utf-8")
        if code.count(ALTERNATE_LOOKUP[0]) != 1:
            raise ConfigError(
                [Problem.at(str(bundle.name), None, "", "theme-patch-failed", file=bundle.name)]
            )
        # A new file, not a rewrite: the staged bundle is a hard link to MkDocs' output.
        patched = bundle.with_name(f".{bundle.name}.{os.getpid()}.tmp")
        patched.write_text(code.replace(*ALTERNATE_LOOKUP), encoding="utf-8")
        os.replace(patched, bundle)


def swap(staged: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `staged` by renames; the old site is deleted last."""
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staged, site_dir)
    discard(old)


def discard(folder: Path) -> None:
    """Delete a replaced site folder in a detached process, or here if that cannot start.

    The new site is live once renamed; deleting tens of thousands of old files can take
    longer than a publish-day build, and nothing waits for it.
    """
    if not folder.exists():
        return
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
