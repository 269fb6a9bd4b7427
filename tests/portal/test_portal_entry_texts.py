"""Entry texts: published byte for byte, unchanged ones linked from the cache, not read."""

from __future__ import annotations

import os
import shutil

from portal_support import tiny_context

from generator.portal import entry_texts
from generator.reused_files import ReusedFiles

PATHS = ["entries/115/115-01-001.en.md", "entries/115/115-01-001.zh.md"]


def publish(ctx, out_name: str) -> int:
    """Publish the texts into a fresh site folder; return how many were read."""
    ctx.out = ctx.out.parent / out_name
    shutil.rmtree(ctx.out, ignore_errors=True)
    return entry_texts.write_entry_texts(ctx, PATHS)


def test_texts_are_published_byte_for_byte_and_read_once(tmp_path):
    ctx = tiny_context(tmp_path)
    assert publish(ctx, "one") == 2
    for rel in PATHS:
        source = (ctx.root / "datasets" / rel).read_bytes()
        assert (ctx.out / "data" / rel).read_bytes() == source
    assert publish(ctx, "two") == 0  # unchanged: linked from the cache
    for rel in PATHS:
        assert (ctx.out / "data" / rel).read_bytes() == (ctx.root / "datasets" / rel).read_bytes()


def test_a_changed_text_is_read_again_and_the_old_site_keeps_its_bytes(tmp_path):
    ctx = tiny_context(tmp_path)
    publish(ctx, "one")
    old_site = ctx.out
    before = (old_site / "data" / PATHS[1]).read_bytes()
    source = ctx.root / "datasets" / PATHS[1]
    source.write_bytes(before + "補充。\n".encode())
    assert publish(ctx, "two") == 1
    assert (ctx.out / "data" / PATHS[1]).read_bytes() == source.read_bytes()
    assert (old_site / "data" / PATHS[1]).read_bytes() == before  # never written through


def test_a_damaged_cache_file_is_not_published(tmp_path):
    ctx = tiny_context(tmp_path)
    publish(ctx, "one")
    folder = entry_texts.cache_dir(ctx.root)
    blob = next(p for p in folder.iterdir() if p.name.endswith(".md"))
    os.unlink(blob)
    blob.write_bytes(b"x")  # a different size than the text
    assert publish(ctx, "two") == 1
    for rel in PATHS:
        assert (ctx.out / "data" / rel).read_bytes() == (ctx.root / "datasets" / rel).read_bytes()


def test_unused_cache_files_are_pruned(tmp_path):
    ctx = tiny_context(tmp_path)
    publish(ctx, "one")
    source = ctx.root / "datasets" / PATHS[1]
    source.write_bytes(source.read_bytes() + b"\n")
    publish(ctx, "two")
    texts = [p for p in entry_texts.cache_dir(ctx.root).iterdir() if p.name.endswith(".md")]
    assert len(texts) == 2


def test_unchanged_texts_are_linked_from_the_site_a_build_replaces(tmp_path):
    ctx = tiny_context(tmp_path)
    ctx.out = tmp_path / "one"
    ctx.state.reused = ReusedFiles(ctx.out, None, {})
    entry_texts.write_entry_texts(ctx, PATHS)
    old_site, record = ctx.out, ctx.state.reused.now
    assert sorted(record) == [f"data/{rel}" for rel in sorted(PATHS)]
    changed = ctx.root / "datasets" / PATHS[1]
    changed.write_bytes(changed.read_bytes() + "補充。\n".encode())
    ctx.out = tmp_path / "two"
    ctx.state.reused = ReusedFiles(ctx.out, old_site, record)
    entry_texts.write_entry_texts(ctx, PATHS)
    assert ctx.state.reused.linked == 1
    assert os.path.samefile(ctx.out / "data" / PATHS[0], old_site / "data" / PATHS[0])
    assert not os.path.samefile(ctx.out / "data" / PATHS[1], old_site / "data" / PATHS[1])
    for rel in PATHS:
        assert (ctx.out / "data" / rel).read_bytes() == (ctx.root / "datasets" / rel).read_bytes()
