"""Per-dataset downloads (CSV, JSON, XLSX) and the published entry bodies, under `data/`.

One copy at the site root serves both languages (the English pages link to `../data/...`).
Decisions, so harvesters and spreadsheet users both get what they expect:

- CSV is UTF-8 WITH a byte-order mark and CRLF line ends. Excel on Traditional-Chinese
  Windows opens BOM-less UTF-8 as CP950 (mojibake); the BOM makes it open correctly, and
  RFC 4180 specifies CRLF. The canonical repository files stay BOM-less with LF.
- Cells are written as published: a value starting with = + - @ is refused by validation
  already, so nothing is prefixed or altered here.
- JSON is an array of row objects keyed by field name, typed (numbers, booleans, ISO dates,
  null for empty cells).
- One header convention for every format: a column is headed by its field name
  (`total_value`, `agency_id`), in the CSV, in the XLSX and as the JSON keys, so a script
  or a formula written against one format works on the others, and `gazette import` reads
  every one back. The titles in both languages are in the data dictionary: the dataset
  page, `datapackage.json`, and the XLSX's second sheet `fields` (field name, Chinese
  title, English title, type, description). Codes (agency_id) stay codes in every format;
  the agencies dataset names them.
- XLSX has typed cells (numbers, dates with a date format, booleans); every text cell is
  forced to the string type so no cell can become a formula. Sheet 1's header row (field
  names) is frozen. Bytes are deterministic: fixed document properties and fixed zip
  entry times.
- Entry bodies are copied byte for byte to `data/<body path>`, so the `body_zh`/`body_en`
  paths in the gazette-entry downloads resolve relative to `data/datapackage.json` exactly
  as they do relative to `datasets/`, and readers can recompute the manifest's entry digests
  (`entry_texts` writes them, linking unchanged ones from its cache).
- Resources that grow with the archive (`yearly.SPLIT`) are one file per archive year and
  format, `data/<resource>/<year>.<fmt>`, so a publish day rewrites only the current year's.
  `data/<resource>.<fmt>` of such a resource is gone (or a copy of its latest year with
  `LATEST_AT_OLD_URL`), except the formats in `WHOLE`: the whole archive, joined from the
  year files without making any row again.

Page providers need the sizes and hashes of these files before the writers run, so the
bytes are computed once per build (`download_files`) and reused by the writer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from generator import cache
from generator.data.load import InsideFolder
from generator.data.textsafety import looks_like_formula
from generator.data.yearly import DATA_DIR, year_rows
from generator.errors import DataInvalid
from generator.languages import LANGUAGES
from generator.models import BuildContext, Dataset, Problem
from generator.portal.downloads_cache import DownloadCache, cache_dir, input_key
from generator.portal.entry_texts import write_entry_texts

FORMATS = ("csv", "json", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown",
}
# Whether data/<resource>.<fmt> of a split resource (its URL before the split) keeps a copy
# of the latest year. Off: the copy would double every publish day's upload of the current
# year (3-4 MB for a year of gifts) and silently give a harvester one year where it expects
# all; a missing file is noticed, and the year files are listed in every catalogue.
LATEST_AT_OLD_URL = False
# Whole-archive files kept beside the year files (a JSON array joined from them). None: each
# would cost a full upload on every publish day, and `gazette verify --site-dir` reads the
# year files (`site_rows`); the multipart datapackage.json gives every year at once.
WHOLE: dict[str, tuple[str, ...]] = {}
# Fixed so that the same data gives the same XLSX bytes (zip times cannot predate 1980).
FIXED_TIME = dt.datetime(1980, 1, 1)


@dataclass(frozen=True)
class Download:
    """One published file: its path under the site root, bytes and checksum."""

    path: str  # e.g. "data/gifts.csv"
    content: bytes
    known_sha256: str = field(default="", repr=False, compare=False)  # when already hashed

    @property
    def size(self) -> int:
        """Return the size in bytes."""
        return len(self.content)

    @cached_property
    def sha256(self) -> str:
        """Return the hex SHA-256 of the content (hashed once: pages ask for it many times)."""
        return self.known_sha256 or cache.sha256(self.content)


def fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the Table Schema fields of a resource."""
    return list(resource["schema"]["fields"])


