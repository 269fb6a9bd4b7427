"""Hand-written content may not take a generated page's or file's address.

`content/<lang>/` is copied into the same Markdown tree the pages are rendered into, and
MkDocs copies its other files into the same site. A hand-written
`content/zh/gazette/115/21/115-21-001/index.md` therefore replaced the generated entry page
whenever the page was reused from the warm cache (the copy came last, the reused page was
not rewritten), and the forgery passed `gazette verify --site-dir`, which reads the data
files, not the pages. The render stage now refuses such a file before copying anything, and
the publish stage refuses a hand-written file a writer or Pagefind wrote over; either way
the build stops (exit 1) naming the file, whatever the cache holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.errors import Refused
from generator.languages import LANGUAGES, language
from generator.models import Problem

PAGE_SUFFIX = ".md"


def address(rel: str) -> str:
    """Return the site file a docs path becomes (MkDocs with directory URLs).

    `a/index.md`, `a/README.md` and `a.md` all become `a/index.html`; any other file is
    copied as it is.
    """
    path = PurePosixPath(rel)
    if path.suffix.lower() != PAGE_SUFFIX:
        return rel
    folder = path.parent if path.stem.lower() in ("index", "readme") else path.with_suffix("")
    return (folder / "index.html").as_posix().removeprefix("./")


def check_pages(lang: str, content: Iterable[str], pages: Iterable[str]) -> None:
    """Raise Refused (exit 1) when a hand-written file has a generated page's address."""
    generated = {address(page): page for page in pages}
    problems = [
        Problem.at(
            f"content/{language(lang).short}/{rel}", None, "", "content-shadows-page",
            page=generated[address(rel)],
        )
        for rel in sorted(content)
        if address(rel) in generated
    ]  # fmt: skip
    if problems:
        raise Refused(problems)


def check_files(root: Path, staged: Path) -> None:
    """Raise Refused when a writer or Pagefind wrote over a hand-written non-page file.

    MkDocs copied each such file into the staged site; if the bytes there differ now, a
    generated file has the same address and one of the two would be lost.
    """
    problems = []
    for lang in LANGUAGES:
        source = Path(root) / "content" / lang.short
        if not source.is_dir():
            continue
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            rel = path.relative_to(source).as_posix()
            if rel.lower().endswith(PAGE_SUFFIX):
                continue
            target = staged / lang.subdir / rel
            if target.is_file() and target.read_bytes() != path.read_bytes():
                problems.append(
                    Problem.at(
                        f"content/{lang.short}/{rel}", None, "", "content-shadows-page",
                        page=rel,
                    )
                )  # fmt: skip
    if problems:
        raise Refused(problems)
