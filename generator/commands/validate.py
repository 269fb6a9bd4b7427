"""`gazette validate`: every check of the data, and the build's refusal of published edits."""

from __future__ import annotations

import argparse

from generator.commands.output import summary
from generator.data.validate import validate_project
from generator.gazette.published import published_edits
from generator.gazette.verify_summary import validate_summary
from generator.models import Problem


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette validate`; return the problems to report (empty on success)."""
    root = args.root.absolute()
    dataset, problems = validate_project(root)
    if dataset is None:
        return problems
    problems = published_edits(dataset)  # the build's refusal of edits, said before it
    if not problems:
        summary(args, validate_summary(dataset))
    return problems
