"""Refuse to freeze a PDF edition that loses text or prints syntax: read it back first.

A frozen edition never changes, so it is checked before `editions.py` keeps it: the new
PDF's text is extracted (pypdf: it maps WeasyPrint's subset fonts back to Unicode, Han
characters included), and each entry's body must appear in it, in the order the edition
prints the entries, with the same letters and digits the body shows a reader
(`page_fidelity.visible`, the pages' own reading of the Markdown). Around and inside each
body, syntax shown as text (`**`, `__`, `[TABLE]`, tags) more often than the body holds it
literally refuses the edition as well.

What the layout adds is left out before comparing: text drawn within MARGIN_BAND of the
page's top or bottom edge (the running head and the page number; the template's margins
are 22 and 24 mm) and numbered-list markers, which WeasyPrint draws after the page's text.
Linear in the edition's text: one `find` per entry from where the previous one ended.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator import schedule
from generator.errors import Refused
from generator.fidelity import SNIPPET_CONTEXT, Difference, compare_significant, significant
from generator.gazette import page_fidelity, pdf
from generator.gazette.page_fidelity import Visible, syntax_beyond, visible
from generator.models import BuildContext, Problem

MARGIN_BAND = 18 * 72 / 25.4  # 18 mm in PDF points
MAX_STARTS = 64  # occurrences of a body's first words tried: linear time on hostile text
_MARKER = re.compile(r"\s*\d+[.)]\s*")


@dataclass(frozen=True)
class Body:
    """One entry body the edition prints: its file, its source and what it should show."""

    rel: str  # under datasets/, e.g. "entries/114/114-01-001.zh.md"
    entry_id: str
    source: str


def pdf_text(data: bytes) -> str:
    """Return the text an edition prints, without running heads, page numbers or markers."""
    from pypdf import PdfReader

    parts: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        low = float(page.mediabox.bottom) + MARGIN_BAND
        high = float(page.mediabox.top) - MARGIN_BAND
        page.extract_text(visitor_text=functools.partial(_keep, parts, low, high))
        parts.append("\n")
    return "".join(parts)


def _keep(parts: list[str], low: float, high: float, text: str, cm: Any, tm: Any, *_: Any) -> None:
    """Keep a run of text drawn inside the page's body area that is not a list number."""
    y = cm[5] + tm[5] * cm[3] + tm[4] * cm[1]
    if y < low or y > high:
        return  # the running head or the page number
    if _MARKER.fullmatch(text):
        return  # an ordered list's number: drawn by the layout, not the body
    parts.append(text)


