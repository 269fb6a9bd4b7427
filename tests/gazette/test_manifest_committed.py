"""The committed manifest matches the committed sample data."""

from __future__ import annotations

from pathlib import Path

from generator.gazette.manifest import verify
from generator.messages import format_text

REPO = Path(__file__).resolve().parents[2]
HOW_TO_REFRESH = (
    "datasets/manifest.json no longer matches the sample. If the sample corpus was "
    "regenerated on purpose, refresh the manifest: rm datasets/manifest.json && "
    "gazette build --as-of 2026-11-25 --site-dir /tmp/site, then commit it."
)


def test_repository_verifies_against_its_manifest() -> None:
    problems = verify(REPO)
    shown = "\n".join(format_text(p, "en") for p in problems[:5])
    assert problems == [], f"{HOW_TO_REFRESH}\n{shown}"
