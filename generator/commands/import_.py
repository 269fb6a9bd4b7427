"""`gazette import`: a spreadsheet into a dataset (the pipeline is `gazette/importer.py`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from generator.config import load_config
from generator.data.import_options import body_options, configured_limits
from generator.gazette.importer import import_file
from generator.messages import format_json, format_text, message
from generator.models import Problem


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette import` and print its notes; return no problems (refusals raise)."""
    root = args.root.absolute()
    base = configured_limits(load_config(root).limits)
    bodies_dir, limits = body_options(args.bodies, args.body_limit, base)
    notes = import_file(
        root, args.source, args.into, args.lang,
        dry_run=args.dry_run, strict=args.strict, map_path=args.map,
        bodies_dir=bodies_dir, limits=limits,
    )  # fmt: skip
    _report_import(notes, args.lang, args.format)
    return []


def _report_import(notes: Sequence[Problem], lang: str, fmt: str) -> None:
    """Print an import's notes and summary: JSON, or lines with the summary last and bare."""
    if fmt == "json":
        print(format_json(list(notes), lang))
        return
    for note in notes[:-1]:
        print(format_text(note, lang))
    if notes:
        print(message(notes[-1], lang))
