"""Build the Pagefind search of each language as bundles, each cached on its own.

Pagefind cannot update an index: it re-reads every page it is given, ~2 ms a page. On a
ten-year archive that is ~14,700 pages and half a minute, although a publish day adds one
issue and the day a volume opens closes one. So each language's pages are sorted into
segments that change at different rates:

- `live`: the current volume, indexes, content and data pages; they change on publish days.
- `recent`: the volumes closed since the last compaction (below), up to three.
- `archive`: the older closed volumes. Published issues never change.
- `prices`: the per-item price pages under `prices/`; they change with the price data.

A volume's pages are its issues and entries and the browse hubs' year pages
(`browse.VOLUME_PAGE`), and the registers' year pages of the same (ROC) year, `gifts/<year>/`
and `indicators/<year>/` (`volume_of`): the year page of an agency, or the gift register of a
year, goes with its year once that is closed, not into `live`, which would otherwise grow
with every year (at thirty years the gift years were most of the live bundle's index, and
of what every query fetched).

`live` is indexed into the primary bundle at `pagefind/`, the one whose pagefind.js and
WebAssembly the search panel loads; `recent` into `pagefind-recent/`; `prices` into
`pagefind-prices/`; `archive` into one bundle per block of COMPACT_EVERY volumes,
`pagefind-archive-<first volume of the block>/` (`archive_folder`). The day a volume opens,
the volume that closed leaves `live` and joins `recent`: only the primary and the recent
bundles are indexed again (up to three closed volumes). Closed volumes move on into the
archive in blocks of COMPACT_EVERY (see compacted_before): once in four openings `recent`
becomes a new archive block, and the blocks already there are never indexed again. So no
Pagefind run grows with the archive: a run's memory and time are those of four volumes at
most (one archive bundle of 27 volumes needed ~2.7 GB at thirty years). The prices bundle
is indexed only when a price item changes (`BUNDLE_OF` is the one place to change that;
prices in `recent` would add 2,300 pages to every opening). On the ten-year archive's
pages, opening a volume took 11 s of Pagefind CPU instead of 65 s (bench/search_layout.py).

Each merged bundle costs every query its metadata and the index chunks it touches (a chunk
holds ~20,000 word positions, so a small bundle's chunk is mostly other words), and the
archive bundle's metadata grows with the archive (141 KB at 30 years, when a query for
採購 cost 400 KB of a 300 KB budget). So a query searches the live, recent and prices
bundles (price items are current data: readers look for today's prices), and the archive
bundle only when the reader asks for older volumes (a control on the search panel and the
search page, `older=1` in the search page's URL, or a volume or date filter before the
archive's end; theme/assets/search.js). `pagefind/bundles.json` lists the bundles merged
by default and, under `older`, the archive bundle with the first volume it does not hold.
The search script (theme/assets/search.js) merges them with Pagefind's `mergeIndex`; a merged bundle
gets no pagefind.js and no WebAssembly, as Pagefind never fetches them.

A bundle is cached under `<cache>/<lang>/<bundle>/` with a key over Pagefind's version,
this module, segment.py and pagefind_input.py, and every input page's path and bytes: same
key, same bundle, linked in without running Pagefind. Pages of both languages are indexed
from copies cut down to what Pagefind indexes (pagefind_input.py: a quarter of the bytes,
the same bundle) with their Han characters split apart (see segment.py): English pages
carry Chinese document numbers and untranslated entries, which the English index must
find too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator import cache, children, languages, roc
from generator.errors import ConfigError
from generator.gazette.browse import VOLUME_PAGE
from generator.models import Problem
from generator.progress import Bar
from generator.site import pagefind_canon, pagefind_input, reuse, segment

# Language → (folder of its site under the output root, folders of that root to leave out).
LANGUAGE_ROOTS = {
    lang.short: (
        lang.subdir,
        tuple(o.subdir for o in languages.LANGUAGES if o.subdir and o != lang),
    )
    for lang in languages.LANGUAGES
}
SEGMENTS = ("live", "recent", "archive", "prices")
PRIMARY = "pagefind"  # the bundle search.js loads pagefind.js and the WebAssembly from
# The archive bundles' folder names start with this (`archive_folder`); they are merged
# only when a reader asks for older volumes.
ARCHIVE = "pagefind-archive"
# Segment → the bundle folder (under the language root) its pages are indexed into.
BUNDLE_OF = {
    "live": PRIMARY,
    "recent": "pagefind-recent",
    "prices": f"{PRIMARY}-prices",  # pagefind-prices
    "archive": ARCHIVE,  # one folder per block of volumes: see archive_folder
}
# Closed volumes join the archive bundle in blocks of this many (see compacted_before).
COMPACT_EVERY = 4
MERGED_LIST = "bundles.json"
# What separates Han characters in the copies each language is indexed from (segment.py).
SEPARATORS = {"zh": segment.ZWSP, "en": segment.IDEOGRAPHIC_SPACE}
KEY_FILE = "key"

# Pagefind writes its ready-made UIs next to the index; the theme's own search script
# (theme/assets/search.js) uses only pagefind.js, its web worker (pagefind-worker.js,
# which runs the WebAssembly off the page's main thread), its WebAssembly and the index,
# so these would only add 420 KB per language.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# A merged bundle is read with the primary bundle's script, worker and WebAssembly:
# Pagefind's mergeIndex initialises it with `load_wasm: false` and never imports its
# pagefind.js or starts its worker.
MERGED_UNUSED = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


class PageBudget:
    """Let Pagefind runs go side by side while their pages together stay within a budget.

    Pagefind's memory grows with the pages it indexes (~165 KB a page: 930-970 MB for the
    5,835 pages of a ten-year archive bundle, 110-170 MB for a 1,010-page recent one), and
    the build's peak is held to 1.5 GB: the small bundles of both languages run together,
    an archive bundle only beside a primary one (as the one lock before this allowed). A
    run larger than the budget waits until it runs alone.
    """

    def __init__(self, pages: int) -> None:
        self.limit = pages
        self.used = 0
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def take(self, pages: int) -> Iterator[None]:
        """Hold `pages` of the budget (at most all of it) while the block runs."""
        pages = min(pages, self.limit)
        with self._changed:
            self._changed.wait_for(lambda: self.used + pages <= self.limit)
            self.used += pages
        try:
            yield
        finally:
            with self._changed:
                self.used -= pages
                self._changed.notify_all()


# Pages Pagefind may index at once, over all runs (see PageBudget).
_BUDGET = PageBudget(7000)


def index_site(
    out: Path, scratch: Path, cache_folder: Path | None, previous: Path | None = None
) -> None:
    """Index both languages of the site in `out`, bundle by bundle, reusing `cache_folder`.

    `previous` is the site this build replaces: a bundle restored from the cache takes its
    unchanged files from there (`reuse.stage_tree`) instead of copying them again.

    The languages are indexed side by side (Pagefind runs in its own process). On a
    terminal a bar counts the pages of the bundles done: Pagefind runs as one silent call
    per bundle and reports nothing while it indexes, so the bar moves a bundle at a time
    (a bundle restored from the cache at once).
    """
    memo = IndexedDigests(cache_folder)
    plans = {
        lang: assign(out / subdir if subdir else out, skip)
        for lang, (subdir, skip) in LANGUAGE_ROOTS.items()
    }
    total = sum(len(pages) for found in plans.values() for pages in found.values())
    with ThreadPoolExecutor(max_workers=len(LANGUAGE_ROOTS)) as pool, Bar("Pagefind", total) as bar:
        futures = [
            pool.submit(
                index_language, out, lang, subdir, skip, scratch, cache_folder, memo, bar,
                plans[lang], previous / subdir if previous else None,
            )
            for lang, (subdir, skip) in LANGUAGE_ROOTS.items()
        ]  # fmt: skip
        for future in futures:
            future.result()  # re-raises a language's failure
    memo.save()


def plan(out: Path, lang: str) -> dict[str, list[str]]:
    """Return each bundle folder of `lang` under the site in `out` with its pages."""
    subdir, skip = LANGUAGE_ROOTS[lang]
    return bundles(assign(out / subdir if subdir else out, skip))


def index_language(
    out: Path,
    lang: str,
    subdir: str,
    skip: tuple[str, ...],
    scratch: Path,
    cache_folder: Path | None,
    memo: IndexedDigests | None = None,
    bar: Bar | None = None,
    segments: dict[str, list[str]] | None = None,
    previous: Path | None = None,
) -> None:
    """Index one language's bundles; advance `bar` by each bundle's pages when it is done.

    `segments` are the language's pages by segment (`assign`), when the caller has them;
    `previous`, this language's root in the site being replaced.
    """
    root = out / subdir if subdir else out
    built = []
    segments = segments if segments is not None else assign(root, skip)
    for folder, pages in bundles(segments).items():
        if memo is not None and folder in (PRIMARY, BUNDLE_OF["recent"]):
            memo.keep_splits(lang, pages)  # indexed again on the coming publish days
        if pages:  # an empty segment gets no bundle
            work = scratch / lang / folder
            before = previous / folder if previous is not None else None
            index_bundle(root, folder, pages, lang, work, cache_folder, memo, before)
            built.append(folder)
            if bar is not None:
                bar.advance(len(pages))
    write_bundle_list(root, built, newest_volume(segments))


def newest_volume(segments: dict[str, list[str]]) -> int | None:
    """Return the number of the newest gazette volume among the pages of `segments`."""
    pages = (rel for found in segments.values() for rel in found)
    return max((int(m.group(1)) for rel in pages if (m := VOLUME_PAGE.match(rel))), default=None)


def assign(root: Path, skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Return each segment's HTML pages under `root` (posix paths relative to it), sorted."""
    pages = []
    # os.walk, not Path.rglob: 0.07-0.3 s instead of 0.4-0.5 s for 1,240 pages here
    for folder, dirs, files in os.walk(root):
        base = Path(folder).relative_to(root).as_posix()
        if base == ".":
            dirs[:] = [name for name in dirs if name not in skip]
            base = ""
        else:
            base += "/"
        pages.extend(base + name for name in files if name.endswith(".html"))
    volumes = {int(m.group(1)) for rel in pages if (m := VOLUME_PAGE.match(rel))}
    current = max(volumes, default=None)
    segments: dict[str, list[str]] = {name: [] for name in SEGMENTS}
    for rel in sorted(pages):
        segments[segment_of(rel, current)].append(rel)
    return segments