def python_value(value: Any, kind: str) -> Any:
    """Return a typed frame cell as a plain Python value; None for an empty cell."""
    if value is None or (not isinstance(value, str | dt.date) and pd.isna(value)):
        return None
    if kind == "string":
        return value if value != "" else None
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == "boolean":
        return bool(value)
    return value


def column_values(series: pd.Series | None, kind: str, length: int) -> list[Any]:
    """Return one frame column as plain values, exactly as `python_value` gives them, fast.

    Typed columns are converted through numpy in one go; anything unexpected takes the
    per-cell path, so the result never depends on which path was taken.
    """
    if series is None:
        return [None] * length
    dtype = series.dtype
    if kind == "string" and isinstance(dtype, pd.StringDtype):
        return [v if v.__class__ is str and v != "" else None for v in series.tolist()]
    if kind == "integer" and pd.api.types.is_signed_integer_dtype(dtype):
        missing = series.isna().tolist()
        data = series.to_numpy("int64", na_value=0).tolist()
        return [None if m else v for v, m in zip(data, missing, strict=True)]
    if kind == "boolean" and pd.api.types.is_bool_dtype(dtype):
        missing = series.isna().tolist()
        data = series.to_numpy("bool", na_value=False).tolist()
        return [None if m else v for v, m in zip(data, missing, strict=True)]
    if kind == "number" and pd.api.types.is_float_dtype(dtype):
        return _numbers(series.to_numpy("float64", na_value=np.nan))
    return [python_value(v, kind) for v in series.tolist()]


def _numbers(data: np.ndarray) -> list[Any]:
    """Return floats as `python_value` does: None for NaN, int for whole numbers below 1e15."""
    missing = np.isnan(data)
    with np.errstate(invalid="ignore"):
        whole = ~missing & (np.floor(data) == data) & (np.abs(data) < 1e15)
    return [
        None if m else (int(v) if w else v)
        for v, m, w in zip(data.tolist(), missing.tolist(), whole.tolist(), strict=True)
    ]


def record_columns(dataset: Dataset, name: str) -> dict[str, list[Any]]:
    """Return the published columns of a resource in schema order, typed, None if empty."""
    frame = dataset.frames[name]
    return {
        f["name"]: column_values(
            frame[f["name"]] if f["name"] in frame.columns else None,
            f.get("type", "string"),
            len(frame),
        )
        for f in fields(dataset.resource(name))
    }


def records(dataset: Dataset, name: str) -> list[dict[str, Any]]:
    """Return the published rows of a resource as dicts in schema order, typed, None if empty."""
    columns = record_columns(dataset, name)
    names, values = list(columns), columns.values()
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def cell_text(value: Any) -> str:
    """Return the canonical CSV text of a plain value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(resource: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    """Return the CSV download: UTF-8 with BOM, CRLF, header = field names."""
    names = [f["name"] for f in fields(resource)]
    columns = [_csv_texts([row[n] for row in rows]) for n in names]
    refuse_formulas(f"{DATA_DIR}/{resource.get('name', '')}.csv", names, columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows(zip(*columns, strict=True))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def refuse_formulas(path: str, names: list[str], columns: list[list[str]]) -> None:
    """Raise DataInvalid when a cell would start a spreadsheet formula (defence in depth).

    Validation already refuses such values; this catches any that reached the writer
    another way (a rule skipped, a new field, a derived column).
    """
    problems = [
        Problem.at(
            path, None, name, "download-formula-refused", file=path, column=name, value=v[:60]
        )
        for name, column in zip(names, columns, strict=True)
        for v in column
        if looks_like_formula(v)
    ]
    if problems:
        raise DataInvalid(problems[:20])


def _csv_texts(values: list[Any]) -> list[str]:
    """Return `cell_text` of every value; columns of one plain type skip the per-cell call."""
    kinds = set(map(type, values)) - {type(None)}
    if kinds <= {str}:
        return ["" if v is None else v for v in values]
    if kinds == {int}:
        return ["" if v is None else str(v) for v in values]
    if kinds == {dt.date}:
        return ["" if v is None else v.isoformat() for v in values]
    return list(map(cell_text, values))


def json_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Return the JSON download: an array of typed row objects."""
    # One row per line: readable, diff-friendly, and json's fast C encoder (no `indent`).
    lines = list(map(_ROW_ENCODER.encode, rows))
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8") if lines else b"[]\n"


