"""Diagnose a dataset file's bytes: encoding, byte-order mark, binary content, CSV quoting.

Staff save CSV files from Excel and older office tools, so the usual troubles are Big5
(CP950) files, a UTF-8 byte-order mark, a workbook renamed to `.csv`, and a quote that
is never closed. Each becomes one file-level `Problem` that says how to fix it.

CRLF line endings are accepted: RFC 4180 itself uses CRLF and the csv module reads both,
so refusing them would only make clerks fight their editors.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from generator.models import Problem

BOM = b"\xef\xbb\xbf"
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # XLSX/ODS (zip), XLS (OLE2)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff]")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Return the file's text (None if unusable) and the problems with its bytes.

    A file with a byte-order mark is refused but still decoded, so that its cells are
    checked in the same run; every other failure stops the file.
    """
    if not raw:
        return None, [Problem.at(path, None, "", "file-empty")]
    if raw.startswith(_SPREADSHEET_MAGIC):
        return None, [Problem.at(path, None, "", "file-spreadsheet")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        return None, [Problem.at(path, 1, "", "file-not-utf8", byte=f"0x{raw[0]:02X}")]
    if b"\x00" in raw:
        return None, [Problem.at(path, _line_of(raw, raw.index(b"\x00")), "", "file-binary")]
    problems: list[Problem] = []
    if raw.startswith(BOM):
        problems.append(Problem.at(path, 1, "", "file-bom"))
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, problems + [_not_utf8(raw, error, path)]
    control = _CONTROL.search(text)
    if control and len(_CONTROL.findall(text[:4096])) > 8:
        # A few stray control characters are cell problems; many mean this is not text.
        return None, problems + [
            Problem.at(path, _line_of_text(text, control.start()), "", "file-binary")
        ]
    return text, problems


def _not_utf8(raw: bytes, error: UnicodeDecodeError, path: str) -> Problem:
    """Return the problem for bytes that are not UTF-8, naming Big5 when it fits."""
    line = _line_of(raw, error.start)
    for codec in ("cp950", "big5hkscs"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_cjk(text):
            sample = next((ln for ln in text.splitlines() if not ln.isascii()), "")
            return Problem.at(path, line, "", "file-big5", codec=codec, sample=sample[:40])
    return Problem.at(path, line, "", "file-not-utf8", byte=f"0x{raw[error.start]:02X}")


def _mostly_cjk(text: str) -> bool:
    """Tell whether the non-ASCII characters of `text` are mostly Chinese (Big5 is plausible)."""
    wide = [c for c in text if ord(c) > 127]
    return bool(wide) and len(_CJK.findall("".join(wide))) >= 0.8 * len(wide)


def _line_of(raw: bytes, offset: int) -> int:
    """Return the 1-based line of a byte offset."""
    return raw.count(b"\n", 0, offset) + 1


def _line_of_text(text: str, offset: int) -> int:
    """Return the 1-based line of a character offset."""
    return text.count("\n", 0, offset) + 1


def parse(text: str, path: str) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """Split CSV text into header, rows and editor start lines, strictly.

    Same line accounting as `load.parse_csv` (blank lines skipped but counted), but the
    reader is strict so that a stray or unclosed quote is reported instead of silently
    swallowing the rest of the file into one cell. Records are read in one C call and
    their start lines computed afterwards: the per-record Python loop only runs when
    cells span several lines.
    """
    try:
        records = _shared_records(csv.reader(lines_of(text), strict=True))
    except csv.Error:
        return [], [], [], [_quote_problem(text, path)]
    starts = _record_starts(text, records)
    if min(map(len, records), default=0) < 2:  # blank lines read as [] (or [''] for "")
        kept = [(s, r) for s, r in zip(starts, records, strict=True) if len(r) > 1 or (r and r[0])]
        starts, records = [s for s, _ in kept], [r for _, r in kept]
    if not records:
        return [], [], [], []
    return records[0], records[1:], starts[1:], []


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_of(text: str) -> Iterator[str]:
    """Yield the lines of `text` with their endings, as `io.StringIO(text, newline="")` does.

    StringIO copies the text into a buffer of four bytes per character: 400 MB more for a
    100-million-character file. This reads the text in place.
    """
    return (found.group() for found in _LINE.finditer(text))


MEMO_LIMIT = 200_000  # distinct cell texts remembered at once (about 20 MB)


def _shared_records(reader: Iterator[list[str]]) -> list[list[str]]:
    """Return the records with equal cell texts shared as one string object.

    A million-row price file repeats the same dates, prices, categories and agency ids in
    most cells; one string each instead of one per cell halves validation's peak memory.
    The memo is emptied when it grows past MEMO_LIMIT (a column of unique names), so it
    stays bounded; a value is then at worst held a few times.
    """
    memo: dict[str, str] = {}
    share = memo.setdefault
    records = []
    for record in reader:
        records.append(list(map(share, record, record)))
        if len(memo) > MEMO_LIMIT:
            memo.clear()
    return records


def _record_starts(text: str, records: list[list[str]]) -> list[int]:
    """Return the editor line where each record starts."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    physical = breaks + (0 if text.endswith(("\n", "\r")) else 1)
    if physical == len(records):  # no cell spans two lines: record i starts on line i + 1
        return list(range(1, len(records) + 1))
    starts, line = [], 1
    for record in records:
        starts.append(line)
        joined = "\x00".join(record)
        line += 1
        if "\n" in joined or "\r" in joined:
            line += joined.count("\n") + joined.count("\r") - joined.count("\r\n")
    return starts


def _quote_problem(text: str, path: str) -> Problem:
    """Locate a CSV quoting error by reading again record by record (error path only)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_end = 0
    try:
        for _ in reader:
            previous_end = reader.line_num
    except csv.Error as error:
        if "end of data" in str(error):
            return Problem.at(path, previous_end + 1, "", "csv-unclosed-quote")
        return Problem.at(path, reader.line_num, "", "csv-malformed", detail=str(error))
    raise AssertionError("the strict reader failed once and not twice")
