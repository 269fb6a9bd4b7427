"""Interface labels per language: `locale/labels.<lang>.yaml`, overridable by the site owner.

A project may override any label in `<root>/overrides/labels.<lang>.yaml`; keys it does not
name keep the built-in text. Field labels come from the data package (`title`, `title_en`).
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

from generator.identity import fill, placeholders
from generator.languages import language

# libyaml's parser where installed: the same result, about ten times faster (each
# command reads this file once).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LOCALE_DIR = Path(__file__).parent / "locale"


def _read(path: Path) -> dict[str, Any]:
    """Return a YAML mapping, or {} when the file does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    # A build asks for the labels dozens of times; parse each version of a file once.
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _parse(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """Return the YAML mapping of one version of a file (the stat values key the cache)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    return data if isinstance(data, dict) else {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Return `base` with `extra` laid over it, nested mappings merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_labels(root: Path | None, lang: str) -> dict[str, Any]:
    """Return the labels of `lang`, with the project's overrides applied."""
    name = language(lang).label_file
    labels = _read(LOCALE_DIR / name)
    if root is not None:
        labels = _merge(labels, _read(root / "overrides" / name))
    # The city's names and calendar come from gazette.yaml ({gazette_name}, {calendar}…).

    return fill(copy.deepcopy(labels), placeholders(root, lang))  # callers may change theirs


def field_label(descriptor: dict[str, Any], resource: str, field: str, lang: str) -> str:
    """Return a column's label in `lang` from the data package (`title` / `title_en`)."""
    for res in descriptor.get("resources", []):
        if res.get("name") != resource:
            continue
        for spec in res.get("schema", {}).get("fields", []):
            if spec.get("name") == field:
                key = "title_en" if lang == "en" else "title"
                return str(spec.get(key) or spec.get("title") or field)
    return field
