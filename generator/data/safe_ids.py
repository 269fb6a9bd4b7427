"""Ids that become file and folder names, checked before any path is built from them.

An entry id names its body files (`entries/<volume>/<entry_id>.zh.md`) and its pages; an
issue id makes the entry ids of its new entries. A value such as `../../content/x` read
from a staff file must be refused before it reaches a path join, not after the import has
written (or, in a dry run, compared) a file outside `datasets/`. An id must match its
schema pattern (the field's own, or the same field's in another resource: the entries'
`issue_id` has none of its own) and, whatever the pattern says, a path-safe shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator.models import Problem

ID_FIELDS = ("issue_id", "entry_id")
# Whatever a project's schema says: letters, digits, '-' and '_', starting with a letter or
# digit, so neither '/', '\\', '..' nor a leading '-' (an option to git or pandoc) can pass.
PATH_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def id_patterns(descriptor: dict[str, Any], spec: dict[str, Any]) -> dict[str, str]:
    """Return each id field of `spec` and the schema pattern it must match ('' if none)."""
    own = {f["name"]: f for f in spec["schema"].get("fields", [])}
    patterns: dict[str, str] = {}
    for name in ID_FIELDS:
        if name not in own:
            continue
        found = _pattern(own[name]) or next(
            filter(None, (_pattern(f) for f in _fields_named(descriptor, name))), ""
        )
        patterns[name] = found
    return patterns


def _fields_named(descriptor: dict[str, Any], name: str) -> Iterable[dict[str, Any]]:
    """Yield every resource's field called `name`."""
    for resource in descriptor.get("resources", []):
        for spec_field in resource.get("schema", {}).get("fields", []):
            if spec_field.get("name") == name:
                yield spec_field


def _pattern(spec_field: dict[str, Any]) -> str:
    """Return a field's pattern constraint, or ''."""
    return str(spec_field.get("constraints", {}).get("pattern", ""))


def is_safe_id(value: str, pattern: str) -> bool:
    """Tell whether `value` may name a file: path-safe and matching `pattern` (whole value)."""
    if PATH_SAFE.fullmatch(value) is None:
        return False
    try:
        return not pattern or re.fullmatch(pattern, value) is not None
    except re.error:  # a broken pattern is the schema check's to report; the shape held
        return True


def check_rows(
    rows: Iterable[Any], patterns: dict[str, str], display: str, headers: dict[str, str]
) -> list[Problem]:
    """Return a problem for each unsafe id of the imported rows, and mark its field.

    `rows` are the importer's rows (`line`, `values`, `problem_fields`); a marked field
    keeps the rest of the import from building a path out of it.
    """
    problems: list[Problem] = []
    for row in rows:
        for name, pattern in patterns.items():
            value = row.values.get(name, "")
            if value and not is_safe_id(value, pattern):
                row.problem_fields.add(name)
                example = EXAMPLES.get(name, "")
                problems.append(Problem.at(display, row.line, headers.get(name, name),
                                           "import-id-invalid", value=value,
                                           pattern=pattern or PATH_SAFE.pattern,
                                           example=example))  # fmt: skip
    return problems


EXAMPLES = {"issue_id": "113-05", "entry_id": "113-05-003"}
