"""The frozen official editions: each issue's PDF, rendered once when first published.

`editions/<volume>/<number>.pdf` (the number padded to the project's width) in the project
holds the edition of every published issue, byte for byte as it was first published
(signed when a key was configured), and the manifest chain records its SHA-256 (`edition`
in the issue's record). Later builds copy these files and never render them again, so a
change to the template, the font or WeasyPrint reaches only editions not yet published; a
corrigendum appears in a later edition and never touches an old one.

A build (`prepare`) finds the stored edition of each issue it shows, refuses one that is
missing or changed, and renders the rest. A publish build stores the new ones in
`editions/` just before the manifest records them (`Plan.record` runs the hook), so a
failed build stores nothing. A preview build (as-of after today in Taipei) renders
unpublished issues without storing or signing them.

Issues recorded before editions were frozen carry no `edition` hash in their chain
records (adding one would change published digests): their edition is frozen the first
time a publish build finds it missing, and is checked by file and signature only.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import json
import multiprocessing
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache
from generator.errors import Refused
from generator.gazette import manifest, pdf, signing
from generator.gazette.feeds import pdf_path
from generator.gazette.model import digits_of, issues_of
from generator.gazette.schedule import id_digits, number_text
from generator.models import BuildContext, Problem

FOLDER = "editions"
MAX_WORKERS = 2


@dataclass(frozen=True)
class Edition:
    """One issue's edition in this build."""

    issue_id: str
    path: Path  # where its bytes are: the stored file, or a fresh render not yet stored
    sha256: str
    signed: bool
    stored: bool  # already frozen in editions/
    chained: bool  # its SHA-256 is in the manifest chain (recorded or being recorded)


def stored_path(root: Path, volume: Any, number: Any) -> Path:
    """Return where an issue's frozen edition lives in the project."""
    return root / relative_path(volume, number, digits_of(root))


def relative_path(volume: Any, number: Any, digits: int = 2) -> str:
    """Return the project path of an issue's frozen edition (the project's number width)."""
    return f"{FOLDER}/{int(volume)}/{number_text(number, digits)}.pdf"


