"""Pagefind's filter files are rewritten in one order: the CBOR codec round-trips, and a
filter file's values come out sorted whatever order Pagefind wrote them in."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.site import pagefind_canon as canon


def test_cbor_round_trips_the_shapes_pagefind_uses() -> None:
    item = ["category", [["procurement", [1, 23, 300, 70000]], ["採購", [0]]]]
    data = canon.encode(item)
    assert canon.decode(data) == (item, len(data))


def _bundle(folder: Path, values: list[list]) -> Path:
    """Write a minimal bundle: one filter file, a meta file naming it, the entry file."""
    (folder / "filter").mkdir(parents=True)
    filter_cbor = canon.encode(["agency", values])
    (folder / "filter" / "en_aaaaaaa.pf_filter").write_bytes(
        gzip.compress(canon.PREFIX + filter_cbor, mtime=0)
    )
    meta = canon.encode(["1.5.2", [["agency", "en_aaaaaaa"]]])
    (folder / "pagefind.en_bbbbbbbbbb.pf_meta").write_bytes(
        gzip.compress(canon.PREFIX + meta, mtime=0)
    )
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_bbbbbbbbbb", "page_count": 3}}}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_two_orders_of_the_same_filter_give_the_same_bundle(tmp_path: Path) -> None:
    one = _bundle(tmp_path / "one", [["tax", [2]], ["city", [0, 1]]])
    two = _bundle(tmp_path / "two", [["city", [0, 1]], ["tax", [2]]])
    canon.canonicalise(one)
    canon.canonicalise(two)
    assert _files(one) == _files(two)
    entry = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    stem = entry["languages"]["en"]["hash"]
    meta, _ = canon.decode(canon._read(one / f"pagefind.{stem}.pf_meta"))
    name = meta[1][0][1]
    values, _ = canon.decode(canon._read(one / "filter" / f"{name}.pf_filter"))
    assert values == ["agency", [["city", [0, 1]], ["tax", [2]]]]
