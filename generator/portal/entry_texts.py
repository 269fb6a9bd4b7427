"""Publish the entry texts under `data/`, copying the unchanged ones from a cache.

The archive has thousands of entry texts and a publish day adds a few dozen, so the
writer reads and writes only texts it has not seen: `ROOT/.cache/entries/` keeps each
text once, named by its SHA-256 (`<sha256>.md`), and `index.json` maps a text's path to
the size and modification time it had when it was stored and its SHA-256. A text whose
size and time are unchanged is copied from the cache into the site; any other is read,
stored and copied. Copies, not hard links: the site and the cache share no file, so an
edit of a published text cannot reach the cache and come back on the next build.

In a build that replaces a site, a text the cache knows (same size and time) whose file
the last build wrote into that site with the same SHA-256, still untouched there, is
hard-linked from it instead (`generator.reused_files`): a publish day copies only the
new texts, not the archive's thousands.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from generator import cache
from generator.models import BuildContext

INDEX = "index.json"
_OWNED = re.compile(r"[0-9a-f]{64}\.md|index\.json")


def cache_dir(root: Path) -> Path:
    """Return the folder that keeps entry texts between builds."""
    return cache.cache_dir(root, "entries")


def _stored(store: cache.Store, record: object, stat: os.stat_result) -> str | None:
    """Return the SHA-256 of a cached text still matching the source's size and time."""
    if not (isinstance(record, list) and len(record) == 3 and cache.is_sha256(record[2])):
        return None
    if record[0] != stat.st_size or record[1] != stat.st_mtime_ns or store.folder is None:
        return None
    try:
        if (store.folder / f"{record[2]}.md").stat().st_size != stat.st_size:
            return None  # damaged: read the text again
    except OSError:
        return None
    store.used.add(f"{record[2]}.md")
    return str(record[2])


def write_entry_texts(ctx: BuildContext, paths: list[str], data_dir: str = "data") -> int:
    """Publish the entry texts (paths relative to datasets/); return how many were read."""
    base = ctx.root / "datasets"
    store = cache.Store(cache_dir(ctx.root), _OWNED)
    index = store.get_json(INDEX)
    index = index if isinstance(index, dict) else {}
    kept: dict[str, list] = {}
    made: set[Path] = set()
    reused = ctx.state.reused  # unchanged texts: linked from the replaced site
    read = 0
    for rel in paths:
        source, target = base / rel, ctx.out / data_dir / rel
        if target.parent not in made:  # thousands of texts share a few hundred folders
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        stat = source.stat()
        sha = _stored(store, index.get(rel), stat)
        site_rel = f"{data_dir}/{rel}"
        if sha is not None and reused is not None and reused.reuse(site_rel, sha):
            kept[rel] = [stat.st_size, stat.st_mtime_ns, sha]
            store.used.add(f"{sha}.md")
            continue
        if sha is None or not _link(store, sha, target):
            content = source.read_bytes()
            read += 1
            sha = cache.sha256(content)
            store.write(f"{sha}.md", content)
            if not _link(store, sha, target):
                target.unlink(missing_ok=True)  # never write through a link into the cache
                target.write_bytes(content)
        if reused is not None:
            reused.record(site_rel, sha)
        kept[rel] = [stat.st_size, stat.st_mtime_ns, sha]
    store.put_json(INDEX, kept)
    store.prune()
    return read


def _link(store: cache.Store, sha: str, target: Path) -> bool:
    """Copy the cached text into the site; False when it is not cached."""
    if store.folder is None:
        return False
    source = store.folder / f"{sha}.md"
    target.unlink(missing_ok=True)  # a rebuild into the same folder (tests)
    try:
        shutil.copyfile(source, target)
    except OSError:
        return False
    return True