def digest(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare(ctx: BuildContext, ledger: manifest.Plan | None) -> dict[str, Edition]:
    """Find or render the edition of every issue of the build; plan storing the new ones.

    Sets `ctx.config["editions"]` (issue id → Edition) for the issue pages and the PDF
    writer, adds the new editions' hashes to `ledger`'s records and has `ledger.record()`
    store them. Without a ledger nothing is stored (tests, previews).
    """
    publishing = ledger is not None and ledger.record_allowed
    records = {r["issue_id"]: r for r in ledger.manifest["issues"]} if ledger else {}
    fresh = {i.issue_id for i in ledger.new} if ledger else set()
    found: dict[str, Edition] = {}
    todo: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for issue in issues_of(ctx):
        issue_id = issue["issue_id"]
        recorded = (records.get(issue_id) or {}).get("edition")
        path = stored_path(ctx.root, issue["volume"], issue["number"])
        rel = relative_path(issue["volume"], issue["number"], digits_of(ctx.root))
        if path.is_file():
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if recorded and sha != recorded:
                problems.append(_problem(rel, "edition-changed", issue_id))
            signed = signing.is_signed(data)
            # Stored but not yet recorded: a build stored it and then failed to record.
            chained = bool(recorded) or issue_id in fresh
            found[issue_id] = Edition(issue_id, path, sha, signed, True, chained)
        elif recorded:
            problems.append(_problem(rel, "edition-missing", issue_id))
        else:
            todo.append(issue)
    if problems:
        raise Refused(problems)
    rendered = render(ctx, todo, sign=publishing)
    for issue_id, path in rendered.items():
        signed = signing.is_signed(path.read_bytes()) if publishing else False
        chained = issue_id in fresh
        found[issue_id] = Edition(issue_id, path, digest(path), signed, False, chained)
    if ledger is not None:
        ledger.add_editions({i: e.sha256 for i, e in found.items() if i in fresh})
        if publishing:
            ledger.hooks.append(lambda: store(ctx.root, found, todo))
    ctx.config["editions"] = found
    ctx.config["edition_hashes"] = {i: e.sha256 for i, e in found.items() if e.chained}
    return found


def _problem(rel: str, code: str, issue_id: str) -> Problem:
    """Return a problem about a frozen edition file."""
    return Problem.at(rel, None, "", code, issue=issue_id, file=rel)


def render(ctx: BuildContext, todo: list[dict[str, Any]], sign: bool) -> dict[str, Path]:
    """Render (and, publishing with a key, sign) the given issues; return their files."""
    if not todo:
        return {}
    pdf.require_renderer()
    signer = signing.load_signer() if sign else None
    shared = pdf.shared_parts(ctx)
    jobs = {issue["issue_id"]: pdf.render_job(ctx, issue, shared) for issue in todo}
    pending = Path(tempfile.mkdtemp(prefix="gazette-editions-"))
    atexit.register(shutil.rmtree, pending, True)
    results = _render_all(jobs)
    paths = {}
    for issue_id, data in results.items():
        if signer is not None:
            data = signing.sign(data, signer, ctx.site_url)
        paths[issue_id] = pending / f"{issue_id}.pdf"
        paths[issue_id].write_bytes(data)
    return paths


def _render_all(jobs: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """Return each job's PDF, rendered in parallel processes when there are several."""
    if len(jobs) == 1:
        return {key: pdf.render_pdf(**job) for key, job in jobs.items()}
    # Spawned, not forked: workers need WeasyPrint, not a copy of the build's dataset.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(MAX_WORKERS, len(jobs)), mp_context=spawn) as pool:
        futures = {key: pool.submit(pdf.render_pdf, **job) for key, job in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


def store(root: Path, found: dict[str, Edition], todo: list[dict[str, Any]]) -> None:
    """Freeze the editions rendered by this publish build into editions/ (never overwrite)."""
    for issue in todo:
        edition = found[issue["issue_id"]]
        target = stored_path(root, issue["volume"], issue["number"])
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        cache.write_atomic(target, edition.path.read_bytes())


# --- `gazette verify` -----------------------------------------------------------------


def verify(
    root: Path, site_dir: Path | None = None, cert_path: Path | None = None
) -> list[Problem]:
    """Check the editions against the manifest's hashes and, with a certificate, signatures."""
    cert = signing.configured_cert(cert_path)
    if site_dir is not None:
        recorded, _ = manifest.load(site_dir / manifest.SITE_PATH, manifest.SITE_PATH)
        numbers = _site_numbers(site_dir)
        base, place = site_dir, pdf_path
    else:
        recorded, _ = manifest.load(root / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
        numbers = _repo_numbers(root)
        base, place = root, relative_path
    problems: list[Problem] = []
    for record in (recorded or {}).get("issues", []):
        issue_id = record["issue_id"]
        if issue_id not in numbers:
            continue  # the manifest's own checks report a missing issue
        # The id holds the project's width (validation keeps them equal); a site checked
        # without its project has no gazette.yaml to ask.
        rel = place(*numbers[issue_id], id_digits(issue_id))
        path = base / rel
        if not path.is_file():
            if record.get("edition"):
                problems.append(_problem(rel, "edition-missing", issue_id))
            continue
        data = path.read_bytes()
        if record.get("edition") and hashlib.sha256(data).hexdigest() != record["edition"]:
            problems.append(_problem(rel, "edition-changed", issue_id))
        elif cert is not None and signing.is_signed(data):
            why = signing.signature_problem(data, cert)
            if why:
                problems.append(
                    Problem.at(
                        rel,
                        None,
                        "",
                        "edition-signature-invalid",
                        issue=issue_id,
                        file=rel,
                        detail=why,
                    )
                )
    return problems


def _repo_numbers(root: Path) -> dict[str, tuple[int, int]]:
    """Return issue id → (volume, number) from the project's issues table."""
    path = root / manifest.ISSUES_CSV
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["issue_id"]: (int(row["volume"]), int(row["number"]))
            for row in csv.DictReader(handle)
            if (row.get("volume") or "").isdigit() and (row.get("number") or "").isdigit()
        }


def _site_numbers(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Return issue id → (volume, number) from a site's typed issues download."""
    try:
        rows = json.loads((site_dir / manifest.SITE_TABLES[0]).read_bytes().decode("utf-8"))
        return {r["issue_id"]: (int(r["volume"]), int(r["number"])) for r in rows}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # the manifest's own checks report an unreadable download
