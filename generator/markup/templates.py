"""The templates' Jinja environment: overridable loader, strict, every value escaped.

The page templates live in `generator/site/templates/`; the PDF editions render one of
them too, so the environment sits below both the site engine and the gazette.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

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
