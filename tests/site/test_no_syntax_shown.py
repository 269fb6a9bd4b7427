"""No built page, feed, API document or new PDF edition shows Markdown or HTML syntax as text."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.gazette import edition_check, pdf
from generator.gazette.page_fidelity import syntax_counts

# What a reader must not see: `**`, `__`, `[TABLE]`, a tag (`<br`, `&lt;br` double-escaped).
# Code (`<code>`, `<pre>`: API paths, the verify script) is literal by definition.
_HIDDEN = re.compile(
    r"<(script|style|template|svg|code|pre)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")
# Fields whose value is Markdown source by definition (the API publishes the body as written).
MARKDOWN_FIELDS = {"body_zh", "body_en"}


def page_text(page: str) -> str:
    """Return the text a browser shows of a page: no scripts, styles or tags; entities read."""
    return html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", page)))


def shown(text: str) -> dict[str, int]:
    """Return the syntax kinds a text shows, with their counts."""
    return dict(syntax_counts(text))


def json_strings(value: Any, key: str = "") -> Iterator[str]:
    """Yield every string of a JSON document, except the Markdown sources."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name not in MARKDOWN_FIELDS:
                yield from json_strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item, key)
    elif isinstance(value, str):
        yield value


@pytest.mark.slow
def test_no_built_page_feed_or_api_document_shows_syntax(built_site: Path) -> None:
    found: dict[str, dict[str, int]] = {}
    pages = sorted(built_site.rglob("*.html"))
    assert any(p.parts[-5:-1] == ("gazette", "114", "02", "114-02-001") for p in pages)
    assert (built_site / "en" / "index.html") in pages  # both languages
    for path in pages:
        kinds = shown(page_text(path.read_text(encoding="utf-8")))
        if kinds:
            found[path.relative_to(built_site).as_posix()] = kinds
    feeds = [*built_site.rglob("*.atom"), *built_site.rglob("*.rss"), *built_site.rglob("*.xml")]
    assert any(f.suffix == ".atom" for f in feeds) and any(f.suffix == ".rss" for f in feeds)
    for path in feeds:
        text = " ".join(ET.parse(path).getroot().itertext())
        if shown(text):
            found[path.relative_to(built_site).as_posix()] = shown(text)
    documents = sorted((built_site / "gazette").rglob("*.json"))
    assert len(documents) > 100
    for path in documents:
        strings = json_strings(json.loads(path.read_text(encoding="utf-8")))
        kinds = shown("\n".join(strings))
        if kinds:
            found[path.relative_to(built_site).as_posix()] = kinds
    assert found == {}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("issue_id", "frozen_with_asterisks"), [("114-02", True), ("115-16", False), ("115-18", True)]
)
def test_new_editions_print_no_syntax(
    issue_id: str, frozen_with_asterisks: bool, tmp_path: Path, repo_root: Path
) -> None:
    """Render editions the sample froze with `**` (and one with a long table) again."""
    import datetime as dt

    from generator.data.embargo import published
    from generator.data.gazette_model import issues_of
    from generator.data.validate import validate_project
    from generator.models import BuildContext

    as_of = dt.date(2026, 12, 7)
    dataset, problems = validate_project(repo_root)
    assert problems == []
    ctx = BuildContext(repo_root, as_of, published(dataset, as_of), "https://g.example/", tmp_path)
    shared = pdf.shared_parts(ctx)
    (issue,) = [i for i in issues_of(ctx) if i["issue_id"] == issue_id]
    data = pdf.render_pdf(**pdf.render_job(ctx, issue, shared))
    (tmp_path / f"{issue_id}.pdf").write_bytes(data)
    text = edition_check.pdf_text(data)
    assert shown(text) == {}
    bodies = edition_check.bodies_of(pdf.entry_groups(ctx, issue, shared))
    assert edition_check.problems(issue_id, "new", data, bodies) == []
    stored = (repo_root / f"editions/{issue_id.replace('-', '/')}.pdf").read_bytes()
    # The frozen edition is left as it was (the lead reissues it): it still shows them.
    assert ("**" in shown(edition_check.pdf_text(stored))) == frozen_with_asterisks
