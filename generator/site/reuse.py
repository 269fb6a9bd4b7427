"""What one build leaves for the next, so a publish day costs what the new issue costs.

Published issues never change, so most of a ten-year archive renders to the same Markdown
and the same HTML on every build. The build keeps its working folders between runs under
`ROOT/.cache/build/` (or `$GAZETTE_BUILD_CACHE`):

- `docs/<zh|en>/`: the rendered Markdown. A file is rewritten only when its text changed,
  so its modification time says when it last changed; pages with a `Page.key` equal to the
  last build's are not rendered at all.
- `html/<zh|en>/`: MkDocs' output. When nothing global changed (config, nav, theme,
  versions) and no page disappeared, MkDocs runs in its "dirty" mode and rebuilds only the
  pages whose Markdown is newer than their HTML; otherwise it rebuilds everything.
- `state.json`: the page keys and the MkDocs stamps of the last successful build, an entry
  of `generator.cache` (checksummed, stamped with the format). It is removed when a build
  starts and written back only when the build succeeded, so a build that failed halfway
  leaves nothing that could be trusted wrongly: the next one renders every page and runs
  MkDocs in full (unchanged Markdown still keeps its old times).

The code the pages and the HTML depend on counts through `cache.code_stamp`.

The live site is never one of these folders and shares no file with them: the build copies
the HTML into its staging folder, so editing a published file changes nothing here, and
nothing here can change a published site. What the site being replaced holds untouched
(same size and time as the workspace's file) is hard-linked from it instead of copied
again (`stage_tree`): a publish day does not copy the whole archive.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import children
from generator.cache import Store, cache_dir, code_stamp, digest, tree_digest
from generator.config import load_config

try:  # POSIX only; elsewhere builds of one project must simply not overlap
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

STATE_VERSION = 1
STATE = "state.json"
# What the rendered Markdown is made of: the whole package (code, templates, labels).
RENDER_FILES = (".py", ".j2", ".yaml", ".yml")
RENDER_LIBRARIES = (
    "jinja2",
    "markdown-it-py",
    "mdit-py-plugins",
    "nh3",
    "pandas",
    "pymdown-extensions",
)
MKDOCS_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


def render_stamp(root: Path, lang: str, site_url: str) -> str:
    """Return a digest of what every page's Markdown depends on besides its own data.

    The generator's code, templates and label catalogues, the project's overrides and
    data package descriptor (column labels), the language, the site URL and the libraries
    that shape the text. Any change there renders every page again.
    """
    descriptor = root / "datasets" / "datapackage.yaml"
    return digest(
        {
            "code": code_stamp(
                "generator",
                suffixes=RENDER_FILES,
                libraries=RENDER_LIBRARIES,
                version=STATE_VERSION,
            ),
            "overrides": tree_digest([root / "overrides"]),
            "descriptor": descriptor.read_text(encoding="utf-8") if descriptor.is_file() else "",
            "lang": lang,
            "site_url": site_url,
            # gazette.yaml: names and calendar reach every page through the labels
            "project": repr(load_config(root)),
        }
    )


def mkdocs_stamp(config: Path, overrides: dict[str, Any], theme: Path) -> str:
    """Return a digest of what every HTML page depends on besides its own Markdown."""
    inherited = config.with_name("mkdocs.yml")
    return digest(
        {
            # the plugins every run adds change every page's HTML (mkdocs_worker.build_language)
            "code": code_stamp(
                "generator.site.mkdocs_hooks", libraries=MKDOCS_LIBRARIES, version=STATE_VERSION
            ),
            "config": config.read_text(encoding="utf-8"),
            "inherited": inherited.read_text(encoding="utf-8") if inherited.is_file() else "",
            "overrides": overrides,
            "theme": tree_digest([theme]),
        }
    )


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write `data` to `target` unless it already holds exactly that; return whether written."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def touch(folder: Path, paths: Iterable[str]) -> None:
    """Mark the files at `paths` under `folder` as changed now (missing ones are skipped)."""
    for rel in paths:
        with contextlib.suppress(FileNotFoundError):
            os.utime(folder / rel)


def remove_stale(folder: Path, keep: set[str], known: list[str] | None = None) -> list[str]:
    """Delete the files under `folder` whose relative path is not in `keep`; return them.

    `known` lists every file the last successful build left in `folder`: then only those
    are considered, without walking ~8,000 files per language. Without it (first build,
    or after a failed one, whose state is not trusted) the folder is walked.
    """
    if known is not None:
        stale = [rel for rel in known if rel not in keep]
        for rel in sorted(stale):
            (folder / rel).unlink(missing_ok=True)
        return sorted(stale)
    stale = []
    for parent, _, names in os.walk(folder):
        base = Path(parent).relative_to(folder).as_posix()
        for name in names:
            rel = name if base == "." else f"{base}/{name}"
            if rel not in keep:
                stale.append(rel)
    for rel in sorted(stale):
        (folder / rel).unlink()
    return sorted(stale)


@dataclass
class Workspace:
    """The build's persistent folders and the state of its last successful run."""

    folder: Path
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def theme(self) -> Path:
        return self.folder / "theme"

    def docs(self, subdir: str) -> Path:
        return self.folder / "docs" / subdir

    def html(self, subdir: str) -> Path:
        return self.folder / "html" / subdir

    def page_keys(self, lang: str) -> dict[str, str]:
        """Return the last build's page keys of `lang` (path → key); empty when unknown."""
        return dict(self.state.get("pages", {}).get(lang, {}))

    def docs_files(self, lang: str) -> list[str] | None:
        """Return every Markdown-side file the last build left for `lang` (None: unknown)."""
        files = self.state.get("docs", {}).get(lang)
        return list(files) if isinstance(files, list) else None

    def mkdocs_key(self, lang: str) -> str | None:
        """Return the stamp of the last successful MkDocs run of `lang`, if any."""
        return self.state.get("mkdocs", {}).get(lang)

    def save(self, state: dict[str, Any]) -> None:
        """Record a successful build's state (an entry, written atomically)."""
        _state_store(self.folder).put_json(STATE, state)