def _json_default(value: Any) -> str:
    """Serialise dates as ISO 8601."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# One encoder for every row: json.dumps with options would build a new one per call.
# No spaces after separators: a tenth of the bytes of the largest downloads, none of the data.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default, separators=(",", ":"))


def _typed_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    """Return a cell whose type follows the value; text is always text, never a formula."""
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value is None or isinstance(value, bool | int | float):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # openpyxl would otherwise read a leading '=' as a formula
    return cell


def _text_cell(sheet: Any, text: str, bold: bool = False) -> WriteOnlyCell:
    """Return a string cell (header and dictionary cells)."""
    cell = _typed_cell(sheet, text)
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(resource: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    """Return the XLSX download with typed cells, frozen header and a field dictionary.

    openpyxl builds the package (styles, workbook, the field sheet) around a data sheet that
    holds only the header and one date cell; the data sheet's rows are then written as XML
    here, because openpyxl needs about a minute for 100,000 rows and this takes seconds.
    """
    book = Workbook(write_only=True)
    book.properties = DocumentProperties(
        creator="gazette", title=str(resource.get("title", "")), created=FIXED_TIME
    )
    book.properties.modified = FIXED_TIME
    schema_fields = fields(resource)
    sheet = book.create_sheet(resource["name"][:31])
    sheet.freeze_panes = "A2"
    # Field names, as the CSV's header (the titles are on the `fields` sheet).
    titles = [str(f["name"]) for f in schema_fields]
    sheet.append([_text_cell(sheet, t, bold=True) for t in titles])
    sheet.append([_typed_cell(sheet, FIXED_TIME.date())])  # registers the date style
    _field_sheet(book, schema_fields)
    raw = io.BytesIO()
    book.save(raw)
    names = [f["name"] for f in schema_fields]
    return _normalise_zip(
        raw.getvalue(), book.properties, {"xl/worksheets/sheet1.xml": (titles, names, rows)}
    )


_CELL_STYLE = re.compile(rb'<c r="A([12])" s="([0-9]+)"')
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _sheet_xml(template: bytes, titles: list[str], names: list[str], rows: list[dict]) -> bytes:
    """Return the data sheet: openpyxl's sheet with its rows replaced by all the data."""
    styles = {int(row): int(style) for row, style in _CELL_STYLE.findall(template)}
    header_style, date_style = styles[1], styles[2]
    letters = [get_column_letter(i + 1) for i in range(len(names))]
    parts = ['<row r="1">']
    parts += [
        f'<c r="{col}1" s="{header_style}" t="inlineStr"><is>{_xml_text(t)}</is></c>'
        for col, t in zip(letters, titles, strict=True)
    ]
    parts.append("</row>")
    numbers = [str(n) for n in range(2, len(rows) + 2)]
    # Built column by column (a column holds one type, often few distinct values), then
    # joined row by row: the same XML as a cell-by-cell loop, several times faster.
    columns = []
    for col, name in zip(letters, names, strict=True):
        opening = f'<c r="{col}'
        tails = _cell_tails([row[name] for row in rows], date_style)
        columns.append([opening + n + t if t else "" for n, t in zip(numbers, tails, strict=True)])
    by_row = zip(*columns, strict=True) if columns else [()] * len(numbers)
    parts += [
        f'<row r="{n}">' + "".join(cells) + "</row>"
        for n, cells in zip(numbers, by_row, strict=True)
    ]
    head, rest = template.split(b"<sheetData>", 1)
    tail = rest.split(b"</sheetData>", 1)[1]
    return head + b"<sheetData>" + "".join(parts).encode("utf-8") + b"</sheetData>" + tail


