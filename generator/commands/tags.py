"""`gazette tags`: the git tag of each issue recorded since a commit, for the publish workflow.

Prints `gazette-<issue> <sha256>` for every issue the working `datasets/manifest.json`
records and REV's version does not (default HEAD: what this build just recorded). The
workflow makes one annotated tag of each line: a tag pushed to the remote and its mirrors
is what a rewritten history would have to match (generator.gazette.anchor).
"""

from __future__ import annotations

import argparse

from generator.gazette.anchor import new_records
from generator.gazette.manifest import MANIFEST_PATH
from generator.models import Problem


def command(args: argparse.Namespace) -> list[Problem]:
    """Print one tag line per newly recorded issue; a missing manifest is a problem."""
    root = args.root.absolute()
    if not (root / MANIFEST_PATH).is_file():
        return [Problem.at(MANIFEST_PATH, None, "", "file-missing")]
    for issue, digest in new_records(root, args.since):
        print(f"gazette-{issue} {digest}")
    return []