def cache_folder(root: Path) -> Path:
    """Return the folder a project's builds keep between runs."""
    return cache_dir(root, "build")


def _state_store(folder: Path) -> Store:
    """Return the workspace's one entry, `state.json`, stamped with the state's format."""
    return Store(folder, re.compile(re.escape(STATE)), code_stamp(version=STATE_VERSION))


@contextlib.contextmanager
def workspace(root: Path) -> Iterator[Workspace]:
    """Hold the project's build workspace for one build: locked, last state taken out."""
    folder = cache_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a second build of the project waits here
        loaded = _state_store(folder).get_json(STATE)
        state: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
        (folder / STATE).unlink(missing_ok=True)  # trusted again only after this build succeeds
        yield Workspace(folder, state)


def copy_tree(source: Path, target: Path) -> None:
    """Fill `target` with copies of the files of `source`, times kept; never hard links.

    The staged folder becomes the live site: a hard link to the workspace made an edit of
    the live HTML an edit of the cache too, and it came back on every rebuild. A copy
    shares nothing; on a file system with reflinks (btrfs, XFS) `cp --reflink=auto` shares
    blocks copy-on-write, which costs no disk and still shares no file. Where GNU `cp` is
    missing or fails, Python copies.
    """
    target.mkdir(parents=True, exist_ok=True)
    cp = shutil.which("cp")
    if cp is not None and source.is_dir():
        command = [cp, "-R", "--reflink=auto", "--preserve=timestamps"]
        done = children.run([*command, "--", f"{source}/.", f"{target}/"])
        if done.returncode == 0:
            return
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)  # copy2: times kept


@dataclass(frozen=True)
class Staged:
    """What `stage_tree` put in the staged site: HTML pages, and files linked, not copied."""

    html: int
    linked: int


def stage_tree(
    source: Path, target: Path, previous: Path | None, skip: Iterable[str] = ()
) -> Staged:
    """Fill `target` with the files of `source`, taking unchanged ones from `previous`.

    `previous` is the same language's folder of the site this build replaces (its top-level
    folders in `skip`, the other languages' roots, left out). A file there
    that is a regular file (not a link, in no linked folder) with the size and
    modification time (ns) of the source's, and not the source's own file, is what the
    last build copied and nothing has touched: it is hard-linked into `target` instead of
    copied again. Every other file is copied from `source` (`copy_tree`'s rule: the site
    and the workspace never share a file). On a publish day nearly every page is
    unchanged, so the staged site costs a link per file instead of the whole site's bytes
    (2-5 s at ten years, growing with the archive). An edit of the live site in place
    changes its file's time and is replaced by the source's copy. The old site is deleted
    once the new one is live, so the two share files only meanwhile, and the build writes
    into the staged site only by replacing files (`cache.write_replacing`, `write_atomic`).
    """
    if previous is None or not previous.is_dir():
        copy_tree(source, target)
        html = sum(name.endswith(".html") for _, _, files in os.walk(source) for name in files)
        return Staged(html, 0)
    kept = regular_files(previous, skip)
    linked = html = 0
    # Plain strings, not Path: this runs once per file of the site (tens of thousands).
    source_root, target_root, previous_root = str(source), str(target), str(previous)
    os.makedirs(target_root, exist_ok=True)
    for folder, dirs, files in os.walk(source_root):
        rel_folder = os.path.relpath(folder, source_root)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        into = os.path.join(target_root, rel_folder) if prefix else target_root
        for name in dirs:
            os.mkdir(os.path.join(into, name))  # os.walk goes top-down: parents come first
        for name in files:
            html += name.endswith(".html")
            origin, copy = os.path.join(folder, name), os.path.join(into, name)
            now, old = os.stat(origin), kept.get(prefix + name)
            if (
                old is not None
                and (old.st_size, old.st_mtime_ns) == (now.st_size, now.st_mtime_ns)
                and (old.st_dev, old.st_ino) != (now.st_dev, now.st_ino)
            ):
                try:
                    os.link(os.path.join(previous_root, prefix + name), copy)
                    linked += 1
                    continue
                except OSError:
                    pass  # another file system, or links not allowed: copy
            shutil.copy2(origin, copy)
    return Staged(html, linked)


def regular_files(root: Path, skip: Iterable[str] = ()) -> dict[str, os.stat_result]:
    """Return every regular file under `root` (relative posix path) with its stat, never
    following a link; the top-level names in `skip` are left out."""
    skip = frozenset(skip)
    found: dict[str, os.stat_result] = {}
    pending = [("", str(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if not prefix and entry.name in skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found[prefix + entry.name] = entry.stat(follow_symlinks=False)
    return found


def fresh_theme(target: Path, layers: Iterable[Path]) -> Path:
    """Lay the theme `layers` into `target` afresh, keeping files' modification times."""
    shutil.rmtree(target, ignore_errors=True)
    for layer in layers:
        if layer.is_dir():
            shutil.copytree(layer, target, dirs_exist_ok=True)  # copy2: times kept
    return target
