"""The error catalogue: stable codes with message templates in each language.

Templates live in `generator/locale/errors.yaml` so that wording is data, not code.
A code missing from the catalogue is a bug, not bad data: `message` raises `UnknownCode`
instead of showing the raw code, and tests/test_docs.py checks that every code used in
the source has its templates.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.models import Problem

# libyaml's parser where installed: the same result, about ten times faster (each
# command reads this file once).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CATALOGUE_PATH = Path(__file__).parent / "locale" / "errors.yaml"


class UnknownCode(KeyError):
    """A problem's code has no entry in the error catalogue (a bug in the generator)."""


class _Blank(dict):
    """Leave unknown placeholders visible instead of failing while reporting an error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """Return the error catalogue: code → {"title": {lang: text}, lang: template}."""
    with CATALOGUE_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_SAFE_LOADER)


def message(problem: Problem, lang: str = "zh-TW") -> str:
    """Return the problem's message in `lang`, filled from its parameters."""
    entry = catalogue().get(problem.code)
    if entry is None:
        raise UnknownCode(f"error code {problem.code!r} is not in {CATALOGUE_PATH.name}")
    template = entry.get(lang) or entry["zh-TW"]
    return template.format_map(_Blank({k: _show(v) for k, v in problem.values.items()}))


def _show(value: Any) -> str:
    """Render a parameter for a one-line message, cutting very long cells."""
    text = visible(str(value))
    return text if len(text) <= 80 else text[:77] + "…"


# Escaped where a message quotes data: line breaks would split the one-line format, and
# invisible characters (bidi overrides such as U+202E, zero-width spaces, controls) would
# reorder or hide what the clerk reads in a terminal, the very thing the check reports.
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def visible(text: str) -> str:
    """Return `text` with line breaks and invisible characters written as escapes (\\u202e)."""
    if text.isprintable():  # the common case: nothing to escape (spaces are printable)
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    """Return one character as itself, or as an escape when it is invisible."""
    if char in _NAMED:
        return _NAMED[char]
    if char == " " or unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def format_text(problem: Problem, lang: str = "zh-TW") -> str:
    """Return the `PATH:LINE:FIELD: message` line for a problem."""
    line = "" if problem.line is None else str(problem.line)
    where = f"{visible(problem.path)}:{line}:{visible(problem.field)}"
    return f"{where}: {message(problem, lang)}"


def format_json(problems: list[Problem], lang: str = "zh-TW") -> str:
    """Return problems as a JSON list with path, line, field, code and message."""
    rows = [
        {
            "path": p.path,
            "line": p.line,
            "field": p.field,
            "code": p.code,
            "message": message(p, lang),
        }
        for p in problems
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)
