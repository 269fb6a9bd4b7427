"""How big an imported file may be: the `limits:` section of gazette.yaml, typed.

A spreadsheet is a zip of XML, and XML can say "this cell, a million times": a 1 KB file
can stand for gigabytes. Each limit is checked before the work it bounds (file sizes by
`stat`, a workbook's expanded size from its zip directory, an ODS sheet's repeats in one
streaming pass over its XML, rows, columns and cells while reading), so a refused file
costs little time and memory. The defaults fit a year of any dataset in one file; a
project changes one in gazette.yaml, e.g.

    limits:
      rows: 2000000
      csv_bytes: 300000000

`body_bytes` and `document_bytes` (one body's Markdown, one DOCX/ODT/HTML document) are
read here so that gazette.yaml has one `limits:` section; the body importer enforces them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what `gazette import` reads; every value is a positive whole number."""

    csv_bytes: int = 100 * MB  # a CSV/TSV file on disk
    workbook_bytes: int = 50 * MB  # an XLSX/ODS file on disk (compressed)
    expanded_bytes: int = 200 * MB  # an XLSX/ODS file's members once decompressed
    rows: int = 1_000_000  # rows of the sheet or file, header included
    columns: int = 200  # cells in one row
    cells: int = 10_000_000  # rows x columns as read
    cell_bytes: int = 1 * MB  # characters in one cell (a body given as text or HTML included)
    body_bytes: int | None = None  # one body's Markdown: the body importer's default when unset
    document_bytes: int | None = None  # one DOCX/ODT/HTML body file: likewise

    @classmethod
    def names(cls) -> list[str]:
        """Return the keys a `limits:` section may hold."""
        return [f.name for f in fields(cls)]


DEFAULT_LIMITS = Limits()
