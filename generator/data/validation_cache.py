"""Reuse what an earlier validation proved, so a publish day checks only what changed.

A ten-year archive holds ~150,000 gift and price rows that a publish day does not touch,
yet casting and checking them again cost seconds on every build. A resource that validated
clean is kept here as its typed frame, under a key over everything its verdict depends on:

- its own bytes and its descriptor entry (schema, constraints, foreign keys);
- the bytes and descriptor entries of every resource its foreign keys point to, since the
  keys are checked against them, and cross-resource rules only follow foreign keys;
- the project's gazette.yaml (calendar, numbering), the generator's code and the versions
  of pandas and numpy.

Only a leaf may come from here: a resource that no other resource refers to, and whose
rules read nothing but its own bytes (`rules.READS_FILES` names those that open body
files). Every other resource is read and checked in full on every run; they are the small
ones (agencies, issues, entries). Results are stored only after a clean run, so an error
is always found and reported afresh.

Frames are stored as JSON entries of `generator.cache`, never pickled: a cache file is
data, and a tampered, damaged or stale one (another code stamp) is a miss and is rebuilt.
Each column is kept as its distinct values and one code per row, which restores the shared
strings the loader made (see `load.parse_csv`) and keeps the files small.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from generator import cache
from generator.cache import Store, cache_dir, code_stamp, digest
from generator.config import load_config
from generator.data.rules import READS_FILES

FORMAT = 1
_NAME = re.compile(r"[0-9a-f]{64}\.json")
_DTYPES = {"str", "Int64", "Float64", "boolean", "int64", "object"}


class ValidationCache:
    """The typed frames of leaf resources that validated clean, keyed by their inputs."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        folder = cache_dir(root, "validate") if enabled else None
        self.store = Store(folder, _NAME, _code() if enabled else "")
        self.root = root
        self.context = ""
        self.resources: dict[str, dict[str, Any]] = {}
        self.leaves: set[str] = set()
        self.keys: dict[str, str] = {}

    def descriptor_clean(self, text: str) -> bool:
        """Tell whether this descriptor text was found clean by the same frictionless."""
        return self.store.get_json(self._descriptor_name(text)) == "clean"

    def mark_descriptor_clean(self, text: str) -> None:
        self.store.put_json(self._descriptor_name(text), "clean")

    def _descriptor_name(self, text: str) -> str:
        stamp = code_stamp(libraries=("frictionless",), version=FORMAT)
        return f"{digest(FORMAT, 'descriptor', text, stamp)}.json"

    def bind(self, descriptor: dict[str, Any]) -> None:
        """Take the package's resources (once the descriptor is known to be usable)."""
        if self.store.folder is None:
            return
        self.resources = {r["name"]: r for r in descriptor["resources"]}
        self.leaves = leaves(descriptor["resources"])
        self.context = digest(FORMAT, repr(load_config(self.root)), self.store.stamp)

    def key(self, name: str, content: dict[str, bytes]) -> str | None:
        """Return the key of leaf `name` given every resource's bytes (None: not a leaf)."""
        if name not in self.leaves or self.store.folder is None:
            return None
        parts = [[name, self.resources[name], _sha(content.get(name))]]
        for target in sorted(targets(self.resources[name])):
            parts.append([target, self.resources.get(target), _sha(content.get(target))])
        self.keys[name] = digest(self.context, json.dumps(parts, sort_keys=True, default=str))
        return self.keys[name]

    def get(self, name: str) -> pd.DataFrame | None:
        """Return the frame stored for leaf `name` under its key, or None."""
        key = self.keys.get(name)
        if key is None:
            return None
        payload = self.store.get_entry(f"{key}.json")
        if payload is None:
            return None
        try:
            return decode_frame(json.loads(payload))
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # damaged or from another version: validate afresh

    def put(self, frames: dict[str, pd.DataFrame]) -> None:
        """Store the clean frames of the leaves this run keyed; drop entries no longer used."""
        for name, key in self.keys.items():
            if name in frames:
                self.store.put_json(f"{key}.json", encode_frame(frames[name]))
        self.store.prune()


def leaves(resources: Iterable[dict[str, Any]]) -> set[str]:
    """Return the resources no other resource refers to and whose rules read no files."""
    resources = list(resources)
    referred = {t for r in resources for t in targets(r) if t != r["name"]}
    return {r["name"] for r in resources} - referred - READS_FILES


def targets(resource: dict[str, Any]) -> set[str]:
    """Return the resources the foreign keys of `resource` point to (itself included)."""
    found = set()
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        found.add(fk.get("reference", {}).get("resource") or resource["name"])
    return found


def encode_frame(frame: pd.DataFrame) -> dict[str, Any]:
    """Return a typed frame as JSON data: per column its dtype, distinct values and codes."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        dtype = str(series.dtype)
        if dtype not in _DTYPES:
            raise ValueError(f"column {name}: dtype {dtype} is not cached")
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        values = [_plain(v) for v in uniques]
        columns.append({"name": name, "dtype": dtype, "values": values, "codes": codes.tolist()})
    return {"rows": len(frame), "columns": columns}


def decode_frame(data: dict[str, Any]) -> pd.DataFrame:
    """Return the frame `encode_frame` described, with the same dtypes and values."""
    rows = data["rows"]
    index = pd.RangeIndex(rows)
    columns = {}
    for column in data["columns"]:
        dtype = column["dtype"]
        if dtype not in _DTYPES:
            raise ValueError(dtype)
        codes = np.asarray(column["codes"], dtype=np.int64)
        if len(codes) != rows:
            raise ValueError("row count")
        values = [_typed(v, dtype) for v in column["values"]] + [None]  # code -1: missing
        table = np.empty(len(values), dtype=object)
        table[:] = values
        cells = table[codes]  # -1 picks the trailing None
        if dtype == "int64":
            columns[column["name"]] = pd.Series(cells.astype(np.int64), index=index)
        elif dtype == "object":
            columns[column["name"]] = pd.Series(cells, index=index, dtype=object)
        else:
            columns[column["name"]] = pd.Series(pd.array(cells, dtype=dtype), index=index)
    return pd.DataFrame(columns, index=index, copy=False)


def _plain(value: Any) -> Any:
    """Return one distinct value as JSON: dates as ISO text, numpy scalars as Python's."""
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _typed(value: Any, dtype: str) -> Any:
    """Return one distinct value as the frame holds it."""
    if isinstance(value, dict):
        return dt.date.fromisoformat(value["date"])
    if dtype == "Float64" and isinstance(value, int):
        return float(value)
    return value


def _sha(content: bytes | None) -> str:
    return "" if content is None else cache.sha256(content)


def _code() -> str:
    """Return the stamp of the generator's code and the libraries that cast values."""
    suffixes = (".py", ".yaml")
    return code_stamp("generator", suffixes=suffixes, libraries=("pandas", "numpy"), version=FORMAT)
