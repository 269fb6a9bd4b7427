"""`gazette verify`: the manifest chain and its anchors, a built site, the frozen editions."""

from __future__ import annotations

import argparse
import os
import sys

from generator.commands.output import report, summary
from generator.errors import ConfigError
from generator.gazette import editions
from generator.gazette.anchor import first_publish
from generator.gazette.manifest import verify
from generator.gazette.verify_summary import verify_summary
from generator.models import Problem


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette verify`; return the problems to report (empty on success)."""
    root = args.root.absolute()
    notes: list[Problem] = []
    against = args.against
    if args.first_publish:
        if against is None:
            raise ConfigError([Problem.at("--first-publish", None, "", "first-publish-alone")])
        against, refused = first_publish(root, against, notes)
        if refused:
            return refused
    found = verify(root, site_dir=args.site_dir, against=against, notes=notes)
    found += editions.verify(root, site_dir=args.site_dir, cert_path=args.cert, notes=notes)
    cert_given = bool(args.cert or os.environ.get("GAZETTE_SIGNING_CERT"))
    line, unsigned = verify_summary(root, args.site_dir, cert_given)
    report(notes + unsigned, args.lang, "text", sys.stderr)
    if not found:
        summary(args, line)
    return found
