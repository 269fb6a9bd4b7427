"""Full texts in a body cell: the text itself (Markdown, plain or HTML) or a path to a file.

Each form becomes Markdown its own way (generator.data.body_convert for HTML, DOCX and
ODT through pandoc; generator.data.text_body for .txt) and every conversion is checked:
the text the source shows must be the text the converted body shows on its page
(generator.fidelity), or the import is refused (`import-body-lost`). docs/bodies.md says
what each form becomes and which removals are allowed.

A path is looked up only inside the import file's folder (or `--bodies DIR`) and then
under datasets/; an absolute path, a `..` step (in `/` or `\\` form) or a symlink leading
out is refused (`import-body-outside`). Limits (generator.data.body_limits) bound every body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from generator.data import body_convert, text_body
from generator.data.body_limits import (
    DEFAULT_LIMITS,
    BodyLimits,
    LimitExceeded,
    check_file_size,
    check_text,
)
from generator.data.import_read import decode_bytes

BODY_FIELDS = ("body_zh", "body_en")
FILE_SUFFIXES = {".md": "markdown", ".txt": "text", ".html": "html", ".htm": "html",
                 ".docx": "docx", ".odt": "odt"}  # fmt: skip
MAX_PATH = 255  # longer than any path a file system accepts: it is the text itself
_HTML = re.compile(r"<(?:!--|/?(?:p|div|span|br|table|tr|td|h[1-6]|ol|ul|li|b|i|u|em|strong"
                   r"|font|html|body|head|style|script)\b)", re.IGNORECASE)  # fmt: skip
SNIPPET = 40  # characters of the first loss shown in a message


@dataclass
class Body:
    """One body cell resolved: the Markdown to store and where it came from."""

    markdown: str | None  # None: the cell names an existing body file to keep as it is
    kind: str  # markdown, text, html, docx or odt
    origin: str  # 'cell' or the file path as written
    keep_path: str = ""  # a path under datasets/ that already holds the body
    tags: tuple[str, ...] = ()  # HTML tags found in a text or Markdown body


class BodyError(Exception):
    """A body cell that cannot be used: a file not found or unreadable, a loss, a limit."""

    def __init__(self, code: str, value: str, **params: Any):
        super().__init__(code)
        self.code, self.value = code, value
        self.params: dict[str, Any] = dict(params)


def looks_like_path(cell: str) -> bool:
    """Return whether a cell is a file path rather than the text: one short line with a suffix."""
    text = cell.strip()
    if not text or "\n" in text or len(text) > MAX_PATH or _HTML.search(text):
        return False
    return PurePosixPath(text.replace("\\", "/")).suffix.lower() in FILE_SUFFIXES


def resolve(
    cell: str, datasets: Path, folder: Path | None, limits: BodyLimits = DEFAULT_LIMITS
) -> Body:
    """Return the body a cell means; raise BodyError for a path or text that cannot be used."""
    text = cell.strip()
    if not looks_like_path(text):
        return _guard(text, lambda: convert_cell(text, limits))
    relative = _relative(text, folder or datasets)
    kind = FILE_SUFFIXES[PurePosixPath(relative).suffix.lower()]
    in_datasets = _inside(datasets, relative)
    if kind == "markdown" and in_datasets is not None and in_datasets.is_file():
        return Body(None, kind, text, keep_path=PurePosixPath(relative).as_posix())
    for base in ([folder] if folder else []) + [datasets]:
        candidate = _inside(base, relative)
        if candidate is None:
            if _exists(base / relative):  # a symlink that leads out of the folder
                raise BodyError("import-body-outside", text, folder=str(base.resolve()))
            continue
        try:
            if candidate.is_file():
                markdown, tags = _guard(text, lambda c=candidate: _convert(c, kind, limits))
                return Body(markdown, kind, text, tags=tags)
        except OSError:
            continue
    raise BodyError("import-body-missing", text)


def _relative(text: str, folder: Path) -> str:
    """Return a body path in `/` form; raise BodyError when it is absolute or climbs out."""
    windows = PureWindowsPath(text)
    posix = PurePosixPath(text.replace("\\", "/"))
    if windows.drive or windows.root or posix.is_absolute() or ".." in posix.parts:
        raise BodyError("import-body-outside", text, folder=str(folder.resolve()))
    return posix.as_posix()


def _exists(path: Path) -> bool:
    """Return whether a path exists, a dangling or outward symlink included."""
    try:
        return path.is_symlink() or path.exists()
    except OSError:
        return False


def _inside(base: Path, relative: str) -> Path | None:
    """Return base/relative when it stays inside `base` (symlinks followed), else None."""
    try:
        target = (base / relative).resolve()
    except (OSError, RuntimeError):
        return None
    return target if target.is_relative_to(base.resolve()) else None


def _guard(value: str, convert: Any) -> Any:
    """Run a conversion, turning limits and converter failures into BodyError."""
    try:
        return convert()
    except LimitExceeded as error:
        option = f"--body-limit {error.limit}={error.allowed * 10}"
        raise BodyError("import-body-limit", value, limit=error.limit, allowed=f"{error.allowed:,}",
                        found=error.found, option=option) from None  # fmt: skip
    except body_convert.ConvertError as error:
        raise BodyError("import-body-unreadable", value, detail=str(error)) from None


def convert_cell(text: str, limits: BodyLimits = DEFAULT_LIMITS) -> Body:
    """Return the body of a cell holding the text itself (HTML or Markdown), checked."""
    check_text(text, limits)
    if _HTML.search(text):
        return Body(_html(text, text, limits), "html", "cell")
    markdown = tidy(text)
    _checked(text, body_convert.rendered_text(text), markdown)
    return Body(markdown, "markdown", "cell", tags=tuple(text_body.markup_tags(text)))


def _convert(path: Path, kind: str, limits: BodyLimits) -> tuple[str, tuple[str, ...]]:
    """Return a body file as checked Markdown and the tags found in a text or Markdown file."""
    check_file_size(path, limits)
    shown = str(path)
    if kind in ("docx", "odt"):
        converted = body_convert.document_to_markdown(path, kind, limits)
        return _checked(shown, converted.source_text, tidy(converted.markdown)), ()
    decoded = decode_bytes(path.read_bytes())
    if decoded is None:
        raise BodyError("import-body-unreadable", shown, detail="encoding")
    text = decoded[0]
    check_text(text, limits)
    if kind == "html":
        return _html(text, shown, limits), ()
    tags = tuple(text_body.markup_tags(text))
    if kind == "text":
        markdown = tidy(text_body.text_to_markdown(text))
        return _checked(shown, text_body.visible_text(text), markdown), tags
    markdown = tidy(text)
    return _checked(shown, body_convert.rendered_text(text), markdown), tags


def _html(html: str, shown: str, limits: BodyLimits) -> str:
    """Return an HTML body as checked Markdown."""
    converted = body_convert.html_to_markdown(html, limits)
    return _checked(shown, converted.source_text, tidy(converted.markdown))


def _checked(shown: str, source_text: str, markdown: str) -> str:
    """Return the Markdown when its rendered text is the source's; raise BodyError if not."""
    found = body_convert.check(source_text, markdown)
    if found is not None:
        raise BodyError("import-body-lost", shown if len(shown) <= 80 else shown[:79] + "…",
                        lost=found.lost, added=found.added, snippet=found.snippet[:SNIPPET],
                        result=found.found[:SNIPPET] or "∅")  # fmt: skip
    return markdown


def convert_file(path: Path, kind: str, limits: BodyLimits = DEFAULT_LIMITS) -> str:
    """Return a body file's text as checked Markdown; raise BodyError when it cannot be."""
    return _guard(str(path), lambda: _convert(path, kind, limits))[0]


def html_to_markdown(html: str, limits: BodyLimits = DEFAULT_LIMITS) -> str:
    """Return checked Markdown for an HTML fragment or page."""
    return _guard("HTML", lambda: _html(html, "HTML", limits))


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
