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
time a publish build finds it missing. `gazette reissue --attest` (generator/gazette/
reissue.py) vouches for such a file with a new chained record of kind `edition`, so the
chain covers its bytes without any published digest changing.

A defective edition is corrected the way a printed gazette does it, by a reissue (更正版):
the original file and its hash stay; the new edition is `editions/<vol>/<nn>-r<k>.pdf`
and a chained record of kind `reissue` supersedes the one before. The newest version of
an issue is authoritative: the site serves it at the issue's usual PDF address, and every
version of a reissued issue also at `gazette-<vol>-<nn>-r<k>.pdf` (k = 0: the original).
`versions` reads the chain into what vouches for which file; `verify` checks every stored
file against the newest record vouching for it, and refuses a file nothing vouches for.
"""

from __future__ import annotations

import atexit
import csv
import shutil
import tempfile
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache, children
from generator.data.gazette_model import digits_of, issues_of, pdf_path
from generator.data.yearly import site_rows
from generator.errors import Refused
from generator.gazette import edition_check, manifest, pdf, signing
from generator.models import BuildContext, Problem
from generator.progress import Bar
from generator.schedule import id_digits, number_text

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
    versions: tuple[Version, ...] = ()  # every version the chain vouches for, oldest first


@dataclass(frozen=True)
class Version:
    """One file of an issue's edition that a chain record vouches for."""

    issue_id: str
    file: str  # project path: editions/<vol>/<nn>.pdf, a reissue editions/<vol>/<nn>-r<k>.pdf
    sha256: str
    kind: str  # "issue" (hashed at publication), "edition" (attested later), "reissue"
    revision: int = 0  # 0: the original; k: the k-th reissue
    reason: dict[str, str] | None = None  # why it was attested or reissued, zh-TW and en
    date: str | None = None  # when the record was made (YYYY-MM-DD)


def stored_path(root: Path, volume: Any, number: Any) -> Path:
    """Return where an issue's frozen edition lives in the project."""
    return root / relative_path(volume, number, digits_of(root))


def relative_path(volume: Any, number: Any, digits: int = 2, revision: int = 0) -> str:
    """Return the project path of an issue's frozen edition (or of its k-th reissue)."""
    suffix = f"-r{revision}" if revision else ""
    return f"{FOLDER}/{int(volume)}/{number_text(number, digits)}{suffix}.pdf"


def site_version_path(volume: Any, number: Any, revision: int, digits: int = 2) -> str:
    """Return the site path of one version of a reissued issue's edition (0: the original)."""
    return pdf_path(volume, number, digits).removesuffix(".pdf") + f"-r{revision}.pdf"


def versions(
    records: list[dict[str, Any]], numbers: dict[str, tuple[int, int]]
) -> dict[str, tuple[Version, ...]]:
    """Return issue id → the versions the chain vouches for, oldest first.

    An issue record's `edition` and an `edition` record vouch for the original file; a
    `reissue` record for its own file. A later record for the same file replaces an
    earlier one (the newest record vouches).
    """
    found: dict[str, dict[str, Version]] = {}
    for record in records:
        issue_id, sha = str(record.get("issue_id", "")), record.get("edition")
        if not sha or issue_id not in numbers:
            continue
        kind = record.get("kind", "issue")
        revision = int(record.get("revision") or 0) if kind == "reissue" else 0
        file = relative_path(*numbers[issue_id], id_digits(issue_id), revision=revision)
        reason = record.get("reason") if isinstance(record.get("reason"), dict) else None
        version = Version(issue_id, file, sha, kind, revision, reason, record.get("date"))
        found.setdefault(issue_id, {})[file] = version
    return {
        issue_id: tuple(sorted(by_file.values(), key=lambda v: v.revision))
        for issue_id, by_file in found.items()
    }


def may_freeze(ctx: BuildContext, issue: dict[str, Any], path: Path) -> list[Problem]:
    """Return why a freshly rendered edition must not be frozen (empty: it may be).

    Every edition passes here before it is stored for good, by a publish build or by
    `gazette reissue`: the one place for checks of what a frozen edition must hold.
    """
    return []


