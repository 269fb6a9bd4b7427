"""The build's fidelity check of entry pages: each body reads on its page as written.

For every published entry, and each language's page of it, the body's visible text (what
the source Markdown shows a reader, read by the same parser the pages use) is compared
with the text of the page's `entry-body` block using `generator.fidelity`: a letter or
digit lost or added fails the build. The check also finds syntax shown as text: `**`,
`__`, `[TABLE]` or a tag (`<br>`, `&lt;br&gt;`) visible on the page more often than the
body holds it as literal text (in code, escaped, or as typed where no syntax applies).
Emphasis delimiters the parser could not pair count as syntax, not as literal text.

Linear in each body and each page: one parse, one pass of regular expressions over the
body block, multiset counts. The same functions check a PDF edition's text
(`generator.gazette.edition_check`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from generator import cache
from generator.data.gazette_model import issues_of
from generator.errors import DataInvalid
from generator.fidelity import Difference, compare_significant, significant
from generator.languages import EN, ZH
from generator.markup.escape import ALIGN_STYLE, UNMATCHED, checking_parser
from generator.models import BuildContext, Problem

BODY_CLASS = "entry-body"
# Syntax a reader must never see unless the body shows it as literal text.
_SYNTAX = re.compile(r"\*\*|__|\[TABLE\]|(?:<|&lt;)\s*/?\s*[A-Za-z][A-Za-z0-9-]*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_DIV = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_ALIGN_CLASS = re.compile(r'<t[hd]\b[^>]*\bclass="gz-align-(left|center|right)"')
SNIPPET = 24
VERDICTS_VERSION = 1  # bump to check every page again after a change outside the stamp


@dataclass(frozen=True)
class Visible:
    """What a body shows a reader: its significant text and the syntax it shows literally.

    `chunks` are the significant text of each run of inline text or code block, in order
    (a printed edition may put a repeated table header between two of them: `headers`,
    the significant text of each table's header row). `unmatched_line` is the first source
    line (1-based) with emphasis syntax the parser left unpaired, or None.
    """

    significant: str
    syntax: Counter[str]
    unmatched_line: int | None
    text: str
    chunks: tuple[str, ...] = ()
    headers: frozenset[str] = frozenset()
    lines: tuple[int, ...] = ()  # the source line where each chunk's block starts
    # Each aligned table cell's alignment in order (`| ---: |`), and the first such line.
    alignments: tuple[str, ...] = ()
    aligned_line: int = 1

    def line_at(self, position: int, source: str = "") -> int:
        """Return the source line of the `position`-th significant character.

        The block's first line, moved down within a paragraph of several lines by counting
        each line's significant characters in `source` (when given).
        """
        seen = 0
        for chunk, line in zip(self.chunks, self.lines, strict=True):
            if seen + len(chunk) > position:
                return _line_within(source, line, position - seen)
            seen += len(chunk)
        return self.lines[-1] if self.lines else 1


def _line_within(source: str, first: int, offset: int) -> int:
    """Return the line, from `first` on, holding the `offset`-th significant character."""
    lines = source.splitlines()[first - 1 :]
    for number, line in enumerate(lines, start=first):
        if not line.strip():  # a blank line ends the block: its last line, then
            return max(first, number - 1)
        offset -= len(significant(line))
        if offset < 0:
            return number
    return max(first, first + len(lines) - 1)


def syntax_counts(text: str) -> Counter[str]:
    """Return how often each kind of syntax occurs in visible text (`**`, `__`, `<br`…)."""
    return Counter(_kind(m.group(0)) for m in _SYNTAX.finditer(text))


def syntax_beyond(shown: str, expected: Visible) -> Counter[str]:
    """Return the syntax `shown` holds beyond what the body shows as literal text.

    Emphasis marks are judged by their characters, not their pairs: a printed table may
    run two cells' literal asterisks together (`***` then `*******` reads as one run of
    ten, five pairs where the body has four), yet a leaked `**bold**` always adds stars.
    """
    extra = syntax_counts(shown) - expected.syntax
    for kind in ("**", "__"):
        if kind in extra and shown.count(kind[0]) <= expected.text.count(kind[0]):
            del extra[kind]
    return extra


def _kind(found: str) -> str:
    """Return one name for a match: tags lowercased, `&lt;` read as `<`, no spaces."""
    found = found.replace("&lt;", "<").replace("&LT;", "<")
    return "".join(found.split()).lower() if found.startswith("<") else found.upper()


def visible(source: str) -> Visible:
    """Return what the body `source` should show a reader, read by the pages' parser."""
    parser = checking_parser()
    tokens = parser.parse(source, {})
    parts: list[str] = []
    chunks: list[str] = []
    lines: list[int] = []
    headers: list[str] = []
    unmatched: int | None = None
    in_header = False
    alignments: list[str] = []
    aligned_line = 0
    block_line = 1  # cells carry no source map: the line of the table (or row) they are in
    for token in tokens:
        before = len(parts)
        block_line = (token.map[0] + 1) if token.map else block_line
        found = ALIGN_STYLE.fullmatch(str(token.attrGet("style") or ""))
        if token.type in ("th_open", "td_open") and found:
            alignments.append(found.group(1))
            aligned_line = aligned_line or block_line
        if token.type == "inline":
            _inline_text(token.children or [], parts)
            if unmatched is None and any(UNMATCHED in p for p in parts[before:]):
                unmatched = (token.map[0] + 1) if token.map else 1
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
        elif token.type in ("thead_open", "thead_close"):
            in_header = token.type == "thead_open"
            headers.append("")
        if len(parts) > before:
            chunk = significant("".join(parts[before:]).replace(UNMATCHED, ""))
            chunks.append(chunk)
            lines.append((token.map[0] + 1) if token.map else 1)
            if in_header:
                headers[-1] += chunk
        parts.append("\n")
    text = "".join(parts).replace(UNMATCHED, "")
    kept = [(c, n) for c, n in zip(chunks, lines, strict=True) if c]
    header_rows = frozenset(h for h in headers if h)
    return Visible(
        "".join(c for c, _ in kept), syntax_counts(text), unmatched, text,
        tuple(c for c, _ in kept), header_rows, tuple(n for _, n in kept),
        tuple(alignments), aligned_line or 1,
    )  # fmt: skip


