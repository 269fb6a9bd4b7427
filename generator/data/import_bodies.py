"""Full texts in a body cell: the text itself (Markdown, plain or HTML) or a path to a file.

HTML, DOCX and ODT are converted to clean GitHub-flavoured Markdown by pandoc (shipped
inside the `pypandoc-binary` wheel, so no system package is needed). One converter for all
three formats means the same document gives the same Markdown whichever way it arrives;
raw HTML is switched off in the output, so styles, scripts, comments and spans vanish
while paragraphs, lists, tables, headings and emphasis stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from generator.data.import_read import decode_bytes

BODY_FIELDS = ("body_zh", "body_en")
FILE_SUFFIXES = {".md": "markdown", ".txt": "text", ".html": "html", ".htm": "html",
                 ".docx": "docx", ".odt": "odt"}  # fmt: skip
MAX_PATH = 255  # longer than any path a file system accepts: it is the text itself
_HTML = re.compile(r"<(?:!--|/?(?:p|div|span|br|table|tr|td|h[1-6]|ol|ul|li|b|i|u|em|strong"
                   r"|font|html|body|head|style|script)\b)", re.IGNORECASE)  # fmt: skip
_PANDOC_TARGET = "gfm-raw_html"
_PANDOC_ARGS = ["--wrap=none", "--markdown-headings=atx"]


@dataclass
class Body:
    """One body cell resolved: the Markdown to store and where it came from."""

    markdown: str | None  # None: the cell names an existing body file to keep as it is
    kind: str  # markdown, text, html, docx or odt
    origin: str  # 'cell' or the file path as written
    keep_path: str = ""  # a path under datasets/ that already holds the body


class BodyError(Exception):
    """A body cell that names a file which cannot be found or read."""

    def __init__(self, code: str, value: str):
        super().__init__(code)
        self.code, self.value = code, value


def looks_like_path(cell: str) -> bool:
    """Return whether a cell is a file path rather than the text: one short line with a suffix."""
    text = cell.strip()
    if not text or "\n" in text or len(text) > MAX_PATH or _HTML.search(text):
        return False
    return PurePosixPath(text.replace("\\", "/")).suffix.lower() in FILE_SUFFIXES


def resolve(cell: str, datasets: Path, folder: Path | None) -> Body:
    """Return the body a cell means; raise BodyError for a path that leads nowhere usable."""
    text = cell.strip()
    if not looks_like_path(text):
        kind = "html" if _HTML.search(text) else "markdown"
        markdown = html_to_markdown(text) if kind == "html" else tidy(text)
        return Body(markdown, kind, "cell")
    relative = PureWindowsPath(text).as_posix() if "\\" in text else text
    kind = FILE_SUFFIXES[PurePosixPath(relative).suffix.lower()]
    in_datasets = _inside(datasets, relative)
    if kind == "markdown" and in_datasets is not None and in_datasets.is_file():
        return Body(None, kind, text, keep_path=PurePosixPath(relative).as_posix())
    for base in ([folder] if folder else []) + [datasets]:
        candidate = _inside(base, relative) if base is datasets else base / relative
        try:
            if candidate is not None and candidate.is_file():
                return Body(convert_file(candidate, kind), kind, text)
        except OSError:
            continue
    raise BodyError("import-body-missing", text)


def _inside(base: Path, relative: str) -> Path | None:
    """Return base/relative when it stays inside `base`, else None."""
    try:
        target = (base / relative).resolve()
    except OSError:
        return None
    return target if target.is_relative_to(base.resolve()) else None


def convert_file(path: Path, kind: str) -> str:
    """Return a body file's text as Markdown; raise BodyError when it cannot be read."""
    data = path.read_bytes()
    if kind in ("markdown", "text"):
        decoded = decode_bytes(data)
        if decoded is None:
            raise BodyError("import-body-unreadable", str(path))
        return tidy(decoded[0])
    if kind == "html":
        decoded = decode_bytes(data)
        if decoded is None:
            raise BodyError("import-body-unreadable", str(path))
        return html_to_markdown(decoded[0])
    return _pandoc_file(path, kind)


def html_to_markdown(html: str) -> str:
    """Return clean Markdown for an HTML fragment or page."""
    import pypandoc

    return tidy(pypandoc.convert_text(html, _PANDOC_TARGET, format="html", extra_args=_PANDOC_ARGS))


def _pandoc_file(path: Path, kind: str) -> str:
    """Return clean Markdown for a DOCX or ODT document."""
    import pypandoc

    try:
        converted = pypandoc.convert_file(
            str(path), _PANDOC_TARGET, format=kind, extra_args=_PANDOC_ARGS
        )
    except RuntimeError as error:  # pandoc's own message for a broken document
        raise BodyError("import-body-unreadable", str(path)) from error
    return tidy(converted)


def tidy(text: str) -> str:
    """Return Markdown with LF line ends, no trailing spaces, no blank-line runs, one final LF.

    Word processors make every list item a paragraph and rarely mark table header rows;
    lists of one-line items are made tight and a blank header row gives way to the first
    row, so a document reads the same whichever format it came in.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    text = _LOOSE_ITEMS.sub(r"\1\n", text)
    text = _BLANK_HEADER.sub(_promote_header, text)
    return text + "\n" if text else ""


_ITEM = r"(?:\d{1,3}[.)]|[-*+])\s+\S[^\n]*"
_LOOSE_ITEMS = re.compile(rf"^({_ITEM})\n\n(?={_ITEM}$)", re.MULTILINE)
_BLANK_HEADER = re.compile(r"^(\|(?:\s*\|)+)\n(\|[-:| ]+\|)\n(\|[^\n]*\|)$", re.MULTILINE)


def _promote_header(match: re.Match[str]) -> str:
    """Return a pipe table whose empty header row is replaced by its first row."""
    return f"{match.group(3)}\n{match.group(2)}"


def canonical_path(entry_id: str, field: str) -> str:
    """Return where an entry's body lives under datasets/: entries/VOL/ID.zh.md (or .en.md)."""
    volume = entry_id.split("-", 1)[0]
    language = "en" if field == "body_en" else "zh"
    return f"entries/{volume}/{entry_id}.{language}.md"
