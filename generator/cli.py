"""The `gazette` command: parse arguments, run one stage function, report, set the exit status.

Exit status: 0 success, 1 invalid data or refused action, 2 usage or configuration error,
3 an internal error (a bug: please report it with GAZETTE_DEBUG=1 output).
Only this module prints problems or decides exit codes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from generator.errors import ConfigError, GazetteError
from generator.messages import format_json, format_text, message
from generator.models import BuildSummary, Problem

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
        help="a published gazette/manifest.json the checked chain must extend",
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

    completion = commands.add_parser("completion", help="print a shell completion script")
    _common(completion)
    completion.add_argument("shell", choices=["bash", "zsh", "tcsh"], help="the shell")
    _describe(commands)
    return parser


def _describe(commands: argparse._SubParsersAction) -> None:
    """Give each subcommand's --help the one-line summary the top-level --help lists."""
    for action in commands._choices_actions:
        commands.choices[action.dest].description = action.help


def _run(args: argparse.Namespace) -> list[Problem]:
    """Dispatch to the stage function; return problems to report (empty on success)."""
    root = args.root.absolute()  # a relative --root works for every command
    if args.command == "validate":
        from generator.data.validate import validate_project
        from generator.gazette.published import published_edits
        from generator.gazette.verify_summary import validate_summary

        dataset, problems = validate_project(root)
        if dataset is None:
            return problems
        problems = published_edits(dataset)  # the build's refusal of edits, said before it
        if not problems:
            _summary(args, validate_summary(dataset))
        return problems
    if args.command == "build":
        from generator.build import build

        summary = build(root, site_dir=args.site_dir, as_of=args.as_of, progress=not args.quiet)
        _report_build(summary, args.lang, args.format)
        return []
    if args.command == "serve":
        from generator.site.serve import serve

        serve(root, as_of=args.as_of, port=args.port)
        return []
    if args.command == "new-issue":
        from generator.gazette.new_issue import new_issue

        print(new_issue(root, args.date, extra=args.extra))
        return []
    if args.command == "calendar":
        from generator.gazette.calendar_cli import calendar_command

        return calendar_command(
            root, args.count, args.start, args.is_issue_date, args.lang, args.format,
            is_publish_day=args.is_publish_day,
        )  # fmt: skip
    if args.command == "init":
        from generator.gazette.init import init_project

        print(
            init_project(
                args.dir, args.name, args.name_en, args.schedule, args.url, sample=args.sample
            )
        )
        return []
    if args.command == "import":
        from generator.config import load_config
        from generator.data.import_options import body_options, configured_limits
        from generator.data.importer import import_file

        base = configured_limits(load_config(root).limits)
        bodies_dir, limits = body_options(args.bodies, args.body_limit, base)
        notes = import_file(
            root, args.source, args.into, args.lang,
            dry_run=args.dry_run, strict=args.strict, map_path=args.map,
            bodies_dir=bodies_dir, limits=limits,
        )  # fmt: skip
        _report_import(notes, args.lang, args.format)
        return []
    if args.command == "verify":
        from generator.gazette import editions
        from generator.gazette.manifest import verify
        from generator.gazette.verify_summary import verify_summary

        notes: list[Problem] = []
        against = args.against
        if args.first_publish:
            from generator.gazette.anchor import first_publish

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
            _summary(args, line)
        return found
    if args.command == "deploy":
        return _deploy(args)
    if args.command == "completion":
        import shtab

        print(shtab.complete(build_parser(), shell=args.shell), end="")
        return []
    if args.command == "reissue":
        return _reissue(root, args)
    raise AssertionError(args.command)


def _summary(args: argparse.Namespace, line: Problem) -> None:
    """Print a check's one-line success summary (text format, unless --quiet)."""
    if args.format == "text" and not args.quiet:
        print(message(line, args.lang))


def _deploy(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette deploy` and print what it uploaded, kept and deleted."""
    import json

    from generator.messages import message
    from generator.site.deploy import deploy

    done = deploy(
        args.site_dir, args.to, endpoint_url=args.endpoint_url, dry_run=args.dry_run
    ).as_dict()
    if args.format == "json":
        print(json.dumps(done, ensure_ascii=False, indent=2))
        return []
    dry = message(Problem.at("", None, "", "deploy-dry-run"), args.lang) if args.dry_run else ""
    counts = {
        "target": done["target"],
        "dry_run": dry,
        **{name: done[name]["files"] for name in ("uploaded", "kept", "deleted")},
        **{f"{name}_bytes": f"{done[name]['bytes']:,}" for name in ("uploaded", "kept", "deleted")},
    }
    print(message(Problem.at("", None, "", "deploy-report", **counts), args.lang))
    return []


def _reissue(root: Path, args: argparse.Namespace) -> list[Problem]:
    """Run `gazette reissue` and print one line per record appended (or to append)."""
    import json

    from generator.gazette.reissue import run
    from generator.messages import message

    reason = {"zh-TW": args.reason or "", "en": args.reason_en or ""} if args.reason else None
    actions = run(
        root, args.issue_ids, volume=args.volume, reason=reason,
        attest_only=args.attest, dry_run=args.dry_run,
    )  # fmt: skip
    if args.format == "json":
        print(json.dumps([a.as_dict() for a in actions], ensure_ascii=False, indent=2))
        return []
    dry = message(Problem.at("", None, "", "reissue-dry-run"), args.lang) if args.dry_run else ""
    for action in actions:
        code = {"edition": "edition-attested", "unchanged": "reissue-unchanged"}.get(
            action.kind, "edition-reissued"
        )
        values = {"issue": action.issue_id, "file": action.file, "sha256": action.sha256 or "…"}
        print(message(Problem.at("", None, "", code, **values, dry_run=dry), args.lang))
    return []


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
    from generator import children

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


def _report_build(summary: BuildSummary, lang: str, fmt: str) -> None:
    """Print a finished build's notes (stderr) or, with --format json, its summary (stdout)."""
    if fmt == "json":
        import json

        done = summary.as_dict()
        done["warnings"] = [{**json.loads(format_json([note], lang))[0]} for note in summary.notes]
        print(json.dumps(done, ensure_ascii=False, indent=2))
        return
    report(summary.notes, lang, "text", sys.stderr)


def _report_import(notes: Sequence[Problem], lang: str, fmt: str) -> None:
    """Print an import's notes and summary: JSON, or lines with the summary last and bare."""
    if fmt == "json":
        print(format_json(list(notes), lang))
        return
    for note in notes[:-1]:
        print(format_text(note, lang))
    if notes:
        print(message(notes[-1], lang))


def report(problems: Sequence[Problem], lang: str, fmt: str, stream=None) -> None:
    """Print problems in the chosen format and language."""
    stream = stream or sys.stdout
    if fmt == "json":
        print(format_json(list(problems), lang), file=stream)
        return
    for problem in problems:
        print(format_text(problem, lang), file=stream)


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
