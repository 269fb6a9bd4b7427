"""Plain data shared by every stage: problems found in the data, and the loaded data itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # only annotations: a MkDocs worker imports this module without pandas
    import pandas as pd

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as an editor shows it.

    `path` is relative to the project root (posix), `line` is the 1-based line an editor
    shows (the CSV header is line 1), `field` is the column name ('' for row- or file-level
    problems), `code` is a key of the error catalogue and `params` fill its message template.
    """

    path: str
    line: int | None
    field: str
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def at(cls, path: str, line: int | None, field: str, code: str, **params: Any) -> Problem:
        """Build a problem with keyword parameters for its message."""
        return cls(path, line, field, code, tuple(sorted(params.items())))

    @property
    def values(self) -> dict[str, Any]:
        """Return the message parameters as a dict."""
        return dict(self.params)

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order problems by file, line, field and code."""
        return (self.path, self.line or 0, self.field, self.code)


@dataclass
class Table:
    """One CSV resource as read from disk: every cell a string, with editor line numbers."""

    resource: str
    path: str  # relative to the project root, e.g. "datasets/gifts.csv"
    header: list[str]
    frame: pd.DataFrame  # dtype str, '' for empty cells, columns = header
    lines: list[int]  # lines[i] is the editor line where row i starts


@dataclass
class Dataset:
    """The validated data package: typed frames keyed by resource name.

    Typed frames use: string → str ('' when empty), integer → pandas Int64,
    number → Float64, boolean → pandas boolean, date → Python `datetime.date` objects (None
    when empty). Each frame keeps a `_line` column with the editor line of the row.
    """

    root: Path
    descriptor: dict[str, Any]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def resource(self, name: str) -> dict[str, Any]:
        """Return the descriptor of one resource."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(name)


class Memo:
    """Values a build computes once and several stages read (issues, downloads, histories).

    It lives on the build's `BuildState`, so a new build (another `gazette serve` rebuild)
    starts empty and nothing outlives the build; publish clears it before Pagefind to give
    the memory back. Pure functions of their arguments keep `functools.lru_cache` instead.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}

    def once(self, key: str, make: Callable[[], T]) -> T:
        """Return the value kept under `key`, made by `make()` the first time."""
        if key not in self._values:
            self._values[key] = make()
        value: T = self._values[key]
        return value

    def clear(self) -> None:
        """Drop every kept value."""
        self._values.clear()


@dataclass(slots=True)
class BuildState:
    """What the stages of one build hand each other, each set by the stage that knows it.

    Slots: a misspelt name is an AttributeError, not a key nobody reads. The values are
    typed `Any` where their classes live in a higher layer (gazette/), named in comments.
    """

    # issue id → gazette.editions.Edition, the authoritative version (editions.prepare);
    # None when no stage prepared them (tests, previews)
    editions: dict[str, Any] | None = None
    # issue id → SHA-256 of the editions this build adds to the chain (editions.prepare)
    edition_hashes: dict[str, str] | None = None
    # the chain's records as of the build's date, in its order (editions.prepare)
    chain_records: list[dict[str, Any]] | None = None
    # gazette.manifest.Issue of the uncut dataset as the manifest check hashed them (build)
    hashed_issues: list[Any] | None = None
    memo: Memo = field(default_factory=Memo)
    # reused_files.ReusedFiles of the artifact writers (publish); None: write every file
    reused: Any = None


@dataclass
class BuildContext:
    """What every renderer and artifact writer of one build sees.

    `dataset` is already cut at `as_of`: embargoed issues and their entries are absent.
    `site_url` is absolute and ends with '/'; `out` is the staging folder of the site;
    `state` is what the stages hand each other.
    """

    root: Path
    as_of: dt.date
    dataset: Dataset
    site_url: str
    out: Path
    state: BuildState = field(default_factory=BuildState)


@dataclass
class Page:
    """One Markdown page to render: the same `path` in every language."""

    path: str  # relative to the language's docs folder, e.g. "gazette/113/05/index.md"
    template: str  # Jinja template name, e.g. "issue.md.j2"
    context: dict[str, Any] = field(default_factory=dict)
    # Optional, for pages of which a build has thousands: `key` digests everything the
    # page is made of besides templates, labels and code (see generator/reuse.py), and
    # `prepare` returns the costly part of the context. A page whose key is unchanged since
    # the last build is not rendered again and `prepare` is never called.
    key: str | None = None
    prepare: Callable[[], dict[str, Any]] | None = None


@dataclass
class BuildSummary:
    """What a finished build did: `gazette build --format json` prints it on stdout."""

    site_dir: Path
    as_of: str
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, in order
    pages: int = 0  # HTML pages, both languages
    editions: int = 0  # PDF editions in the site
    notes: list[Problem] = field(default_factory=list)  # warnings that did not stop it

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data (notes are reported by the CLI)."""
        return {
            "site_dir": str(self.site_dir),
            "as_of": self.as_of,
            "stages": {name: round(value, 2) for name, value in self.seconds.items()},
            "seconds": round(sum(self.seconds.values()), 2),
            "pages": self.pages,
            "editions": self.editions,
        }
