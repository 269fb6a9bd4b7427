"""Make a Pagefind bundle's filter files byte-identical from run to run.

Pagefind 1.5 keeps filters in hash maps with a random seed: the values inside each
`filter/*.pf_filter` file and the filter list in the `.pf_meta` file come out in a
different order on every run, and so do their hashed file names, although the search
behaves the same. The build promises identical bytes for identical input, so after each
Pagefind run the filter values are sorted, the files renamed after their new content,
and the references in the meta file and `pagefind-entry.json` rewritten (names of the same
length, so the CBOR around them stays valid).

The files are "pagefind_dcd" followed by CBOR: a filter file is `[name, [[value, [page
numbers]], …]]`; only unsigned integers, text strings and arrays occur.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from generator import cache

PREFIX = b"pagefind_dcd"


def _head(major: int, value: int) -> bytes:
    """Return a CBOR item head in its shortest form."""
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError("CBOR value too large")


def encode(item: Any) -> bytes:
    """Return the CBOR of unsigned integers, text strings and arrays."""
    if isinstance(item, int):
        return _head(0, item)
    if isinstance(item, str):
        data = item.encode("utf-8")
        return _head(3, len(data)) + data
    return _head(4, len(item)) + b"".join(encode(part) for part in item)


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """Return the CBOR item at `at` (integers, text, arrays) and the offset after it."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        value, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return value, at
    if major == 3:
        return data[at : at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unexpected CBOR major type {major}")


def _read(path: Path) -> bytes:
    """Return a bundle file's CBOR (gunzipped, without its prefix)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PREFIX):
        raise ValueError(f"{path.name}: not a Pagefind file")
    return data[len(PREFIX) :]


def _write(path: Path, cbor: bytes) -> None:
    """Write a bundle file: prefix and CBOR, gzipped without a time stamp."""
    path.write_bytes(gzip.compress(PREFIX + cbor, mtime=0))


def _name(lang: str, cbor: bytes, digits: int) -> str:
    """Return a content-derived file stem of Pagefind's shape: '<lang>_<hex digits>'."""
    return f"{lang}_{cache.sha256(cbor)[:digits]}"


def canonicalise(bundle: Path) -> None:
    """Sort the filter values of `bundle` and rename its filter and meta files to match."""
    entry_path = bundle / "pagefind-entry.json"
    if not entry_path.is_file() or not (bundle / "filter").is_dir():
        return  # a merged bundle without entry file, or no filters: nothing varies
    entry_text = entry_path.read_text(encoding="utf-8")
    entry = json.loads(entry_text)
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        pairs = []
        for path in sorted((bundle / "filter").glob(f"{lang}_*.pf_filter")):
            old = path.name[: -len(".pf_filter")]
            (name, values), _end = decode(_read(path))
            cbor = encode([name, sorted(values, key=lambda pair: pair[0])])
            new = _name(lang, cbor, len(old) - len(lang) - 1)
            path.unlink()
            _write(bundle / "filter" / f"{new}.pf_filter", cbor)
            pairs.append((name, old, new))
        meta = _sort_filter_list(meta, pairs)
        stem = _name(lang, meta, len(info["hash"]) - len(lang) - 1)
        meta_path.unlink()
        _write(bundle / f"pagefind.{stem}.pf_meta", meta)
        entry_text = entry_text.replace(f'"{info["hash"]}"', f'"{stem}"')
    entry_path.unlink()  # never write through a hard link into the cache
    entry_path.write_text(entry_text, encoding="utf-8")


def _sort_filter_list(meta: bytes, pairs: list[tuple[str, str, str]]) -> bytes:
    """Return `meta` with its run of [filter name, file] pairs in name order, new names."""
    old = {name: encode([name, before]) for name, before, _after in pairs}
    starts = [meta.find(item) for item in old.values()]
    if not pairs or min(starts) < 0:
        raise ValueError("filter list not found in the Pagefind meta file")
    begin = min(starts)
    end = begin + sum(len(item) for item in old.values())
    if sorted(old.values()) != sorted(_split(meta[begin:end], len(pairs))):
        raise ValueError("the Pagefind meta file's filter list is not one run")
    ordered = b"".join(encode([name, after]) for name, _before, after in sorted(pairs))
    return meta[:begin] + ordered + meta[end:]


def _split(run: bytes, count: int) -> list[bytes]:
    """Return the `count` consecutive CBOR items of `run`, as bytes."""
    items, at = [], 0
    for _ in range(count):
        _item, end = decode(run, at)
        items.append(run[at:end])
        at = end
    return items
