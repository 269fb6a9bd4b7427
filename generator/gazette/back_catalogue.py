"""Back-catalogue volumes: issues digitised years after they appeared, often with gaps.

An issue marked `back_catalogue` lets its volume skip numbers; the volume page lists the
numbers that are not in the digital archive, so a gap reads as a gap and not as an error.
The gaps come from the data alone (the numbers below the highest one held): how many
issues a past year had is not known, and no calendar of today says it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def is_back_catalogue(issue: dict[str, Any]) -> bool:
    """Return whether an issue row is marked as back-catalogue (missing counts as no)."""
    value = issue.get("back_catalogue")
    return value is True or str(value).lower() == "true"


def missing_numbers(issues: Iterable[dict[str, Any]], first: int = 1) -> list[int]:
    """Return the numbers of a volume that are not in the archive, below its highest one.

    Only a volume holding a back-catalogue issue may have gaps; `first` is the number a
    calendar adopted mid-year starts at (gazette.yaml `calendar.first_number`), whose
    earlier numbers were printed before the archive began. Otherwise the answer is [].
    """
    issues = list(issues)
    present = {int(i["number"]) for i in issues}
    if not present:
        return []
    if any(is_back_catalogue(i) for i in issues):
        upper = max(present)
    elif first > 1:
        upper = first - 1
    else:
        return []
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
