"""The site and the build caches share no file (issue 22): an edit of the live site's HTML
in place edited the cache too (hard links), and came back on every rebuild."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.site.reuse import copy_tree

BUILD = ("build", "--as-of", "2026-11-25", "--quiet")
DEFACED = b"<!-- defaced: <script>alert(1)</script> -->"


def test_copy_tree_shares_no_file_and_keeps_times(tmp_path: Path) -> None:
    source, target = tmp_path / "html", tmp_path / "site"
    (source / "a/b").mkdir(parents=True)
    (source / "a/b/index.html").write_text("<p>x</p>", encoding="utf-8")
    os.utime(source / "a/b/index.html", ns=(1_000_000_000, 1_000_000_000))
    copy_tree(source, target)
    copied = target / "a/b/index.html"
    assert copied.read_text(encoding="utf-8") == "<p>x</p>"
    assert not copied.samefile(source / "a/b/index.html")
    assert copied.stat().st_mtime_ns == 1_000_000_000  # MkDocs' dirty mode reads times
    with copied.open("ab") as handle:
        handle.write(DEFACED)
    assert (source / "a/b/index.html").read_bytes() == b"<p>x</p>"


def shared_files(site: Path) -> list[str]:
    """Return the site's files that have another name somewhere (hard links)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.stat().st_nlink > 1
    )


@pytest.mark.slow  # two builds of the mini project
def test_an_in_place_edit_of_the_live_site_does_not_reach_the_cache(
    mini_project, run_cli, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, _, err = run_cli(*BUILD, "--root", mini_project.root, "--site-dir", site)
    assert code == 0, err
    assert shared_files(site) == []  # before: every HTML page, Pagefind file and entry text
    pages = [site / "index.html", site / "gazette/113/03/113-03-001/index.html"]
    texts = sorted((site / "data/entries").rglob("*.md"))[:1]
    bundle = sorted((site / "pagefind").rglob("*.pf_fragment"))[:1]
    originals = {path: path.read_bytes() for path in pages + texts + bundle}
    for path in originals:
        with path.open("ab") as handle:  # in place, as an editor or a careless script would
            handle.write(DEFACED)
    cache = mini_project.root / ".cache"
    assert not [p for p in cache.rglob("*") if p.is_file() and DEFACED in p.read_bytes()]
    code, _, err = run_cli(*BUILD, "--root", mini_project.root, "--site-dir", site)
    assert code == 0, err
    for path, original in originals.items():
        assert path.read_bytes() == original, path


def test_a_publish_day_links_only_the_untouched_files_of_the_site_it_replaces(
    tmp_path: Path,
) -> None:
    """stage_tree takes a file from the old site only when it is the one the last build
    copied (size and time as the workspace's), never the workspace's own, never through a
    link an intruder left in the old site."""
    from generator.site.reuse import stage_tree

    work, old, new = tmp_path / "html", tmp_path / "site", tmp_path / "staged"
    pages = {"same.html": b"<p>same</p>", "rebuilt.html": b"<p>v1</p>", "edited.html": b"<p>e</p>"}
    pages |= {"deep/a.html": b"<p>a</p>", "linked.html": b"<p>l</p>", "en/x.html": b"<p>x</p>"}
    for rel, data in pages.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_bytes(data)
        os.utime(work / rel, ns=(1_000_000_000, 1_000_000_000))
    copy_tree(work, old)  # the last build's site
    (work / "rebuilt.html").write_bytes(b"<p>v2</p>")  # MkDocs rebuilt it: a new time
    with (old / "edited.html").open("ab") as handle:  # someone edited the live site
        handle.write(DEFACED)
    outside = tmp_path / "outside.html"  # same size and time as the page, elsewhere
    outside.write_bytes(b"<p>L</p>")
    os.utime(outside, ns=(1_000_000_000, 1_000_000_000))
    (old / "linked.html").unlink()
    (old / "linked.html").symlink_to(outside)
    elsewhere = tmp_path / "elsewhere"
    copy_tree(old / "deep", elsewhere)
    shutil.rmtree(old / "deep")
    (old / "deep").symlink_to(elsewhere, target_is_directory=True)

    linked = stage_tree(work, new, old, skip=("en",))

    assert {p.relative_to(new).as_posix(): p.read_bytes() for p in new.rglob("*.html")} == {
        **pages,
        "rebuilt.html": b"<p>v2</p>",
    }
    assert (new / "same.html").samefile(old / "same.html")
    assert linked.linked == 1 and linked.html == len(pages)
    for rel in ("rebuilt.html", "edited.html", "linked.html", "deep/a.html", "en/x.html"):
        assert not (new / rel).is_symlink()
        assert (new / rel).stat().st_nlink == 1, rel
    for rel in pages:
        assert not (new / rel).samefile(work / rel)  # never the workspace's file
    assert (new / "same.html").stat().st_mtime_ns == 1_000_000_000
    cold = stage_tree(work, tmp_path / "cold", None)  # no old site: all copied
    assert (cold.linked, cold.html) == (0, len(pages))
