"""Freeze a project's PDF editions as a publish build would, without building the site.

    .venv/bin/python bench/freeze_editions.py PROJECT AS_OF

A real archive keeps every published issue's edition in editions/, rendered once on its
publication day. The benchmark's synthetic archive has none, so before it measures a cold
build it freezes them: the same stages as `gazette build` up to the editions (load,
validate, manifest check, embargo, render the missing editions, record), and none of the
site (Markdown, MkDocs, Pagefind). A full build did the same job but took as long again
as the build it prepared, which for the 30-year archive was most of an hour.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path


def freeze(root: Path, as_of: dt.date) -> int:
    """Render and store the editions of every issue published by `as_of`; return how many."""
    from generator.commands.build import Progress, embargo_stage, validate_stage
    from generator.data.load import load_project
    from generator.gazette import editions, manifest
    from generator.models import BuildContext
    from generator.site.mkdocs_config import site_url

    root = root.absolute()
    say = Progress(False)
    dataset = validate_stage(load_project(root), say)
    ledger = manifest.check_and_record(root, dataset, as_of)
    dataset = embargo_stage(dataset, as_of, say)
    with tempfile.TemporaryDirectory(prefix="gazette-freeze-") as staging:
        ctx = BuildContext(root, as_of, dataset, site_url(root), Path(staging))
        found = editions.prepare(ctx, ledger)
        ledger.record()  # stores the rendered editions, then records their hashes
    return sum(1 for edition in found.values() if not edition.stored)


def main(argv: list[str]) -> int:
    """Freeze the editions of the project named on the command line."""
    from generator.gazette.editions import FOLDER

    root, as_of = Path(argv[0]), dt.date.fromisoformat(argv[1])
    print(f"froze {freeze(root, as_of)} editions in {root / FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
