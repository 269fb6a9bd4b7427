"""The `gazette` command: parse arguments, run one stage function, report, set the exit status.

Exit status: 0 success, 1 invalid data or refused action, 2 usage or configuration error,
3 an internal error (a bug: please report it with GAZETTE_DEBUG=1 output).
Only this module prints problems or decides exit codes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.metadata
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from generator import children
from generator.commands.output import report
from generator.errors import ConfigError, GazetteError
from generator.models import Problem

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
DISTRIBUTION = "city-gazette"


def _date(text: str) -> dt.date:
    """Parse an ISO date option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """Add the options every command takes, before the subcommand (`top`) or after it.

    Given after the subcommand they win; their defaults live on the top parser only
    (SUPPRESS below), so `gazette --root DIR build` is not undone by the subcommand's default.
    """

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--root", type=Path, default=default(Path(".")), help="project folder (default: .)"
    )
    parser.add_argument(
        "--lang", choices=["zh-TW", "en"], default=default("zh-TW"), help="message language"
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default=default("text"), help="report format"
    )


def version() -> str:
    """Return the installed version of the project."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="gazette", description="City gazette and open data.")
    parser.add_argument("--version", action="version", version=f"gazette {version()}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every dataset and report all errors")
    _common(validate)
    validate.add_argument("--quiet", action="store_true", help="no summary line on success")

    build = commands.add_parser("build", help="validate, render and publish the static site")
    _common(build)
    build.add_argument("--site-dir", type=Path, default=None, help="output (default: ROOT/site)")
    build.add_argument("--as-of", type=_date, default=None, help="publication cut-off date")
    build.add_argument("--quiet", action="store_true", help="no progress output")

    serve = commands.add_parser("serve", help="preview the site with live reload")
    _common(serve)
    serve.add_argument("--as-of", type=_date, default=None, help="publication cut-off date")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1")

    new_issue = commands.add_parser("new-issue", help="add the next gazette issue")
    _common(new_issue)
    new_issue.add_argument("--date", type=_date, default=None, help="publication date")
    new_issue.add_argument(
        "--extra", action="store_true", help="an extra issue (號外) off the calendar"
    )

    calendar = commands.add_parser("calendar", help="print the next issue dates of the calendar")
    _common(calendar)
    calendar.add_argument("--count", type=int, default=10, help="how many dates (default: 10)")
    calendar.add_argument("--from", dest="start", type=_date, default=None, help="first day")
    calendar.add_argument(
        "--is-issue-date",
        nargs="?",
        const="today",
        default=None,
        metavar="DATE",
        help="exit 0 if DATE (default: today in Taipei) is an issue date, else 1",
    )
    calendar.add_argument(
        "--is-publish-day",
        nargs="?",
        const="today",
        default=None,
        metavar="DATE",
        help="exit 0 if DATE (default: today) is an issue date or has an issue recorded, else 1",
    )

    init = commands.add_parser("init", help="create a new city's gazette project in DIR")
    _common(init)
    init.add_argument("dir", type=Path, help="new or empty folder for the project")
    init.add_argument("--name", required=True, help="the gazette's name, e.g. 臺中市政府公報")
    init.add_argument("--name-en", default=None, help="its English name")
    init.add_argument("--schedule", default="monthly:15,last", help="calendar, e.g. weekly:tue,fri")
    init.add_argument("--url", default=None, help="the site's address")
    init.add_argument("--sample", action="store_true", help="copy the sample data")

    importer = commands.add_parser("import", help="import a staff spreadsheet into a dataset")
    _common(importer)
    importer.add_argument("source", type=Path, help="CSV, XLSX or ODS file to import")
    importer.add_argument("--into", required=True, help="resource name, e.g. gifts")
    importer.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    importer.add_argument("--strict", action="store_true", help="unknown columns are errors")
    importer.add_argument("--map", type=Path, default=None, help="value mapping YAML file")
    importer.add_argument("--bodies", type=Path, default=None,
                          help="folder of body files (default: the source's folder)")  # fmt: skip
    importer.add_argument("--body-limit", action="append", default=[], metavar="NAME=N",
                          help="change a body limit, e.g. body_chars=5000000")  # fmt: skip

    verify = commands.add_parser("verify", help="check published entries against the manifest")
    _common(verify)
    verify.add_argument("--site-dir", type=Path, default=None, help="verify a built site instead")
    verify.add_argument(
        "--cert", type=Path, default=None, help="check PDF edition signatures against this cert"
    )
    verify.add_argument(
        "--against",
        default=None,
        metavar="FILE_OR_URL",
        help="a published gazette/chain/latest.json (or an old gazette/manifest.json) to extend",
    )
    verify.add_argument("--quiet", action="store_true", help="no summary line on success")
    verify.add_argument(
        "--first-publish",
        action="store_true",
        help="accept an absent --against manifest while nothing was ever recorded",
    )

    reissue = commands.add_parser(
        "reissue", help="reissue defective PDF editions (更正版), or attest unhashed ones"
    )
    _common(reissue)
    reissue.add_argument("issue_ids", nargs="*", metavar="ISSUE_ID", help="e.g. 114-01")
    reissue.add_argument("--volume", type=int, default=None, help="every issue of a volume")
    reissue.add_argument("--reason", default=None, help="why, in Chinese (shown on the page)")
    reissue.add_argument("--reason-en", default=None, help="why, in English")
    reissue.add_argument(
        "--attest", action="store_true", help="only record the hashes of unhashed editions"
    )
    reissue.add_argument("--dry-run", action="store_true", help="report, write nothing")

    deploy = commands.add_parser("deploy", help="upload a built site to S3-compatible storage")
    _common(deploy)
    deploy.add_argument("--site-dir", type=Path, required=True, help="the built site")
    deploy.add_argument("--to", required=True, help="s3://BUCKET/PREFIX")
    deploy.add_argument("--endpoint-url", default=None, help="S3-compatible service (not AWS)")
    deploy.add_argument("--dry-run", action="store_true", help="report, change nothing")

    tags = commands.add_parser(
        "tags", help="print a git tag line for each issue recorded since a commit"
    )
    _common(tags)
    tags.add_argument(
        "--since", default="HEAD", metavar="REV", help="the commit to compare with (default HEAD)"
    )

    completion = commands.add_parser("completion", help="print a shell completion script")
    _common(completion)
    completion.add_argument("shell", choices=["bash", "zsh", "tcsh"], help="the shell")
    _describe(commands)
    return parser


def _describe(commands: argparse._SubParsersAction) -> None:
    """Give each subcommand's --help the one-line summary the top-level --help lists."""
    for action in commands._choices_actions:
        commands.choices[action.dest].description = action.help


