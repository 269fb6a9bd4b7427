"""The one-line summaries `gazette validate` and `gazette verify` print on success.

A clerk who runs a check and sees nothing cannot tell a pass from a check that did not run;
the summary says what was checked: the datasets and rows, or the issues the manifest
records, its head, the PDF editions and how many of them carry a signature. Editions
without a signature are named in a note when a certificate was given, so `--cert` never
passes them without a word.
"""

from __future__ import annotations

from pathlib import Path

from generator.gazette import editions, manifest, signing
from generator.gazette.feeds import pdf_path
from generator.gazette.schedule import id_digits
from generator.models import Dataset, Problem

LISTED = 6  # issue ids named in the unsigned note before "…"


def validate_summary(dataset: Dataset) -> Problem:
    """Return the success line of `gazette validate`: datasets and rows checked."""
    rows = sum(len(frame) for frame in dataset.frames.values())
    return Problem.at("", None, "", "validate-ok", resources=len(dataset.frames), rows=rows)


def verify_summary(
    root: Path, site_dir: Path | None, cert_given: bool
) -> tuple[Problem, list[Problem]]:
    """Return the success line of `gazette verify` and notes on unsigned editions."""
    if site_dir is not None:
        recorded, _ = manifest.load(site_dir / manifest.SITE_PATH, manifest.SITE_PATH)
        numbers = editions._site_numbers(site_dir)
        base, place = site_dir, pdf_path
    else:
        recorded, _ = manifest.load(root / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
        numbers = editions._repo_numbers(root)
        base, place = root, editions.relative_path
    records = (recorded or {}).get("issues", [])
    found, unsigned = 0, []
    for record in filter(manifest.is_issue_record, records):
        issue_id = record["issue_id"]
        where = (*numbers[issue_id], id_digits(issue_id)) if issue_id in numbers else None
        path = base / place(*where) if where else None
        if path is None or not path.is_file():
            continue
        found += 1
        if not signing.is_signed(path.read_bytes()):
            unsigned.append(issue_id)
    signed = found - len(unsigned)
    line = Problem.at(
        "",
        None,
        "",
        "verify-ok-signed" if cert_given else "verify-ok",
        issues=len(records),
        last=records[-1]["issue_id"] if records else "—",
        head=((recorded or {}).get("head") or "—")[:12],
        editions=found,
        signed=signed,
    )
    notes = []
    if cert_given and unsigned:
        shown = "、".join(unsigned[:LISTED]) + ("…" if len(unsigned) > LISTED else "")
        notes.append(
            Problem.at("", None, "", "verify-editions-unsigned", count=len(unsigned), issues=shown)
        )
    return line, notes
