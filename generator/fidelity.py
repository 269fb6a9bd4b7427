"""Compare the text a source shows with the text a conversion or a render shows.

The gazette's promise is that what is published is what was signed, so every stage that
carries text (import, page, PDF edition, feed, API) compares what went in with what came
out. The comparison looks at the characters a reader reads: letters of every script (Han
characters included) and digits, after NFKC (full-width forms fold to ASCII) and case
folding. Whitespace, punctuation and symbols are left out, since conversions may
legitimately reflow them; everything else that is lost or added is a difference.

The check is linear in the text's length, so a hostile 300 MB body cannot make it hang:
counts come from multisets, and the position of the first difference from a common prefix.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

# How many characters of context a snippet shows on either side of the first difference.
SNIPPET_CONTEXT = 12


def significant(text: str) -> str:
    """Return the characters the check compares: letters and digits after NFKC, casefolded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass(frozen=True)
class Difference:
    """How a result's significant text differs from its source's.

    `lost` and `added` count characters (as multisets: a character moved elsewhere counts
    as neither, and `reordered` says so); `snippet` is the source around the first
    position where the two differ, `found` the result there.
    """

    lost: int
    added: int
    reordered: bool
    position: int
    snippet: str
    found: str

    def describe(self) -> str:
        """Return a one-line, language-neutral summary (counts and the first difference)."""
        return f"-{self.lost} +{self.added} at {self.position}: 「{self.snippet}」→「{self.found}」"


def compare(source: str, result: str) -> Difference | None:
    """Return how `result` differs from `source` in significant characters, or None."""
    return compare_significant(significant(source), significant(result))


def compare_significant(expected: str, actual: str) -> Difference | None:
    """Compare two strings already reduced by `significant` (callers that cache them)."""
    if expected == actual:
        return None
    position = _common_prefix(expected, actual)
    want, got = Counter(expected), Counter(actual)
    lost = sum((want - got).values())
    added = sum((got - want).values())
    start = max(0, position - SNIPPET_CONTEXT)
    return Difference(
        lost=lost,
        added=added,
        reordered=lost == 0 and added == 0,
        position=position,
        snippet=expected[start : position + SNIPPET_CONTEXT],
        found=actual[start : position + SNIPPET_CONTEXT],
    )


def _common_prefix(left: str, right: str) -> int:
    """Return the length of the longest common prefix, by halving (fast on long texts)."""
    low, high = 0, min(len(left), len(right))
    while low < high:
        middle = (low + high + 1) // 2
        if left[:middle] == right[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