# A register's page of one year: closed with its year, like the gazette's volume of that year.
_YEAR_PAGE = re.compile(r"(?:gifts|indicators)/(\d+)/")


def volume_of(rel: str) -> int | None:
    """Return the volume (ROC year) a page belongs to, or None for a page of no year."""
    found = VOLUME_PAGE.match(rel) or _YEAR_PAGE.match(rel)
    return int(found.group(1)) if found else None


def segment_of(rel: str, current_volume: int | None) -> str:
    """Return the segment of one page, given the number of the newest volume."""
    volume = volume_of(rel)
    if volume is not None and current_volume is not None and volume < current_volume:
        return "recent" if volume >= compacted_before(current_volume) else "archive"
    if rel.startswith("prices/") and rel != "prices/index.html":
        return "prices"
    return "live"


def compacted_before(current_volume: int) -> int:
    """Return the first closed volume not yet in the archive bundle, given the newest volume.

    Closed volumes join the archive in blocks of COMPACT_EVERY: with 4, volumes 112-115 sit
    in `recent` (one more each year) until volume 116 opens, when they all join the
    archive. So the archive is re-indexed once in four openings (116, 120, …); the other
    three re-index `recent`, of one to three volumes. It depends on volume numbers only:
    a cold build and a cached one make the same bundles.
    """
    return COMPACT_EVERY * (current_volume // COMPACT_EVERY)


def archive_folder(volume: int) -> str:
    """Return the archive bundle of a closed volume: one per block of COMPACT_EVERY volumes,
    named by the block's first volume (volumes 108-111: `pagefind-archive-108`)."""
    return f"{ARCHIVE}-{COMPACT_EVERY * (volume // COMPACT_EVERY)}"


def is_archive(folder: str) -> bool:
    """Return whether a bundle folder is one of the archive's blocks."""
    return folder.startswith(f"{ARCHIVE}-")


def bundles(segments: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return each bundle folder's pages, sorted: the primary bundle first, the archive's
    blocks last, oldest first."""
    grouped: dict[str, list[str]] = {
        folder: [] for folder in dict.fromkeys(BUNDLE_OF.values()) if folder != ARCHIVE
    }
    blocks: dict[int, list[str]] = {}
    for name, pages in segments.items():
        if BUNDLE_OF[name] != ARCHIVE:
            grouped[BUNDLE_OF[name]].extend(pages)
            continue
        for rel in pages:
            volume = volume_of(rel)
            assert volume is not None, f"{rel} is in the archive but belongs to no volume"
            blocks.setdefault(volume, []).append(rel)
    for volume in sorted(blocks):
        grouped.setdefault(archive_folder(volume), []).extend(blocks[volume])
    return {folder: sorted(pages) for folder, pages in grouped.items()}


def index_bundle(
    root: Path,
    folder: str,
    pages: list[str],
    lang: str,
    scratch: Path,
    cache_folder: Path | None,
    memo: IndexedDigests | None = None,
    previous: Path | None = None,
) -> None:
    """Write one bundle under `root`: restored from the cache, or built with Pagefind.

    `previous` is the same bundle in the site being replaced (see `restore`)."""
    bundle = root / folder
    entry = cache_folder / lang / folder if cache_folder is not None else None
    key = cache_key(root, pages, lang, folder, memo) if entry is not None else ""
    if entry is not None and restore(entry, key, bundle, previous):
        return
    # English pages show Chinese too (document numbers, untranslated entries): split both.
    copies = SplitCopies(memo, lang) if memo is not None else None
    stage(root, pages, scratch, separator=SEPARATORS[lang], copies=copies)
    shutil.rmtree(bundle, ignore_errors=True)
    with _BUDGET.take(len(pages)):
        run_pagefind(scratch, bundle)
    shutil.rmtree(scratch)  # split copies of thousands of pages: free the disk now
    prune(bundle, merged=folder != PRIMARY)
    pagefind_canon.canonicalise(bundle)  # filter files come out in random order: sort them
    if entry is not None:
        store(entry, key, bundle)


def stage(
    root: Path,
    pages: list[str],
    target: Path,
    separator: str | None,
    copies: SplitCopies | None = None,
) -> None:
    """Place `pages` in `target` at their paths under `root`: Han-split copies or links.

    With `copies`, a page whose split copy was made before is taken from there: cutting
    and splitting is ~3 ms a page of Python, and the live bundle's pages are staged again
    on every publish day although most of them did not change.
    """
    shutil.rmtree(target, ignore_errors=True)  # a leftover page would be indexed too
    for rel in pages:
        source, copy = root / rel, target / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        if not separator:
            _link(source, copy)
            continue
        data = copies.get(rel) if copies is not None else None
        if data is None:
            text = pagefind_input.indexed_part(source.read_text(encoding="utf-8"))
            data = segment.split_html(text, separator).encode("utf-8")
            if copies is not None:
                copies.put(rel, data)
        copy.write_bytes(data)


class SplitCopies:
    """The split copies Pagefind was given, between builds, by what they were made of.

    A copy is a file `split/<SHA-256 of its bytes>.split` in the search cache, found
    through the page's indexed digest (IndexedDigests: the page's size and time, else its
    bytes), and checked against its name when read: a damaged copy is made again. Kept
    are the copies this build staged and those of the live and recent bundles' pages
    (`IndexedDigests.keep_splits`), which the next publish days index again.
    """

    def __init__(self, memo: IndexedDigests, lang: str) -> None:
        self.memo, self.lang = memo, lang

    def get(self, rel: str) -> bytes | None:
        """Return the split copy of page `rel` (already digested this build), if kept."""
        folder, name = self.memo.split_folder, self.memo.split_name(self.lang, rel)
        if folder is None or name is None:
            return None
        try:
            data = (folder / f"{name}.split").read_bytes()
        except OSError:
            return None
        if cache.sha256(data) != name:
            return None
        self.memo.split_used(self.lang, rel, name)
        return data

    def put(self, rel: str, data: bytes) -> None:
        """Keep the split copy of page `rel` for the next build."""
        folder = self.memo.split_folder
        if folder is None:
            return
        name = cache.sha256(data)
        folder.mkdir(parents=True, exist_ok=True)
        cache.write_atomic(folder / f"{name}.split", data)
        self.memo.split_used(self.lang, rel, name)


def _link(source: str | Path, target: str | Path) -> None:
    """Hard-link `source` to `target`, or copy it where the two are on different devices."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def run_pagefind(site: Path, bundle: Path) -> None:
    """Index the HTML of `site` into `bundle` with Pagefind; raise ConfigError if it fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path"]
    # Tracked, in its own process group and killed with the build (generator/children.py).
    done = children.run([*command, str(bundle), "--silent"], text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["exit status"]
        raise ConfigError(
            [Problem.at(str(site), None, "", "search-index-failed", detail=detail[0])]
        )


def prune(bundle: Path, merged: bool) -> None:
    """Delete the bundle files the search panel never fetches."""
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    if merged:
        for pattern in MERGED_UNUSED:
            for path in sorted(bundle.glob(pattern)):
                path.unlink()


def write_bundle_list(root: Path, built: list[str], current_volume: int | None = None) -> None:
    """Write, for search.js, the bundles to merge into the primary and their shared ids.

    `bundles` are folders relative to the language root, merged into every search; `older`
    (when the archive has a bundle) lists the archive's bundles, merged only when a reader
    asks for older volumes, and the first volume they do not hold, with its Gregorian year
    (the control's label: "before 民國 112 年" / "before 2023"). A page id is a short hash of the
    page, unique within a bundle but not across bundles (28 bits: among ~7,000 pages of
    one language two may meet); `shared` lists the ids used by more than one bundle, which
    search.js then tells apart by URL.
    """
    seen: dict[str, int] = {}
    for folder in built:
        for fragment in (root / folder / "fragment").glob("*.pf_fragment"):
            seen[fragment.stem] = seen.get(fragment.stem, 0) + 1
    listing: dict[str, object] = {
        "bundles": [f"{f}/" for f in built if f != PRIMARY and not is_archive(f)],
        "shared": sorted(page for page, count in seen.items() if count > 1),
    }
    archive = [f"{folder}/" for folder in built if is_archive(folder)]
    if archive and current_volume is not None:
        before = compacted_before(current_volume)
        listing["older"] = {"bundles": archive, "volume": before, "year": roc.from_roc(before)}
    primary = root / PRIMARY
    primary.mkdir(parents=True, exist_ok=True)
    text = json.dumps(listing, ensure_ascii=False, separators=(",", ":"))
    (primary / MERGED_LIST).unlink(missing_ok=True)  # never write through a cache link
    (primary / MERGED_LIST).write_text(text + "\n", encoding="utf-8")


def cache_key(
    root: Path, pages: list[str], lang: str, folder: str, memo: IndexedDigests | None = None
) -> str:
    """Return the cache key of a bundle: the indexer, this code and every input page.

    A page counts by what Pagefind is given of it (`pagefind_input.indexed_part`), not by
    its whole HTML: a new year in the nav changes the chrome of every page listed in the
    nav, closed volumes' pages among them, but not what is indexed, and must not re-index
    the archive. `memo` spares cutting the pages whose bytes it has seen before.
    """
    memo = memo if memo is not None else IndexedDigests(None)
    inputs = [[rel, memo.digest(root / rel, f"{lang}/{rel}")] for rel in pages]  # sorted
    return cache.digest(lang, folder, _code(), inputs)


class IndexedDigests:
    """The SHA-256 of each page's indexed part, between builds, by the page's size and time.

    A publish day changes the pages of the open volume and the hubs; the pages of closed
    volumes keep their bytes and, as the staged site copies MkDocs' output with its times
    (reuse.copy_tree), their modification times. So a page whose name, size and
    modification time (in nanoseconds) are those of the last build is not read again
    (37,000 pages read and hashed were seconds of every publish day at 30 years); one that
    changed is read, and cut down to its indexed part only if the SHA-256 of its bytes was
    not seen before (the cut is the slow part). The map is kept (checksummed) beside the
    bundles and holds this build's pages only.
    """

    NAME = "indexed-digests.json"

    def __init__(self, cache_folder: Path | None) -> None:
        # Under the stamp of the code that cuts and splits pages: other code, other copies.
        self.store = cache.Store(cache_folder, re.compile(re.escape(self.NAME)), _code())
        saved = self.store.get_json(self.NAME) or {}
        # page name -> [size, modification time in ns, SHA-256 of its bytes, indexed digest]
        self.known_pages: dict[str, list] = saved.get("pages", {})
        self.known: dict[str, str] = saved.get("bytes", {})  # SHA-256 of bytes -> indexed
        self.seen_pages: dict[str, list] = {}
        self.seen: dict[str, str] = {}
        # "<lang> <indexed digest>" -> the SHA-256 of its split copy (SplitCopies)
        self.known_splits: dict[str, str] = saved.get("splits", {})
        self.splits: dict[str, str] = {}
        self.split_pages: set[str] = set()  # "<lang>/<page>" whose split copy is kept
        self.split_folder = Path(cache_folder) / "split" if cache_folder is not None else None

    def digest(self, path: Path, name: str | None = None) -> str:
        """Return the SHA-256 of the part of the page at `path` Pagefind indexes.

        `name` (the language and the page's path in the site) lets an unchanged page be
        known by its size and time, without reading it.
        """
        info = path.stat()
        sign = [info.st_size, info.st_mtime_ns]
        kept = self.known_pages.get(name) if name is not None else None
        if kept is not None and kept[:2] == sign:
            raw, found = kept[2], kept[3]
        else:
            data = path.read_bytes()
            raw = cache.sha256(data)
            found = self.seen.get(raw) or self.known.get(raw) or ""
            if not found:
                part = pagefind_input.indexed_part(data.decode("utf-8"))
                found = cache.sha256(part.encode("utf-8", "surrogatepass"))
        self.seen[raw] = found
        if name is not None:
            self.seen_pages[name] = [*sign, raw, found]
        return found

    def split_name(self, lang: str, rel: str) -> str | None:
        """Return the name of the split copy kept for page `rel` of `lang`, if any."""
        page = self.seen_pages.get(f"{lang}/{rel}")
        return self.known_splits.get(f"{lang} {page[3]}") if page else None

    def split_used(self, lang: str, rel: str, name: str) -> None:
        """Record that this build staged page `rel` of `lang` from the split copy `name`."""
        page = self.seen_pages.get(f"{lang}/{rel}")
        if page:
            self.splits[f"{lang} {page[3]}"] = name

    def keep_splits(self, lang: str, pages: list[str]) -> None:
        """Keep the split copies of these pages of `lang` (of the bundles a publish day or the
        opening of a volume indexes again) beyond this build, staged in it or not."""
        self.split_pages.update(f"{lang}/{rel}" for rel in pages)

    def save(self) -> None:
        """Keep the digests of this build's pages, and the split copies of the pages of the
        live and recent bundles (`keep_splits`), for the next build."""
        if self.store.folder is None:
            return
        splits = dict(self.splits)
        for name in self.split_pages:
            page = self.seen_pages.get(name)
            split = f"{name.split('/', 1)[0]} {page[3]}" if page else None
            if split in self.known_splits and split not in splits:
                splits[split] = self.known_splits[split]
        kept = {f"{name}.split" for name in splits.values()}
        if self.split_folder is not None and self.split_folder.is_dir():
            for path in self.split_folder.iterdir():
                if path.name not in kept:
                    path.unlink(missing_ok=True)
        record = {"pages": self.seen_pages, "bytes": self.seen, "splits": splits}
        if record != {"pages": self.known_pages, "bytes": self.known, "splits": self.known_splits}:
            self.store.put_json(self.NAME, record)


def _code() -> str:
    """Return the stamp of the code and the Pagefind packages that decide what a bundle holds."""
    modules = (segment.__name__, pagefind_canon.__name__, pagefind_input.__name__, __name__)
    return cache.code_stamp(
        *modules, libraries=("pagefind", "pagefind_bin_extended", "pagefind_bin")
    )


def bundle_listing(bundle: Path) -> dict[str, list[int]]:
    """Return every file of `bundle` (relative posix path) with its size and time (ns)."""
    if not bundle.is_dir():
        return {}
    found = reuse.regular_files(bundle)
    return {rel: [info.st_size, info.st_mtime_ns] for rel, info in found.items()}


def restore(entry: Path, key: str, bundle: Path, previous: Path | None = None) -> bool:
    """Put the cached bundle of `entry` at `bundle` if its key matches and it is whole.

    Whole means every file the entry was stored with is there with the size and the time
    (ns) it was stored with, and no other: a cached file changed, added or removed since
    makes the entry rebuilt, not used. This is checked by the files' `stat`, not by reading
    them: at thirty years the archive's bundles are tens of thousands of fragments, and
    reading them all was a growing part of every publish day. The files come from the
    site being replaced (`previous`) where that has the same file untouched, else they are
    copied (`reuse.stage_tree`): the site and the cache never share a file, so an edit of
    the live bundle cannot reach the cache.
    """
    try:
        stored = cache.unpack((entry / KEY_FILE).read_bytes(), KEY_FILE, key)
        recorded = json.loads(stored) if stored is not None else None
    except (OSError, ValueError):
        return False
    cached = entry / "bundle"
    if not isinstance(recorded, dict) or recorded.get("files") != bundle_listing(cached):
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    reuse.stage_tree(cached, bundle, previous)
    return True


def store(entry: Path, key: str, bundle: Path) -> None:
    """Replace the cache entry `entry` with copies of `bundle`'s files, atomically, key last."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    for leftover in entry.parent.glob(f".{entry.name}.*"):
        shutil.rmtree(leftover, ignore_errors=True)  # left by a build that was stopped
    fresh = entry.with_name(f".{entry.name}.new-{os.getpid()}")
    stale = entry.with_name(f".{entry.name}.old-{os.getpid()}")
    reuse.copy_tree(bundle, fresh / "bundle")
    # The key file is a cache entry (generator/cache.py) whose stamp is the bundle's input key
    # and whose payload lists the stored files (see restore); without it the entry is unused.
    listing = json.dumps({"files": bundle_listing(fresh / "bundle")}, sort_keys=True)
    cache.write_atomic(fresh / KEY_FILE, cache.pack(KEY_FILE, key, listing.encode()))
    if entry.exists():
        os.replace(entry, stale)
    os.replace(fresh, entry)
    shutil.rmtree(stale, ignore_errors=True)
