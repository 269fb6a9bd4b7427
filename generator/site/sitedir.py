"""Guard the site folder: a build replaces it whole, so it must be one a build may replace.

`gazette build --site-dir DIR` swaps a staged folder in for DIR and deletes the old DIR.
Given the wrong folder (datasets/, the project, a home directory) that would delete data,
so a build only writes into a folder that is missing, empty, or carries the marker file
every build writes (`MARKER`). It also refuses folders inside the project's sources even
when empty (a site there would be read back as data or templates), checks the folder can
be written before any work is done, and removes staging folders left by killed builds.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.errors import ConfigError
from generator.models import Problem

MARKER = ".gazette-site"
MARKER_TEXT = "city-gazette-site/1\n"  # constant: two builds stay byte-identical
# Folders of a project whose contents are sources, never output.
# editions/ holds the frozen PDF editions: the record itself, never a build's output.
SOURCE_DIRS = ("datasets", "editions", "content", "overrides", "generator", ".git")
GENERATOR_DIR = Path(__file__).resolve().parents[1]


def _refuse(code: str, site_dir: Path, **params: str) -> ConfigError:
    """Return the exit-2 error for an unusable site folder."""
    return ConfigError([Problem.at(str(site_dir), None, "", code, site=str(site_dir), **params)])


def _inside(path: Path, folder: Path) -> bool:
    """Tell whether `path` is `folder` or lies under it."""
    return path == folder or folder in path.parents


def check(root: Path, site_dir: Path) -> None:
    """Raise ConfigError (exit 2) unless `site_dir` is a folder a build may replace."""
    project, target = Path(root).resolve(), Path(site_dir).resolve()
    if target == project or target in project.parents:
        raise _refuse("site-dir-unsafe", site_dir)
    for name in SOURCE_DIRS:
        if _inside(target, project / name):
            raise _refuse("site-dir-in-sources", site_dir, folder=name)
    if _inside(target, GENERATOR_DIR):
        raise _refuse("site-dir-in-sources", site_dir, folder=str(GENERATOR_DIR))
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise _refuse("site-dir-not-folder", site_dir)
        if not is_site(target) and any(target.iterdir()):
            raise _refuse("site-dir-not-site", site_dir, marker=MARKER)
        check_replaceable(target, site_dir)


def check_replaceable(target: Path, site_dir: Path) -> None:
    """Raise ConfigError (exit 2) when the existing folder `target` cannot be renamed away.

    The swap renames the old site aside: a mount point cannot be renamed (EBUSY), nor can a
    folder someone else owns in a sticky-bit parent (/tmp). Found after the build, that cost
    the whole build and ended in an internal error; found here, it costs nothing.
    """
    if target.is_symlink():
        return  # the swap replaces the link itself, never what it points to
    if os.path.ismount(target):
        raise _refuse("site-dir-unremovable", site_dir, reason="mount point")
    parent = target.parent.stat()
    owners = (0, target.stat().st_uid, parent.st_uid)  # who may rename in a sticky folder
    if parent.st_mode & stat.S_ISVTX and os.geteuid() not in owners:
        raise _refuse("site-dir-unremovable", site_dir, reason="owned by another user")


# Sites built before the marker existed are recognised by files only a gazette build
# writes together: its manifest and its search bundle.
LEGACY_SIGNS = ("gazette/manifest.json", "pagefind/pagefind.js")


def is_site(folder: Path) -> bool:
    """Tell whether `folder` holds a site an earlier gazette build wrote."""
    return (folder / MARKER).is_file() or all((folder / p).is_file() for p in LEGACY_SIGNS)


def check_writable(site_dir: Path) -> None:
    """Raise ConfigError (exit 2) when the site folder or its parent cannot be written.

    Probed by really creating files: permission bits say nothing on a read-only mount
    or to root.
    """
    target = Path(site_dir).absolute()
    probes = [target.parent] + ([target] if target.is_dir() else [])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for folder in probes:
            handle, name = tempfile.mkstemp(dir=folder, prefix=".gazette-probe-")
            os.close(handle)
            os.unlink(name)
    except OSError as error:
        detail = error.strerror or str(error)
        raise _refuse("site-dir-unwritable", site_dir, detail=detail) from None


def mark(staged: Path) -> None:
    """Write the marker that lets the next build replace this site folder."""
    (staged / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _alive(pid: int) -> bool:
    """Tell whether a process with this id exists (it may not be ours: then keep its files)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(site_dir: Path) -> list[Path]:
    """Clear the staging and replaced folders of `site_dir` left by builds that died.

    Each is renamed out of the way at once and deleted by a detached process, like the
    site a build replaces (`discard`): the replaced site of the last build is often
    still being deleted when the next one starts, and deleting 40,000 files here would
    cost a publish day half a minute. Returns the folders as they were named.
    """
    target = Path(site_dir).absolute()
    # .site.new-<pid>, .site.old-<pid>[-<hex>] (a build's), .site.trash-<hex> (being deleted)
    kinds = r"(?:(?:new|old)-(\d+)(?:-[0-9a-f]+)?|trash-[0-9a-f]+)"
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{kinds}")
    removed = []
    if not target.parent.is_dir():
        return removed
    for path in sorted(target.parent.iterdir()):
        found = pattern.fullmatch(path.name)
        if not found or not path.is_dir() or path.is_symlink():
            continue
        if found[1] is not None and _alive(int(found[1])):
            continue
        trash = path
        if found[1] is not None:  # a trash folder is being deleted already: leave its name
            trash = path.with_name(f".{target.name}.trash-{secrets.token_hex(8)}")
            try:
                os.replace(path, trash)
            except OSError:
                continue  # another build took it first
        discard(trash)
        removed.append(path)
    return removed


def discard(folder: Path) -> None:
    """Delete a replaced site folder in a detached process, or here if that cannot start.

    The new site is live once renamed; deleting tens of thousands of old files can take
    longer than a publish-day build, and nothing waits for it.
    """
    if not folder.exists():
        return
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def clean_scratch(folder: Path | None = None) -> list[Path]:
    """Delete the temporary folders (`gazette-build-<pid>-*`) of builds that died.

    A killed build cannot remove its own (Pagefind's split copies of every page); the
    process id in the name tells a dead build's folder from a running one's.
    """
    folder = Path(tempfile.gettempdir()) if folder is None else folder
    removed = []
    for path in sorted(folder.glob("gazette-build-*-*")):
        found = re.fullmatch(r"gazette-build-(\d+)-\w+", path.name)
        if found is None or not path.is_dir() or path.is_symlink() or _alive(int(found[1])):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def prepare(root: Path, site_dir: Path) -> None:
    """Check `site_dir` is safe and writable, then clear what dead builds left behind."""
    check(root, site_dir)
    check_writable(site_dir)
    clean_stale(site_dir)
    clean_scratch()
