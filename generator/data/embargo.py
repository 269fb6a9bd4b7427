"""Stage 3, embargo: cut the dataset at `as_of`; nothing dated later is published.

Issues after `as_of` go with their entries; gifts, price surveys and indicator rows dated
later go too. Indicators are annual: a row stays while its plan year (ROC) has begun.
A corrigendum whose corrected entry is still present keeps its link; one whose target was
cut would point nowhere, but a corrigendum is never older than what it corrects, so the
target of a published corrigendum is always published as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from generator.models import Dataset
from generator.roc import to_roc

# resource → the date column that decides whether a row is out yet
DATED = {"gifts": "date", "procurement_prices": "survey_date"}


def _on_or_before(column: pd.Series, as_of: dt.date) -> pd.Series:
    """Return a mask of rows whose date is known and not after `as_of`."""
    known = column.map(lambda value: value is not None and value == value and value <= as_of)
    return known.astype(bool)  # an empty object mask would select columns, not rows


def published(dataset: Dataset, as_of: dt.date) -> Dataset:
    """Return a copy of `dataset` holding only what is published on `as_of`."""
    frames = dict(dataset.frames)
    issues = frames.get("gazette_issues")
    if issues is not None:
        issues = issues[_on_or_before(issues["publication_date"], as_of)]
        frames["gazette_issues"] = issues
        entries = frames.get("gazette_entries")
        if entries is not None:
            frames["gazette_entries"] = entries[entries["issue_id"].isin(set(issues["issue_id"]))]
    for name, column in DATED.items():
        frame = frames.get(name)
        if frame is not None:
            frames[name] = frame[_on_or_before(frame[column], as_of)]
    indicators = frames.get("plan_indicators")
    if indicators is not None:
        last_year = to_roc(as_of.year)
        frames["plan_indicators"] = indicators[indicators["plan_year"].map(int) <= last_year]
    return dataclasses.replace(dataset, frames={k: v.copy() for k, v in frames.items()})
