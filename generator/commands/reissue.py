"""`gazette reissue`: vouch for old editions, and reissue defective ones (更正版).

Two jobs, both by appending chained records to `datasets/manifest.json` and never by
changing one (see generator/gazette/editions.py for what the records mean):

- `--attest`: an edition frozen before its issue's record carried a hash gets a record of
  kind `edition` with the SHA-256 of the file as it is now, so from then on a changed
  byte fails `gazette verify`. Nothing is rendered.
- a reissue: the edition is rendered again from the unchanged published data with the
  current renderer and template, written to `editions/<vol>/<nn>-r<k>.pdf` (the original
  and earlier reissues stay), and recorded as kind `reissue`, superseding the version
  before it. An original that was never hashed is attested in the same run first.

Both refuse when the published data no longer matches the chain (a reissue must show
what was published), when the files the chain vouches for changed, and for an issue not
yet published. `--dry-run` reports what would be done and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache, schedule
from generator.data.embargo import published
from generator.data.gazette_model import issues_of
from generator.data.validate import validate_project
from generator.errors import ConfigError, DataInvalid, Refused
from generator.gazette import editions, manifest
from generator.messages import message
from generator.models import BuildContext, Problem
from generator.schedule import id_digits
from generator.site.mkdocs_config import site_url

# What an attestation record says, in both languages, when no reason is given.
ATTEST_REASON = {
    "zh-TW": "補登本期 PDF 正式版之雜湊（刊行時雜湊清單尚未記錄 PDF 版）",
    "en": "hash of the PDF edition recorded after publication "
    "(the manifest did not yet record editions)",
}


@dataclass(frozen=True)
class Action:
    """One record appended (or, in a dry run, that would be): what and for which file."""

    kind: str  # "edition", "reissue", or "unchanged" (the render gave the same bytes)
    issue_id: str
    file: str
    sha256: str  # "" in a dry run of a reissue: nothing was rendered

    def as_dict(self) -> dict[str, str]:
        """Return the action as a JSON-ready dict."""
        return {"kind": self.kind, "issue_id": self.issue_id, "file": self.file,
                "sha256": self.sha256}  # fmt: skip


def run(
    root: Path,
    issue_ids: list[str],
    volume: int | None = None,
    reason: dict[str, str] | None = None,
    attest_only: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> list[Action]:
    """Attest or reissue the editions of the given issues (or of a volume); return the actions.

    Raise ConfigError when nothing is selected or a reissue has no reason, DataInvalid when
    the data does not validate, Refused when the published data or the editions do not
    match the chain, or an issue is not published.
    """
    today = today or schedule.today_in_taipei()
    if not attest_only and not (reason or {}).get("zh-TW"):
        raise ConfigError([Problem.at("", None, "--reason", "reissue-reason-missing")])
    if not issue_ids and volume is None and not attest_only:
        raise ConfigError([Problem.at("", None, "issue_id", "reissue-nothing-selected")])
    dataset, problems = validate_project(root)
    if dataset is None or problems:
        raise DataInvalid(problems)
    # As of the first day there is: nothing is newly published, every record is compared.
    plan = manifest.check(dataset, dt.date.min, today=today)
    if plan.problems:
        raise Refused(plan.problems)
    records = plan.manifest["issues"]
    rows = {i["issue_id"]: i for i in issues_of(_context(root, dataset, today))}
    numbers = {i: (int(r["volume"]), int(r["number"])) for i, r in rows.items()}
    vouched = editions.versions(records, numbers)
    chosen = _select(records, rows, issue_ids, volume)
    everything = not issue_ids and volume is None  # --attest alone
    new_records: list[dict[str, Any]] = []
    todo: list[dict[str, Any]] = []
    problems = []
    for issue_id in chosen:
        chained = vouched.get(issue_id, ())
        problems += editions.changed_versions(root, chained)
        if not chained:
            rel = editions.relative_path(*numbers[issue_id], id_digits(issue_id))
            if everything and not (root / rel).is_file():
                continue  # never frozen: the next publish build freezes it
            attested = _attestation(root, issue_id, numbers[issue_id], today, problems)
            if attested is None:
                continue
            new_records.append(attested)
            chained = editions.versions([attested], numbers)[issue_id]
        if not attest_only:
            todo.append(rows[issue_id] | {"_after": chained[-1]})
    if problems:
        raise Refused(problems)
    return _finish(root, dataset, plan, new_records, todo, reason or {}, dry_run, today)


def _context(root: Path, dataset: Any, as_of: dt.date) -> BuildContext:
    """Return a render context of the data published by `as_of`, for editions only."""
    # Editions render into their own temporary folder: the context's site folder is unused.
    out = Path(tempfile.gettempdir()) / "gazette_reissue_unused"
    return BuildContext(root, as_of, published(dataset, as_of), site_url(root), out)


def _select(
    records: list[dict[str, Any]],
    rows: dict[str, dict[str, Any]],
    issue_ids: list[str],
    volume: int | None,
) -> list[str]:
    """Return the published issues chosen, in chain order; refuse unknown or unpublished ids."""
    recorded = [r["issue_id"] for r in records if manifest.is_issue_record(r)]
    missing = [i for i in issue_ids if i not in recorded or i not in rows]
    if missing:
        raise Refused(
            [Problem.at(manifest.ISSUES_CSV, None, "issue_id", "reissue-not-published", issue=i)
             for i in missing]
        )  # fmt: skip
    if volume is not None:
        in_volume = [i for i in recorded if i in rows and int(rows[i]["volume"]) == volume]
        if not in_volume:
            problem = Problem.at(manifest.ISSUES_CSV, None, "volume", "reissue-not-published",
                                 issue=f"{volume}-*")  # fmt: skip
            raise Refused([problem])
        issue_ids = [*issue_ids, *in_volume]
    elif not issue_ids:  # --attest alone: every published issue
        issue_ids = [i for i in recorded if i in rows]
    return list(dict.fromkeys(issue_ids))


def _attestation(
    root: Path, issue_id: str, number: tuple[int, int], today: dt.date, problems: list[Problem]
) -> dict[str, Any] | None:
    """Return the `edition` record vouching for an issue's stored original (None: absent)."""
    rel = editions.relative_path(*number, id_digits(issue_id))
    if not (root / rel).is_file():
        problems.append(editions.edition_problem(rel, "edition-missing", issue_id))
        return None
    return {
        "kind": "edition",
        "issue_id": issue_id,
        "file": rel,
        "edition": editions.digest(root / rel),
        "reason": dict(ATTEST_REASON),
        "date": today.isoformat(),
    }


