"""`gazette build`: load → validate → embargo → render → publish, read top to bottom.

Like MkDocs' own build, everything is gathered and rendered before anything is written to
the site folder: pages become Markdown in the build workspace, then publish fills a staging
folder next to the site (MkDocs, the artifact writers, Pagefind) and only then swaps it in.
Any failure leaves the previous site untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from generator import sections
from generator.commands.output import report
from generator.config import TIMEZONE
from generator.data.embargo import published
from generator.data.load import Source, load_project
from generator.data.validate import validate
from generator.errors import ConfigError, DataInvalid
from generator.gazette import editions, manifest
from generator.messages import format_json
from generator.models import BuildContext, BuildSummary, Dataset, Problem
from generator.progress import SHOWN
from generator.site import reuse, sitedir
from generator.site.mkdocs_config import site_url
from generator.site.publish import publish, staging_folder
from generator.site.render import RenderedSite, render_site


def build(
    root: Path,
    site_dir: Path | None = None,
    as_of: dt.date | None = None,
    progress: bool = True,
) -> BuildSummary:
    """Validate the project at `root`, publish its site into `site_dir` atomically, and
    return what was done (stage times, pages, editions, warnings)."""
    root = Path(root).absolute()  # MkDocs rejects a relative theme custom_dir
    if not root.is_dir():
        raise ConfigError([Problem.at(str(root), None, "", "root-missing", root=str(root))])
    site_dir = Path(site_dir) if site_dir is not None else root / "site"
    sitedir.prepare(root, site_dir)  # refuse a folder that holds anything but an old site
    as_of = as_of or today()
    bars = SHOWN.set(progress)  # --quiet: no bar in any stage (PDF editions included)
    try:
        return _stages(root, site_dir, as_of, Progress(progress))
    finally:
        SHOWN.reset(bars)


def _stages(root: Path, site_dir: Path, as_of: dt.date, say: Progress) -> BuildSummary:
    """Run the five stages; return the summary."""
    source = load_project(root)  # 1. load: the descriptor and every file, unjudged
    dataset = validate_stage(source, say)  # 2. validate: the same gate as `gazette validate`
    # A published issue stays exactly as published: refuse before building anything.
    notes: list[Problem] = []  # warnings the CLI reports in the reader's language and format
    ledger = manifest.check_and_record(root, dataset, as_of, site_dir=site_dir, notes=notes)
    dataset = embargo_stage(dataset, as_of, say)  # 3. embargo: nothing dated after as_of
    with reuse.workspace(root) as space:
        site = render_stage(dataset, as_of, ledger, site_dir, space, say)  # 4. render
        del dataset  # publish frees the data before Pagefind; hold no reference here
        publish(site, space, site_dir, say)  # 5. publish: MkDocs, writers, Pagefind, swap
    ledger.record()  # lock newly published issues only once the new site is live
    say("publish", str(site_dir))
    return summarise(site_dir, as_of, say, notes)


def summarise(site_dir: Path, as_of: dt.date, say: Progress, notes: list[Problem]) -> BuildSummary:
    """Return the summary of a build that published `site_dir`."""
    pages = editions_count = 0
    for _folder, _dirs, files in os.walk(site_dir):
        pages += sum(name.endswith(".html") for name in files)
        editions_count += sum(name.endswith(".pdf") for name in files)
    return BuildSummary(site_dir, as_of.isoformat(), dict(say.times), pages, editions_count, notes)


def validate_stage(source: Source, say: Progress) -> Dataset:
    """Return the typed dataset, or raise DataInvalid with every problem found."""
    dataset, problems = validate(source)
    if problems or dataset is None:
        raise DataInvalid(problems)
    say("validate", f"{sum(len(f) for f in dataset.frames.values())} rows valid")
    return dataset


def embargo_stage(dataset: Dataset, as_of: dt.date, say: Progress) -> Dataset:
    """Return the dataset as published on `as_of`."""
    dataset = sections.prune(published(dataset, as_of))  # and no switched-off section
    issues = len(dataset.frames["gazette_issues"])
    say("embargo", f"{issues} issues published as of {as_of.isoformat()}")
    return dataset


def render_stage(
    dataset: Dataset,
    as_of: dt.date,
    ledger: manifest.Plan,
    site_dir: Path,
    space: reuse.Workspace,
    say: Progress,
) -> RenderedSite:
    """Render every page of both languages into the workspace, and the PDF editions."""
    root = dataset.root
    ctx = BuildContext(root, as_of, dataset, site_url(root), staging_folder(site_dir))
    ctx.state.hashed_issues = ledger.hashed  # the manifest writer reuses these digests
    editions.prepare(ctx, ledger)  # frozen PDF editions read; unpublished ones rendered
    site = render_site(ctx, space)
    say("render", site.summary)
    return site


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


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette build` and report its notes; return no problems (refusals raise)."""
    root = args.root.absolute()
    summary = build(root, site_dir=args.site_dir, as_of=args.as_of, progress=not args.quiet)
    _report_build(summary, args.lang, args.format)
    return []


def _report_build(summary: BuildSummary, lang: str, fmt: str) -> None:
    """Print a finished build's notes (stderr) or, with --format json, its summary (stdout)."""
    if fmt == "json":
        done = summary.as_dict()
        done["warnings"] = [{**json.loads(format_json([note], lang))[0]} for note in summary.notes]
        print(json.dumps(done, ensure_ascii=False, indent=2))
        return
    report(summary.notes, lang, "text", sys.stderr)
