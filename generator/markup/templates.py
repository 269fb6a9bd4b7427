"""The templates' Jinja environment: overridable loader, strict, every value escaped.

The page templates live in `generator/site/templates/`; the PDF editions render one of
them too, so the environment sits below both the site engine and the gazette.
"""

from __future__ import annotations

import threading
from pathlib import Path

import jinja2
import jinja2.bccache

from generator.markup import escape
from generator.markup.filters import (
    asset,
    date_filter,
    en_date,
    field,
    fill,
    link,
    number,
    roc_date,
    root_file,
    tr,
    twd_filter,
)
from generator.roc import from_roc

TEMPLATE_DIR = Path(__file__).parents[1] / "site" / "templates"


# --- environment ---------------------------------------------------------------------------


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process.

    A build makes one environment per language, the PDF editions another, and a process may
    build several times (the tests; `gazette serve`): each compiled the same 40 templates
    again, about half a second per environment. Jinja keys a template by its name and file
    and checks its source's checksum, so an edited or overriding template is compiled anew;
    every environment comes from `environment()` below, with the same options, so the
    compiled code of one is the code of any other.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()  # builds render pages from several threads

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code


_COMPILED = _CompiledTemplates()


def environment(root: Path | None) -> jinja2.Environment:
    """Return the Jinja environment: overridable loader, strict, escaping by default."""
    search = [str(root / "overrides" / "templates")] if root is not None else []
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(search), jinja2.FileSystemLoader(str(TEMPLATE_DIR))]
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output: `finalize` escapes for Markdown and HTML at once
        finalize=escape.md,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_COMPILED,
    )
    env.filters.update(
        md=escape.md,
        md_lines=escape.md_lines,
        href=escape.href,
        roc_date=roc_date,
        ad_year=from_roc,
        en_date=en_date,
        date=date_filter,
        twd=twd_filter,
        number=number,
        fill=fill,
        attr=escape.attr,
    )
    env.globals.update(
        tr=tr,
        link=link,
        asset=asset,
        root_file=root_file,
        field=field,
        raw_block=escape.raw_block,
    )
    return env