def _significant_with_index(text: str) -> tuple[str, list[int]]:
    """Return `significant(text)` and, for each of its characters, its index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        for folded in significant(ch):
            chars.append(folded)
            where.append(index)
    return "".join(chars), where


def problems(issue_id: str, edition: str, data: bytes, bodies: Iterable[Body]) -> list[Problem]:
    """Return why the edition `data` does not print `bodies` faithfully, in order."""
    raw = pdf_text(data)
    printed, where = _significant_with_index(raw)
    found: list[Problem] = []
    cursor = 0
    for body in bodies:
        expected = visible(body.source)
        if not expected.chunks:
            continue
        start, end = _locate(printed, cursor, expected)
        if end < 0:
            found.append(_lost(issue_id, edition, body, expected, printed, cursor))
            continue
        # The body's stretch of printed text, with the punctuation just around it (where
        # an unpaired `**` at its start or end would be).
        raw_start = where[start - 1] + 1 if start > 0 else 0
        raw_end = where[end] if end < len(where) else len(raw)
        shown = raw[raw_start:raw_end]
        extra = syntax_beyond(shown, expected)
        if extra:
            found.append(_syntax(issue_id, edition, body, expected, shown, min(extra)))
        cursor = end
    return found


def _locate(printed: str, cursor: int, expected: Visible) -> tuple[int, int]:
    """Return where the body starts and ends in `printed` after `cursor`, or (-1, -1).

    Its first words may also occur earlier (the entry's title says them too): each
    occurrence is tried in turn, at most MAX_STARTS of them.
    """
    start = printed.find(expected.chunks[0], cursor)
    for _ in range(MAX_STARTS):
        if start < 0:
            break
        end = _match_rest(printed, start, expected)
        if end >= 0:
            return start, end
        start = printed.find(expected.chunks[0], start + 1)
    return -1, -1


def _match_rest(printed: str, start: int, expected: Visible) -> int:
    """Return where the body printed from `start` ends, or -1 when it differs.

    Chunk after chunk, with nothing between them but a table header row the layout
    repeats after a page break.
    """
    at = start
    for chunk in expected.chunks:
        while not printed.startswith(chunk, at):
            header = next((h for h in expected.headers if printed.startswith(h, at)), None)
            if header is None:
                return -1
            at += len(header)
        at += len(chunk)
    return at


def _lost(
    issue_id: str, edition: str, body: Body, expected: Visible, printed: str, cursor: int
) -> Problem:
    """Return the problem of a body whose text the edition does not print in full."""
    want = expected.significant
    low, high = 0, len(want)  # the longest start of the body printed after `cursor`
    while low < high:
        middle = (low + high + 1) // 2
        if printed.find(want[:middle], cursor) >= 0:
            low = middle
        else:
            high = middle - 1
    start = printed.find(want[:low], cursor) if low else cursor
    difference = compare_significant(want, printed[start : start + len(want)])
    if difference is None:  # printed whole but interrupted: show what comes between
        difference = Difference(0, 0, False, len(want), want[-SNIPPET_CONTEXT:], "")
    return Problem.at(
        f"datasets/{body.rel}", expected.line_at(difference.position, body.source),
        "body_zh", "edition-text-lost",
        issue=issue_id, edition=edition, entry=body.entry_id, lost=difference.lost,
        added=difference.added, snippet=difference.snippet, found=difference.found,
    )  # fmt: skip


def _syntax(
    issue_id: str, edition: str, body: Body, expected: Visible, shown: str, kind: str
) -> Problem:
    """Return the problem of a body whose printed text shows syntax as text."""
    at = page_fidelity.find_kind(shown, kind)
    context = " ".join(shown[max(0, at - page_fidelity.SNIPPET) : at + 24].split())
    line = expected.unmatched_line or page_fidelity.syntax_line(body.source, kind)
    return Problem.at(
        f"datasets/{body.rel}", line, "body_zh", "edition-syntax-shown",
        issue=issue_id, edition=edition, entry=body.entry_id, syntax=kind, context=context,
    )  # fmt: skip


def bodies_of(groups: list[dict[str, Any]]) -> list[Body]:
    """Return the bodies of an issue's grouped entries, in the order the edition prints them."""
    return [
        Body(entry["body_zh"], entry["entry_id"], entry["body_text"])
        for group in groups
        for entry in group["entries"]
        if entry.get("body_text")
    ]


def require_faithful(
    ctx: BuildContext, issues: list[dict[str, Any]], rendered: dict[str, bytes]
) -> None:
    """Raise Refused when an edition about to be frozen loses text or prints syntax.

    `rendered` maps issue ids to the new editions' PDF bytes (before signing: a signature
    adds no text). Nothing is frozen when this raises: the build stops before storing.
    """
    shared = pdf.shared_parts(ctx)
    found: list[Problem] = []
    for issue in issues:
        data = rendered.get(issue["issue_id"])
        if data is None:
            continue
        number = schedule.number_text(issue["number"], schedule.id_digits(issue["issue_id"]))
        rel = f"editions/{int(issue['volume'])}/{number}.pdf"
        groups = pdf.entry_groups(ctx, issue, shared)
        found.extend(problems(issue["issue_id"], rel, data, bodies_of(groups)))
    if found:
        raise Refused(found)