# Types whose equal values always make equal cells (unlike 0.0 and -0.0, or 1 and True).
_MEMO_TYPES = ({str}, {int}, {bool}, {dt.date})


def _cell_tails(values: list[Any], date_style: int) -> list[str]:
    """Return each cell's XML after its column letter and row number ('' when empty)."""
    kinds = set(map(type, values)) - {type(None)}
    if kinds in _MEMO_TYPES:  # each distinct value once
        memo = {v: _cell_tail(v, date_style) for v in set(values) if v is not None}
        return ["" if v is None else memo[v] for v in values]
    return ["" if v is None else _cell_tail(v, date_style) for v in values]


def _cell_tail(value: Any, date_style: int) -> str:
    """Return the XML of one non-empty cell after its reference: type, style and value."""
    if isinstance(value, bool):
        return f'" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'" t="n"><v>{cell_text(value)}</v></c>'
    if isinstance(value, dt.date):
        serial = (value - EXCEL_EPOCH).days
        return f'" s="{date_style}" t="n"><v>{serial}</v></c>'
    # Text is always an inline string: never a formula.
    return f'" t="inlineStr"><is>{_xml_text(str(value))}</is></c>'


def _xml_text(text: str) -> str:
    """Return a `<t>` element for text, XML-escaped, keeping edge spaces."""
    clean = xml_escape(_ILLEGAL_XML.sub("\ufffd", text))
    space = ' xml:space="preserve"' if clean != clean.strip() else ""
    return f"<t{space}>{clean}</t>"


def _field_sheet(book: Workbook, schema_fields: list[dict[str, Any]]) -> None:
    """Add the data dictionary: each field name, its titles in both languages, its meaning."""
    sheet = book.create_sheet("fields")
    sheet.freeze_panes = "A2"
    header = ["欄位 field", "中文標題 title", "English title", "型別 type", "說明 description"]
    sheet.append([_text_cell(sheet, h, bold=True) for h in header])
    for f in schema_fields:
        description = " / ".join(
            t for t in (f.get("description", ""), f.get("description_en", "")) if t
        )
        values = [f["name"], f.get("title", ""), f.get("title_en", ""), f.get("type", "string")]
        sheet.append([_text_cell(sheet, str(v)) for v in [*values, description]])


def _normalise_zip(
    content: bytes,
    properties: DocumentProperties,
    sheets: dict[str, tuple[list[str], list[str], list[dict[str, Any]]]],
) -> bytes:
    """Rewrite an XLSX zip with fixed entry times, fixed core properties and full sheets."""
    properties.created = properties.modified = FIXED_TIME
    core = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tostring(
        properties.to_tree()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = core if info.filename == "docProps/core.xml" else source.read(info)
            if info.filename in sheets:
                data = _sheet_xml(data, *sheets[info.filename])
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)
    return out.getvalue()


def body_paths(dataset: Dataset) -> list[str]:
    """Return the published entry body paths (relative to datasets/), sorted."""
    frame = dataset.frames.get("gazette_entries")
    if frame is None:
        return []
    paths = {p for col in ("body_zh", "body_en") if col in frame for p in frame[col] if p}
    return sorted(str(p) for p in paths)


