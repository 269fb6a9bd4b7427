"""References and coded values as clerks write them: agency names, issues as printed, enums.

- An agency (or parent agency) may be given by code, Chinese or English name, or an alias
  from the agency list's `aliases` column (`;`-separated); an unknown one gets the closest
  names as a suggestion.
- An issue may be given by id (96-18) or as printed: 第96卷第18期, 96年第18期, 九十六年第十八期.
- Enum values from another system are mapped with `datasets/import-map.yaml`
  (`field: {their value: our value}`); an unmapped value is refused with the allowed values.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import yaml

from generator.data import normalise as norm
from generator.schedule import format_issue_id

MAP_PATH = "datasets/import-map.yaml"
_ISSUE_PRINTED = re.compile(r"^(?:第)?\s*(\d{1,3})\s*(?:卷|年)\s*(?:第)?\s*(\d{1,3})\s*期$")
_ISSUE_ID = re.compile(r"^(\d{1,3})\s*[-/]\s*(\d{1,3})$")


def issue_id(text: str, digits: int = 2) -> str | None:
    """Return the issue id for an id or a printed issue, else None.

    The number is padded to the project's width: 第96卷第18期 → 96-18 with 2 digits,
    第115卷第3期 → 115-003 and 第115卷第102期 → 115-102 with 3. A number too wide for the
    width (第115卷第102期 with 2 digits) is left unread, for validation to refuse.
    """
    plain = norm.words_to_digits(norm.to_halfwidth(text).replace(" ", "").strip())
    plain = re.sub(r"^(?:中華民國|民國)", "", plain)
    match = _ISSUE_PRINTED.match(plain) or _ISSUE_ID.match(plain)
    if match is None:
        return None
    volume, number = int(match.group(1)), int(match.group(2))
    if number < 1 or number >= 10**digits:
        return None
    return format_issue_id(volume, number, digits)


class Agencies:
    """Agency codes by every name staff may write."""

    def __init__(self, rows: list[dict[str, str]]):
        self.codes = {r.get("agency_id", "") for r in rows} - {""}
        self.by_name: dict[str, str] = {}
        for row in rows:
            code = row.get("agency_id", "")
            names = [code, row.get("name_zh", ""), row.get("name_en", "")]
            names += (row.get("aliases") or "").split(";")
            for name in names:
                key = _key(name)
                if key and code:
                    self.by_name.setdefault(key, code)
        self.names = {r.get("agency_id", ""): r.get("name_zh", "") for r in rows}

    def code(self, text: str) -> str | None:
        """Return the code for a code or name, or None when nothing matches."""
        return self.by_name.get(_key(text))

    def suggestion(self, text: str) -> str:
        """Return the closest names (up to three), '、'-separated, or '—'."""
        names = list(self.by_name)
        close = difflib.get_close_matches(_key(text), names, n=3, cutoff=0.3)
        shown = []
        for key in close:
            code = self.by_name[key]
            if code not in shown:
                shown.append(code)
        return "、".join(f"{self.names.get(c) or c} ({c})" for c in shown) if shown else "—"


def _key(text: str) -> str:
    """Return the form names are compared in: half-width, casefolded, no spaces, 台 = 臺."""
    return norm.header_key(text).replace("台", "臺")


def agency_fields(spec: dict[str, Any]) -> set[str]:
    """Return the fields of a resource that refer to agencies."""
    names = set()
    for key in spec["schema"].get("foreignKeys", []):
        ref = key.get("reference", {})
        target = ref.get("resource") or spec.get("name")
        if target == "agencies":
            names.update([key["fields"]] if isinstance(key["fields"], str) else key["fields"])
    return names


def load_map(root: Path, path: Path | None) -> dict[str, dict[str, str]]:
    """Return the enum mapping (field → {source value: canonical value}); {} if there is none."""
    target = path if path is not None else root / MAP_PATH
    if not target.is_file():
        return {}
    data = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{target}: expected a mapping of field → {{value: value}}")
    return {
        str(field): {str(k): str(v) for k, v in (values or {}).items()}
        for field, values in data.items()
        if isinstance(values, dict)
    }


def map_enum(value: str, allowed: list[str], mapping: dict[str, str]) -> tuple[str, str]:
    """Return (canonical value, suggestion); suggestion '' means the value is allowed."""
    if value in allowed:
        return value, ""
    if value in mapping:
        return mapping[value], ""
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.0)
    partial = [a for a in allowed if a in value or value in a]
    return value, (partial or close or ["—"])[0]


def next_entry_id(issue: str, taken: set[str]) -> str:
    """Return the next free entry id of an issue (the highest sequence used + 1)."""
    prefix = f"{issue}-"
    numbers = [int(e[len(prefix) :]) for e in taken if e.startswith(prefix) and e[-3:].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"