def _inline_text(children: list[Token], parts: list[str]) -> None:
    """Append the text an inline run shows (images as typed, footnote refs as `[n]`)."""
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "image":  # escape._show_image prints the image's Markdown
            alt: list[str] = []
            _inline_text(child.children or [], alt)
            parts.append(f"![{''.join(alt)}]({child.attrGet('src') or ''})")
        elif kind == "footnote_ref":  # the caption mdit-py-plugins renders: [1], [1:2]
            meta = child.meta or {}
            sub = f":{meta['subId']}" if meta.get("subId") else ""
            parts.append(f"[{int(meta.get('id', 0)) + 1}{sub}]")


def block_text(page: str, css_class: str = BODY_CLASS) -> str | None:
    """Return the visible text of the first `<div class="css_class">` of a page, or None."""
    inner = block_html(page, css_class)
    return None if inner is None else html.unescape(_TAG.sub("", inner))


def shown_alignments(page: str) -> tuple[str, ...]:
    """Return the alignment of each aligned table cell of a page's body block, in order."""
    return tuple(_ALIGN_CLASS.findall(block_html(page) or ""))


def block_html(page: str, css_class: str = BODY_CLASS) -> str | None:
    """Return the HTML inside the first `<div class="css_class">` of a page, or None."""
    start = page.find(f'<div class="{css_class}"')
    if start < 0:
        return None
    depth, end = 0, len(page)
    for match in _DIV.finditer(page, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            end = match.start()
            break
    return page[page.index(">", start) + 1 : end]


@dataclass(frozen=True)
class Finding:
    """One way a shown text differs from its body: lost/added text or syntax shown."""

    line: int | None
    difference: Difference | None
    syntax: str | None
    context: str


def check_text(expected: Visible, shown: str) -> Finding | None:
    """Return how `shown` (a page's or an edition's text) fails the body, or None."""
    extra = syntax_beyond(shown, expected)
    if not extra:  # syntax first: its message says what to fix, a count does not
        difference = compare_significant(expected.significant, significant(shown))
        return None if difference is None else Finding(None, difference, None, "")
    kind = min(extra)
    at = find_kind(shown, kind)
    context = " ".join(shown[max(0, at - SNIPPET) : at + SNIPPET].split())
    return Finding(expected.unmatched_line, None, kind, context)


def find_kind(text: str, kind: str) -> int:
    """Return where syntax of `kind` first occurs in `text` (0 when not found)."""
    for match in _SYNTAX.finditer(text):
        if _kind(match.group(0)) == kind:
            return match.start()
    return 0


def syntax_line(source: str, kind: str) -> int:
    """Return the first source line holding syntax of `kind` (a renderer showed it), or 1."""
    for number, line in enumerate(source.splitlines(), start=1):
        if kind.lower() in line.lower():
            return number
    return 1


def problem(
    rel: str, field: str, finding: Finding, where: str, source: str, expected: Visible
) -> Problem:
    """Return the build problem for a finding about body file `rel` shown in `where`."""
    path = f"datasets/{rel}"
    if finding.difference is not None:
        d = finding.difference
        return Problem.at(
            path, expected.line_at(d.position, source), field, "render-text-lost",
            where=where, lost=d.lost, added=d.added, snippet=d.snippet, found=d.found,
        )  # fmt: skip
    line = finding.line or syntax_line(source, finding.syntax or "")
    return Problem.at(
        path, line, field, "render-syntax-shown",
        where=where, syntax=finding.syntax or "", context=finding.context,
    )  # fmt: skip


def alignment_problem(rel: str, field: str, where: str, expected: Visible, page: str) -> Problem:
    """Return the build problem for table columns aligned otherwise than the body says."""
    return Problem.at(
        f"datasets/{rel}", expected.aligned_line, field, "render-alignment-lost", where=where,
        expected=len(expected.alignments), shown=len(shown_alignments(page)),
    )  # fmt: skip


def _entry_pages(ctx: BuildContext) -> Iterable[tuple[str, str, str, Path]]:
    """Yield (body file, field, language, page file) for each entry page with a body."""
    for issue in issues_of(ctx):
        for entry in issue["entries"]:
            html_path = entry["path"].removesuffix("index.md") + "index.html"
            zh = entry.get("body_zh")
            if zh:
                yield zh, "body_zh", ZH.code, ctx.out / ZH.prefix / html_path
            en = entry.get("body_en")
            shown_en = en if en and (ctx.root / "datasets" / en).is_file() else zh
            if shown_en:
                field = "body_en" if shown_en == en else "body_zh"
                yield shown_en, field, EN.code, ctx.out / EN.prefix / html_path


def check_pages(ctx: BuildContext) -> None:
    """Raise DataInvalid when an entry page shows its body with text lost or syntax shown.

    A writer (`generator.site.writers.WRITERS`): it runs on the staging site after MkDocs,
    so a failure leaves the published site untouched. A page whose bytes, and whose body's
    bytes, passed under the same checking code before is not parsed again (`Verdicts`):
    on a publish day only the new and changed pages are.
    """
    problems: list[Problem] = []
    bodies: dict[str, tuple[bytes, str] | None] = {}
    parsed: dict[str, Visible] = {}
    verdicts = Verdicts(ctx.root)
    for rel, field, _lang, page in _entry_pages(ctx):
        if rel not in bodies:
            path = ctx.root / "datasets" / rel
            raw = path.read_bytes() if path.is_file() else None
            bodies[rel] = None if raw is None else (raw, cache.sha256(raw))
        body = bodies[rel]
        if body is None or not page.is_file():
            continue  # no body file: validation reports it; no page: not published
        shown_bytes = page.read_bytes()
        key = cache.digest(body[1], cache.sha256(shown_bytes))
        if verdicts.passed(key):
            continue
        text = _universal_newlines(body[0].decode("utf-8"))
        if rel not in parsed:
            parsed[rel] = visible(text)
        shown_page = _universal_newlines(shown_bytes.decode("utf-8"))
        finding = check_text(parsed[rel], block_text(shown_page) or "")
        where = page.relative_to(ctx.out).as_posix()
        if finding is not None:
            problems.append(problem(rel, field, finding, where, text, parsed[rel]))
        elif shown_alignments(shown_page) != parsed[rel].alignments:
            problems.append(alignment_problem(rel, field, where, parsed[rel], shown_page))
        else:
            verdicts.passes(key)
    if problems:
        raise DataInvalid(sorted(set(problems), key=Problem.sort_key))
    verdicts.save()


def _universal_newlines(text: str) -> str:
    """Return text with CRLF and CR read as LF, as `Path.read_text` reads it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Verdicts(cache.Passed):
    """The (body bytes, page bytes) pairs that passed the check, kept between builds.

    Only passes are kept, each as the digest of the two SHA-256s: a page that fails is
    checked, and reported, on every build. The entry carries the code stamp of the checker
    (this module, `generator.fidelity`, `generator.markup`, markdown-it and its plugins,
    Python's Unicode tables through its version), so changed checking code checks every
    page again. A damaged or altered entry is a miss (`generator.cache`); after a build only
    that build's pages are kept, so the entry does not grow with publish days.
    """

    NAME = "page-fidelity.json"

    def __init__(self, root: Path) -> None:
        stamp = cache.code_stamp(
            "generator.gazette.page_fidelity", "generator.fidelity", "generator.markup",
            libraries=("markdown-it-py", "mdit-py-plugins"), version=VERDICTS_VERSION,
        )  # fmt: skip
        super().__init__(cache.cache_dir(root, "page-fidelity"), self.NAME, stamp)