def _finish(
    root: Path,
    dataset: Any,
    plan: manifest.Plan,
    new_records: list[dict[str, Any]],
    todo: list[dict[str, Any]],
    reason: dict[str, str],
    dry_run: bool,
    today: dt.date,
) -> list[Action]:
    """Render the reissues (unless a dry run), then store the files and append the records."""
    files: dict[str, Path] = {}
    unchanged: list[Action] = []
    if todo and not dry_run:
        files = _render(root, dataset, todo, today)
    for issue in todo:
        after: editions.Version = issue["_after"]
        revision = after.revision + 1
        rel = editions.relative_path(
            issue["volume"], issue["number"], id_digits(issue["issue_id"]), revision=revision
        )
        if (root / rel).exists():  # a file nothing vouches for is in the way: never overwrite
            raise Refused([editions.edition_problem(rel, "edition-unvouched", issue["issue_id"])])
        if files and editions.digest(files[rel]) == after.sha256:
            # The same bytes again: nothing to correct, so neither a file nor a record.
            unchanged.append(Action("unchanged", issue["issue_id"], after.file, after.sha256))
            del files[rel]
            continue
        new_records.append(
            {
                "kind": "reissue",
                "issue_id": issue["issue_id"],
                "revision": revision,
                "file": rel,
                "edition": editions.digest(files[rel]) if files else "",
                "supersedes": after.sha256,
                "reason": {"zh-TW": reason["zh-TW"], "en": reason.get("en") or reason["zh-TW"]},
                "date": today.isoformat(),
            }
        )
    actions = [Action(r["kind"], r["issue_id"], r["file"], r["edition"]) for r in new_records]
    actions += unchanged
    if dry_run or not new_records:
        return actions
    for rel, path in files.items():  # files first: a record never names a missing file
        cache.write_atomic(root / rel, path.read_bytes())
    chained = list(plan.manifest["issues"])
    for record in new_records:
        chained.append(manifest.seal(record, chained[-1]["sha256"] if chained else ""))
    document = manifest.build_manifest(plan.manifest["fields"], chained)
    manifest.write_atomic(root / manifest.MANIFEST_PATH, manifest.dumps(document))
    return actions


def _render(
    root: Path, dataset: Any, todo: list[dict[str, Any]], today: dt.date
) -> dict[str, Path]:
    """Return project path → the freshly rendered reissue, checked by `may_freeze`."""
    ctx = _context(root, dataset, today)
    rendered = editions.render(ctx, todo, sign=True)
    problems = [p for i in todo for p in editions.may_freeze(ctx, i, rendered[i["issue_id"]])]
    if problems:
        raise Refused(problems)
    files = {}
    for issue in todo:
        revision = issue["_after"].revision + 1
        rel = editions.relative_path(
            issue["volume"], issue["number"], id_digits(issue["issue_id"]), revision=revision
        )
        files[rel] = rendered[issue["issue_id"]]
    return files


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette reissue` and print one line per record appended (or to append)."""
    root = args.root.absolute()
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
