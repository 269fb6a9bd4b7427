"""Edits of published issues, refused by `gazette validate` and `gazette import` as the build
refuses them: the same check (`manifest.check`), the same messages, and the corrigendum advice.

Without this, an edit passed import and validation and was refused only by the next
publish build. Only the refusals about published content are taken from the check (an
issue or entry changed, deleted, moved or added to, or a back-dated issue); anchors and
the chain itself stay the business of the build and `gazette verify`.
"""

from __future__ import annotations

import datetime as dt

from generator import schedule
from generator.gazette import manifest
from generator.models import Dataset, Problem

EDIT_CODES = frozenset(
    {
        "manifest-issue-deleted",
        "manifest-issue-changed",
        "manifest-issue-backdated",
        "manifest-entry-deleted",
        "manifest-entry-moved",
        "manifest-entry-added",
        "manifest-entry-row-changed",
        "manifest-entry-body-changed",
    }
)


def published_edits(dataset: Dataset, today: dt.date | None = None) -> list[Problem]:
    """Return the build's refusals of edits to published issues, then the corrigendum advice.

    `dataset` is validated and not cut at any date; issues dated up to `today` (Asia/Taipei)
    count as published, as in a build of today.
    """
    day = today or schedule.today_in_taipei()
    plan = manifest.check(dataset, as_of=day, today=day)
    found = [p for p in plan.problems if p.code in EDIT_CODES]
    if found:
        found.append(Problem.at(manifest.ENTRIES_CSV, None, "corrects", "published-corrigendum"))
    return found