def checked_body_paths(dataset: Dataset) -> list[str]:
    """Return the entry body paths to publish; a path leaving datasets/ stops the build."""
    inside = InsideFolder(dataset.root / "datasets")  # folders resolved once, not each path
    found, problems = [], []
    for rel in body_paths(dataset):
        real = inside.real(rel)
        if real is None or not os.path.isfile(real):
            problems.append(
                Problem.at(
                    "datasets/gazette_entries.csv", None, "", "portal-body-unusable", file=rel
                )
            )
            continue
        found.append(rel)
    if problems:
        raise DataInvalid(problems)
    return found


def resource_downloads(
    dataset: Dataset, name: str, rows: list[dict[str, Any]] | None = None, stem: str = ""
) -> dict[str, Download]:
    """Return the CSV, JSON and XLSX downloads of one resource (or year: `stem`), by format."""
    resource = dataset.resource(name)
    rows = records(dataset, name) if rows is None else rows
    contents = {
        "csv": csv_bytes(resource, rows),
        "json": json_bytes(rows),
        "xlsx": xlsx_bytes(resource, rows),
    }
    stem = stem or name
    return {fmt: Download(f"{DATA_DIR}/{stem}.{fmt}", data) for fmt, data in contents.items()}


def joined_json(parts: list[bytes]) -> bytes:
    """Return the JSON array of all rows of several `json_bytes` files, in their order."""
    bodies = [p[2:-3] for p in parts if p != b"[]\n"]  # between "[\n" and "\n]\n"
    return b"[\n" + b",\n".join(bodies) + b"\n]\n" if bodies else b"[]\n"


def joined_csv_digest(parts: list[bytes]) -> tuple[int, str]:
    """Return size and SHA-256 of several CSV files read as one: later headers dropped.

    That is how Frictionless reads a multipart resource, so these are the `bytes` and
    `hash` of datapackage.json (and equal those of one CSV holding every row).
    """
    digest, size = cache.hasher(), 0
    for number, part in enumerate(parts):
        chunk = part if number == 0 else part[part.index(b"\n") + 1 :]
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class PublishedRows(Mapping[str, list[dict[str, Any]]]):
    """The published rows of each resource, made on first use: cached files need none."""

    def __init__(self, dataset: Dataset, names: list[str]) -> None:
        self._dataset = dataset
        self._names = list(names)
        self._made: dict[str, list[dict[str, Any]]] = {}

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._made:
            self._made[name] = records(self._dataset, name)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass
class Downloads:
    """Every download of one build: per resource and format, plus the entry bodies."""

    # data/<resource>.<fmt>: the whole resource; of a split one only WHOLE (+ latest year)
    tables: dict[str, dict[str, Download]]
    bodies: list[str]  # entry text paths relative to datasets/ (published under data/)
    rows: Mapping[str, list[dict[str, Any]]]  # the published rows, typed (read-only for pages)
    # split resources: year -> format -> data/<resource>/<year>.<fmt>, years in order
    parts: dict[str, dict[str, dict[str, Download]]] = field(default_factory=dict)

    def listed(self, name: str) -> list[tuple[str, Download]]:
        """Return (format, file) of what catalogues list for a resource, in order.

        A split resource lists its year files and its whole-archive files, not the copies
        of its latest year (the same bytes under the old URL).
        """
        if name not in self.parts:
            return sorted(self.tables[name].items())
        years = [(f, d) for per in self.parts[name].values() for f, d in sorted(per.items())]
        return years + [(f, self.tables[name][f]) for f in WHOLE.get(name, ())]

    def all(self) -> list[Download]:
        """Return every table file, sorted by path (entry texts: `entry_texts`)."""
        files = [d for per in self.tables.values() for d in per.values()]
        for years in self.parts.values():
            files += [d for per in years.values() for d in per.values()]
        return sorted(files, key=lambda d: d.path)


def download_files(ctx: BuildContext) -> Downloads:
    """Return this build's downloads, computed once (pages need sizes before writers run).

    A resource whose inputs are unchanged since the last build gets its files from the
    project's download cache (see `downloads_cache`), byte for byte what it would make.
    """
    return ctx.state.memo.once("downloads", lambda: _download_files(ctx))


