"""What every command prints: problems in the chosen format and language, and summaries."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from generator.messages import format_json, format_text, message
from generator.models import Problem


def report(problems: Sequence[Problem], lang: str, fmt: str, stream=None) -> None:
    """Print problems in the chosen format and language."""
    stream = stream or sys.stdout
    if fmt == "json":
        print(format_json(list(problems), lang), file=stream)
        return
    for problem in problems:
        print(format_text(problem, lang), file=stream)


def summary(args: argparse.Namespace, line: Problem) -> None:
    """Print a check's one-line success summary (text format, unless --quiet)."""
    if args.format == "text" and not args.quiet:
        print(message(line, args.lang))
