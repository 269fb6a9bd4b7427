"""What makes a text cell unsafe to publish: a spreadsheet formula or an invisible character.

- A cell a spreadsheet would run as a formula (OWASP "CSV injection") starts with `=`, `+`,
  `-` or `@`, or any character that NFKC normalisation makes one of them (full-width
  `＝ ＋ － ＠`, small `﹦ ﹢ ﹣ ﹫`, super- and subscript `⁼ ⁺ ⁻`…: spreadsheets and input
  methods fold these to the ASCII signs), or the minus sign `−` (U+2212, which Excel also
  reads as a minus), possibly after whitespace or invisible characters that a viewer does
  not show and a spreadsheet skips.
- An invisible character (a format character, Unicode category Cf: bidi controls such as
  U+202E, zero width spaces such as U+200B; or a control character such as BEL) can make
  a document number or title display as something it is not, or make two keys that look
  equal differ. The same holds in an entry's full text, so bodies are checked too
  (`first_invisible` gives the line and column).
- A carriage return not followed by a line feed (a "Mac" line break) inside a cell is a
  line break some readers see and others do not: validation refuses it, the importer
  turns it into LF.

Validation refuses all of them in the data; the CSV download writer refuses formulas
again, in case a value reached it by another path.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable

# Every character whose NFKC form starts with = + - or @, and the minus sign U+2212 (NFKC
# keeps it): written out so the module costs nothing to import; a test recomputes it from
# the running Python's Unicode tables.
FORMULA_SIGNS = "=+-@\u2212＝＋－＠﹦﹢﹣﹫⁼⁺⁻₌₊₋⩵⩶\ufb29"
# Format characters (Cf), control characters (Cc: a BEL or ESC in a title would also make
# the Atom feeds and sitemaps invalid XML) and the line/paragraph separators U+2028/U+2029.
# Tab, line feed and carriage return are ordinary text; NUL never reaches a cell (the
# encoding check refuses it) and is `column_may_hold`'s separator.
_ALLOWED_CONTROLS = "\x00\t\n\r"
INVISIBLE = "".join(
    ch
    for ch in map(chr, range(sys.maxunicode + 1))
    if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") and ch not in _ALLOWED_CONTROLS
)
_INVISIBLE_CLASS = "".join(f"\\U{ord(ch):08x}" for ch in INVISIBLE)
FORMULA = re.compile(rf"[\s{_INVISIBLE_CLASS}]*[{re.escape(FORMULA_SIGNS)}]")
INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE_CLASS}]")
# A formula start right after the separator `column_may_hold` joins cells with.
SEPARATOR = "\x00"  # what column_may_hold joins cells with: never inside a cell
FORMULA_START = re.compile(SEPARATOR + FORMULA.pattern)
# A cell can only be a formula if its first character is one of these: a cheap pre-check.
SUSPECT_FIRST = frozenset(FORMULA_SIGNS + INVISIBLE) | frozenset(
    ch for ch in map(chr, range(0x3001)) if ch.isspace()
)


def looks_like_formula(text: str) -> bool:
    """Tell whether a spreadsheet could run `text` as a formula."""
    return bool(text) and text[0] in SUSPECT_FIRST and FORMULA.match(text) is not None


def invisible_character(text: str) -> str | None:
    """Return the first invisible format character of `text` as 'U+XXXX', or None."""
    found = INVISIBLE_CHAR.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


LONE_CR = re.compile(r"\r(?!\n)")
HIDDEN_OR_LONE_CR = re.compile(f"{INVISIBLE_CHAR.pattern}|{LONE_CR.pattern}")


def has_lone_cr(text: str) -> bool:
    """Tell whether `text` holds a carriage return that is not part of a CRLF."""
    return "\r" in text and LONE_CR.search(text) is not None


def first_invisible(text: str) -> tuple[int, int, str] | None:
    """Return (line, column, character) of the first invisible character of a text, or None.

    Lines count LF (a CRLF is one break; a lone CR is itself reported); both start at 1.
    """
    hits = [m for m in (INVISIBLE_CHAR.search(text), LONE_CR.search(text)) if m is not None]
    if not hits:
        return None
    found = min(hits, key=lambda m: m.start())
    start = found.start()
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1, found.group()


def snippet(text: str, line: int, column: int, width: int = 12) -> str:
    """Return the few characters around (line, column) of `text`, '…' where cut."""
    row = text.split("\n", line)[line - 1]
    start, end = max(column - 1 - width, 0), column + width
    return ("…" if start else "") + row[start:end] + ("…" if end < len(row) else "")


def column_may_hold(pattern: re.Pattern[str], cells: Iterable[str]) -> bool:
    """Tell whether any cell of a column may match `pattern`: one scan of the joined column.

    A column is checked cell by cell only when this says yes; most columns are clean, and
    one regular-expression scan over a million cells costs a fraction of a million calls.
    The cells are joined with NUL, which a cell never holds after decoding (the encoding
    check refuses it), so a match can only start inside one cell or right after a join,
    where `FORMULA_START` looks for a cell's first characters. A false yes is harmless:
    the exact per-cell check decides.
    """
    return pattern.search(SEPARATOR + SEPARATOR.join(cells)) is not None
