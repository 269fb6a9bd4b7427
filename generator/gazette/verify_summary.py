"""The one-line summaries `gazette validate` and `gazette verify` print on success.

A clerk who runs a check and sees nothing cannot tell a pass from a check that did not run;
the summary says what was checked: the datasets and rows, or the issues the manifest
records, its head, the PDF editions and how many of them carry a signature. Editions
without a signature are named in a note when a certificate was given, so `--cert` never
passes them without a word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.data.gazette_model import pdf_path
from generator.gazette import editions, manifest, signing
from generator.models import Dataset, Problem
from generator.schedule import id_digits

LISTED = 6  # issue ids named in the unsigned note before "…"


def validate_summary(dataset: Dataset) -> Problem:
    """Return the success line of `gazette validate`: datasets and rows checked."""
    rows = sum(len(frame) for frame in dataset.frames.values())
    return Problem.at("", None, "", "validate-ok", resources=len(dataset.frames), rows=rows)


def _site_file(
    number: tuple[int, int], issue_id: str, version: Any, chained: tuple[Any, ...]
) -> str:
    """Return the site path of one version: the usual address for a lone edition."""
    digits = id_digits(issue_id)
    if len(chained) == 1:
        return pdf_path(*number, digits)
    return editions.site_version_path(*number, version.revision, digits)


def verify_summary(
    root: Path, site_dir: Path | None, cert_given: bool
) -> tuple[Problem, list[Problem]]:
    """Return the success line of `gazette verify` and notes on unsigned editions."""
    if site_dir is not None:
        recorded, _ = manifest.load_site(site_dir)
        numbers = editions._site_numbers(site_dir)
        base = site_dir
    else:
        recorded, _ = manifest.load(root / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
        numbers = editions._repo_numbers(root)
        base = root
    records = (recorded or {}).get("issues", [])
    issue_records = list(filter(manifest.is_issue_record, records))
    found, signed, unsigned = 0, 0, []
    # Every file the chain vouches for (originals and reissues); the newest decides whether
    # an issue is listed as unsigned.
    for issue_id, chained in sorted(editions.versions(records, numbers).items()):
        for version in chained:
            rel = version.file
            if site_dir is not None:
                rel = _site_file(numbers[issue_id], issue_id, version, chained)
            if not (base / rel).is_file():
                continue
            found += 1
            is_signed = signing.is_signed((base / rel).read_bytes())
            signed += is_signed
            if version is chained[-1] and not is_signed:
                unsigned.append(issue_id)
    line = Problem.at(
        "",
        None,
        "",
        "verify-ok-signed" if cert_given else "verify-ok",
        issues=len(issue_records),
        last=issue_records[-1]["issue_id"] if issue_records else "—",
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