# Each subcommand's module in generator/commands/, imported when that command runs: the
# commands bring pandas, MkDocs, WeasyPrint and boto3, which `--help` and the others need not load.
COMMANDS = {
    "validate": "validate",
    "build": "build",
    "serve": "serve",
    "new-issue": "new_issue",
    "calendar": "calendar",
    "init": "init",
    "import": "import_",
    "verify": "verify",
    "deploy": "deploy",
    "completion": "completion",
    "tags": "tags",
    "reissue": "reissue",
}


def _run(args: argparse.Namespace) -> list[Problem]:
    """Dispatch to the command's module; return problems to report (empty on success)."""
    module = importlib.import_module(f"generator.commands.{COMMANDS[args.command]}")
    if args.command == "completion":
        return module.command(args, build_parser())
    return module.command(args)


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into SystemExit (SIGINT into KeyboardInterrupt) while a command runs,
    after ending its child processes, so its cleanup still happens.

    Killed by default, a build would leave its staging folder, temporary folder and
    Pagefind and worker processes behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        # Children first: the thread pools waiting on Pagefind and MkDocs then unwind.
        children.end_all()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        sys.exit(128 + signum)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return _outcome(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a bug must not look like bad data
        if os.environ.get("GAZETTE_DEBUG"):
            raise
        print(f"gazette: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("gazette: rerun with GAZETTE_DEBUG=1 to see the traceback", file=sys.stderr)
        return EXIT_BUG


def _outcome(args: argparse.Namespace) -> int:
    """Run the command and report its problems; return the exit status.

    Reporting is inside `main`'s bug handler too: a problem code missing from the
    catalogue (`messages.UnknownCode`) is a bug, exit 3, never a raw code on screen.
    """
    try:
        with _terminate_cleanly():
            problems = _run(args)
    except GazetteError as error:
        report(
            error.problems, args.lang, args.format, sys.stderr if args.format == "text" else None
        )
        return error.exit_code
    if problems:
        report(problems, args.lang, args.format)
        return EXIT_INVALID
    if args.format == "json" and args.command in ("validate", "verify"):
        print("[]")
    return EXIT_OK


def run(func: Callable[[], object]) -> int:
    """Run a stage function the way `main` does (for tests); return the exit status."""
    try:
        func()
    except ConfigError as error:
        return error.exit_code
    except GazetteError as error:
        return error.exit_code
    return EXIT_OK