def digest(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    return cache.sha256(path.read_bytes())


def prepare(ctx: BuildContext, ledger: manifest.Plan | None) -> dict[str, Edition]:
    """Find or render the edition of every issue of the build; plan storing the new ones.

    Sets `ctx.state.editions` (issue id → Edition, the authoritative version) for the
    issue pages and the PDF writer, adds the new editions' hashes to `ledger`'s records
    and has `ledger.record()` store them. Without a ledger nothing is stored (tests,
    previews). Every file the chain vouches for must be there with its recorded bytes.
    """
    publishing = ledger is not None and ledger.record_allowed
    # A reissue made after --as-of is not shown: the site is as it stood that day.
    records = manifest.records_as_of(ledger.manifest["issues"], ctx.as_of) if ledger else []
    fresh = {i.issue_id for i in ledger.new} if ledger else set()
    issues = issues_of(ctx)
    vouched = versions(records, {i["issue_id"]: (i["volume"], i["number"]) for i in issues})
    found: dict[str, Edition] = {}
    todo: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for issue in issues:
        issue_id = issue["issue_id"]
        path = stored_path(ctx.root, issue["volume"], issue["number"])
        if vouched.get(issue_id):
            found[issue_id] = _vouched(ctx.root, vouched[issue_id], problems)
        elif path.is_file():
            data = path.read_bytes()
            sha = cache.sha256(data)
            # Stored but not yet recorded: a build stored it and then failed to record.
            chained = issue_id in fresh
            found[issue_id] = Edition(issue_id, path, sha, signing.is_signed(data), True, chained)
        else:
            todo.append(issue)
    if problems:
        raise Refused(problems)
    rendered = render(ctx, todo, sign=publishing)
    if publishing:
        problems = [p for i in todo if i["issue_id"] in fresh
                    for p in may_freeze(ctx, i, rendered[i["issue_id"]])]  # fmt: skip
        if problems:
            raise Refused(problems)
    for issue_id, path in rendered.items():
        signed = signing.is_signed(path.read_bytes()) if publishing else False
        chained = issue_id in fresh
        found[issue_id] = Edition(issue_id, path, digest(path), signed, False, chained)
    if ledger is not None:
        ledger.add_editions({i: e.sha256 for i, e in found.items() if i in fresh})
        # The site follows the chain's order, as of the build's date.
        ctx.state.chain_records = manifest.records_as_of(ledger.manifest["issues"], ctx.as_of)
        if publishing:
            ledger.hooks.append(lambda: store(ctx.root, found, todo))
    ctx.state.editions = found
    ctx.state.edition_hashes = {i: e.sha256 for i, e in found.items() if i in fresh}
    return found


def _vouched(root: Path, chained: tuple[Version, ...], problems: list[Problem]) -> Edition:
    """Return the authoritative edition of an issue the chain vouches for; check each file."""
    problems += changed_versions(root, chained)
    newest = chained[-1]
    path = root / newest.file
    signed = path.is_file() and signing.is_signed(path.read_bytes())
    return Edition(newest.issue_id, path, newest.sha256, signed, True, True, chained)


def changed_versions(root: Path, chained: tuple[Version, ...]) -> list[Problem]:
    """Return a problem for each vouched file that is missing or not as recorded."""
    problems = []
    for version in chained:
        path = root / version.file
        if not path.is_file():
            problems.append(edition_problem(version.file, "edition-missing", version.issue_id))
        elif digest(path) != version.sha256:
            problems.append(edition_problem(version.file, "edition-changed", version.issue_id))
    return problems


def edition_problem(rel: str, code: str, issue_id: str) -> Problem:
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
    edition_check.require_faithful(ctx, todo, results)  # read back before anything is kept
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
    # Kept for the next build of this process (children.worker_pool): WeasyPrint is
    # imported once per worker, not once per build.
    with (
        children.worker_pool("pdf", min(MAX_WORKERS, len(jobs))) as pool,
        Bar("PDF editions", len(jobs)) as bar,
    ):
        futures = {pool.submit(pdf.render_pdf, **job): key for key, job in jobs.items()}
        done = {}
        for future in as_completed(futures):  # the bar moves as each edition is done
            done[futures[future]] = future.result()
            bar.advance()
        return {key: done[key] for key in jobs}


def store(root: Path, found: dict[str, Edition], todo: list[dict[str, Any]]) -> None:
    """Freeze the editions rendered by this publish build into editions/ (never overwrite)."""
    for issue in todo:
        edition = found[issue["issue_id"]]
        target = stored_path(root, issue["volume"], issue["number"])
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        cache.write_atomic(target, edition.path.read_bytes())


# --- the site's copies of a reissued issue's versions ---------------------------------


def write_versions(ctx: BuildContext) -> None:
    """Copy every version of a reissued issue to `gazette-<vol>-<nn>-r<k>.pdf` in the site.

    `write` puts the authoritative version at the issue's usual address (what pages,
    feeds and the API link to); the superseded ones stay readable at their own addresses.
    """
    numbers = {i["issue_id"]: (i["volume"], i["number"]) for i in issues_of(ctx)}
    for issue_id, edition in sorted((ctx.state.editions or {}).items()):
        if len(edition.versions) < 2 or issue_id not in numbers:
            continue
        for version in edition.versions:
            digits = id_digits(issue_id)
            target = ctx.out / site_version_path(*numbers[issue_id], version.revision, digits)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ctx.root / version.file, target)


# --- `gazette verify` -----------------------------------------------------------------