def _download_files(ctx: BuildContext) -> Downloads:
    """Return this build's downloads, from the download cache where their inputs are unchanged."""
    names = [
        r["name"] for r in ctx.dataset.descriptor["resources"] if r["name"] in ctx.dataset.frames
    ]
    rows = PublishedRows(ctx.dataset, names)
    store = DownloadCache(cache_dir(ctx.root))
    tables, parts = {}, {}
    for name in names:
        years = year_rows(name, ctx.dataset.frames[name])
        if years is None:
            tables[name] = _cached_downloads(ctx.dataset, name, rows, store)
            continue
        parts[name] = {
            year: _cached_downloads(ctx.dataset, name, rows, store, year, positions)
            for year, positions in years.items()
        }
        tables[name] = old_url_files(name, parts[name])
    result = Downloads(tables, checked_body_paths(ctx.dataset), rows, parts)
    store.prune()
    return result


def _cached_downloads(
    dataset: Dataset,
    name: str,
    rows: PublishedRows,
    store: DownloadCache,
    year: str = "",
    positions: list[int] | None = None,
) -> dict[str, Download]:
    """Return a resource's (or one year's) downloads from the cache, or make and store them."""
    key = input_key(dataset, name, positions)
    label, stem = (f"{name}.{year}", f"{name}/{year}") if year else (name, name)
    found = store.load(label, key)
    if found is None:
        published = rows[name]
        part = published if positions is None else [published[i] for i in positions]
        made = resource_downloads(dataset, name, part, stem)
        found = {fmt: (d.content, d.sha256) for fmt, d in made.items()}
        store.store(label, key, found)
    return {
        fmt: Download(f"{DATA_DIR}/{stem}.{fmt}", content, sha)
        for fmt, (content, sha) in found.items()
    }


def old_url_files(name: str, years: dict[str, dict[str, Download]]) -> dict[str, Download]:
    """Return data/<name>.<fmt> of a split resource: its latest year, or WHOLE formats joined."""
    latest = list(years.values())[-1] if LATEST_AT_OLD_URL else {}
    files = {
        fmt: Download(f"{DATA_DIR}/{name}.{fmt}", d.content, d.sha256) for fmt, d in latest.items()
    }
    for fmt in WHOLE.get(name, ()):
        assert fmt == "json", "only JSON arrays can be joined without the rows"
        content = joined_json([per[fmt].content for per in years.values()])
        files[fmt] = Download(f"{DATA_DIR}/{name}.{fmt}", content)
    return files


def published_rows(ctx: BuildContext, name: str) -> list[dict[str, Any]]:
    """Return a resource's published rows as plain typed dicts, computed once per build."""
    return download_files(ctx).rows[name]


def write_file(out: Path, rel: str, content: bytes) -> None:
    """Write one file under the site folder, creating its parents."""
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def write_downloads(ctx: BuildContext) -> None:
    """Write every download and the entry texts into the site (artifact writer)."""
    files = download_files(ctx)
    made: set[Path] = set()
    for download in files.all():
        target = ctx.out / download.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(download.content)
    write_entry_texts(ctx, files.bodies, DATA_DIR)


ASSET_DIR = Path(__file__).parent / "assets"
SITE_ASSETS = "assets/portal"


def write_assets(ctx: BuildContext) -> None:
    """Copy the portal's table script and stylesheet into both language sites (writer).

    mkdocs.yml names them in `extra_css` / `extra_javascript`; each language site gets its
    own copy because MkDocs links them relative to that site's root.
    """
    for source in sorted(ASSET_DIR.iterdir()):
        if source.is_file():
            for prefix in (lang.prefix for lang in LANGUAGES):
                write_file(ctx.out, f"{prefix}{SITE_ASSETS}/{source.name}", source.read_bytes())
