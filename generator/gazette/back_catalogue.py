"""Back-catalogue volumes: issues digitised years after they appeared, often with gaps.

An issue marked `back_catalogue` lets its volume skip numbers; the volume page lists the
numbers that are not in the digital archive, so a gap reads as a gap and not as an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.gazette.schedule import ISSUES_PER_VOLUME


def is_back_catalogue(issue: dict[str, Any]) -> bool:
    """Return whether an issue row is marked as back-catalogue (missing counts as no)."""
    value = issue.get("back_catalogue")
    return value is True or str(value).lower() == "true"


def missing_numbers(issues: Iterable[dict[str, Any]]) -> list[int]:
    """Return the numbers of a back-catalogue volume that are not in the archive ([] otherwise).

    A volume made only of back-catalogue issues is a full past year (24 numbers); one that
    also holds regularly published issues is missing numbers only below its last issue.
    """
    issues = list(issues)
    if not any(is_back_catalogue(i) for i in issues):
        return []
    present = {int(i["number"]) for i in issues}
    complete = all(is_back_catalogue(i) for i in issues)
    upper = ISSUES_PER_VOLUME if complete else max(present)
    return [n for n in range(1, upper + 1) if n not in present]


def spans(numbers: list[int], separator: str = "、") -> str:
    """Return numbers as compact spans: [1, 2, 3, 5] → '1–3、5'."""
    parts: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = number
    return separator.join(parts)