def verify(
    root: Path,
    site_dir: Path | None = None,
    cert_path: Path | None = None,
    notes: list[Problem] | None = None,
) -> list[Problem]:
    """Check every stored edition against the newest chain record vouching for it.

    In the project, every file under editions/ must be vouched for; one of an issue
    recorded before editions were hashed is only noted (in `notes`) until `gazette
    reissue --attest` vouches for it. In a site (`site_dir`), every version's file and
    the authoritative copy at the issue's usual address are checked. With a certificate,
    signatures are checked too.
    """
    cert = signing.configured_cert(cert_path)
    if site_dir is not None:
        recorded, _ = manifest.load_site(site_dir)
        numbers = _site_numbers(site_dir)
    else:
        recorded, _ = manifest.load(root / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
        numbers = _repo_numbers(root)
    records = (recorded or {}).get("issues", [])
    vouched = versions(records, numbers)
    if site_dir is not None:
        expected = _site_files(vouched, numbers)
        base, stray = site_dir, _site_stray(site_dir, expected, records, numbers)
    else:
        expected = {v.file: v for chained in vouched.values() for v in chained}
        base, stray = root, _repo_stray(root, expected, vouched, numbers, notes)
    problems = list(stray)
    for rel, version in sorted(expected.items()):
        path = base / rel
        if not path.is_file():
            problems.append(edition_problem(rel, "edition-missing", version.issue_id))
            continue
        data = path.read_bytes()
        if cache.sha256(data) != version.sha256:
            problems.append(edition_problem(rel, "edition-changed", version.issue_id))
        elif cert is not None and signing.is_signed(data):
            why = signing.signature_problem(data, cert)
            if why:
                problems.append(
                    Problem.at(
                        rel,
                        None,
                        "",
                        "edition-signature-invalid",
                        issue=version.issue_id,
                        file=rel,
                        detail=why,
                    )
                )
    return problems


def _site_files(
    vouched: dict[str, tuple[Version, ...]], numbers: dict[str, tuple[int, int]]
) -> dict[str, Version]:
    """Return site path → the version that must be there (the usual address: the newest)."""
    files = {}
    for issue_id, chained in vouched.items():
        (volume, number), digits = numbers[issue_id], id_digits(issue_id)
        files[pdf_path(volume, number, digits)] = chained[-1]
        if len(chained) > 1:
            for version in chained:
                files[site_version_path(volume, number, version.revision, digits)] = version
    return files


def _site_stray(
    site_dir: Path,
    expected: dict[str, Version],
    records: list[dict[str, Any]],
    numbers: dict[str, tuple[int, int]],
) -> list[Problem]:
    """Return the PDF versions in a site no record vouches for (`-r<k>` files)."""
    folder = site_dir / "gazette"
    if not folder.is_dir():
        return []
    stray = []
    for path in sorted(folder.glob("*/*/gazette-*-r*.pdf")):
        rel = path.relative_to(site_dir).as_posix()
        if rel not in expected:
            stray.append(edition_problem(rel, "edition-unvouched", _issue_of(rel, numbers)))
    return stray


def _repo_stray(
    root: Path,
    expected: dict[str, Version],
    vouched: dict[str, tuple[Version, ...]],
    numbers: dict[str, tuple[int, int]],
    notes: list[Problem] | None,
) -> list[Problem]:
    """Return the files under editions/ no record vouches for; note the unattested ones."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    originals = {relative_path(*n, id_digits(i)): i for i, n in numbers.items() if i not in vouched}
    stray, unattested = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(root).as_posix()
        if rel in expected:
            continue
        if rel in originals:  # frozen before the chain hashed editions: not yet attested
            unattested.append(rel)
            continue
        stray.append(edition_problem(rel, "edition-unvouched", _issue_of(rel, numbers)))
    if unattested and notes is not None:
        notes.append(
            Problem.at(FOLDER, None, "", "edition-unattested",
                       count=len(unattested), file=unattested[0])
        )  # fmt: skip
    return stray


def _issue_of(rel: str, numbers: dict[str, tuple[int, int]]) -> str:
    """Return the id of the issue a stored or site edition path belongs to ('?' if none)."""
    for issue_id, (volume, number) in numbers.items():
        digits = id_digits(issue_id)
        stored = relative_path(volume, number, digits)[:-4]
        if rel.startswith((stored, pdf_path(volume, number, digits)[:-4])):
            return issue_id
    return "?"


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
        rows = site_rows(site_dir, "gazette_issues")  # per volume, or one file (older sites)
        return {r["issue_id"]: (int(r["volume"]), int(r["number"])) for r in rows}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # the manifest's own checks report an unreadable download


def write(ctx: BuildContext) -> None:
    """Copy every edition of this build into the site (rendering only unpublished ones)."""
    found = ctx.state.editions
    if found is None:  # a build that did not prepare them (e.g. a test): preview rules
        found = prepare(ctx, None)
    by_id = {i["issue_id"]: i for i in issues_of(ctx)}
    for issue_id, edition in sorted(found.items()):
        issue = by_id[issue_id]
        target = ctx.out / pdf_path(issue["volume"], issue["number"], digits_of(ctx.root))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(edition.path, target)
