"""Values and entry bodies cannot inject markup: they come out as visible text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest

from generator.markup.escape import body_html, href, md

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "<https://evil.example/>",
    "&lt;b&gt;",
    "{{ 7*7 }} {% raw %}",
    "# not a heading",
    "| not | a table |",
]
MKDOCS_EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "def_list", "toc"]


class _Tags(HTMLParser):
    """Record every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


def _text(html: str) -> str:
    """Return what a reader sees: the HTML with entities decoded and tags removed."""
    import html as html_lib
    import re

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_value_renders_as_its_own_text(payload: str) -> None:
    html = markdown.markdown(f"before {md(payload)} after", extensions=MKDOCS_EXTENSIONS)
    assert html.count("<") == 2  # only the paragraph's <p> and </p>
    assert _text(html) == f"before {payload} after"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_value_in_a_table_cell_stays_in_its_cell(payload: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {md(payload)} | 2 |\n"
    html = markdown.markdown(table, extensions=MKDOCS_EXTENSIONS)
    assert html.count("<td>") == 2
    assert _text(html.split("<td>")[1]) == payload


def test_a_multi_line_value_cannot_start_a_block() -> None:
    value = md("a\n# b\n\n- c")
    html = markdown.markdown(f"x {value}", extensions=MKDOCS_EXTENSIONS)
    assert "<h1" not in html and "<li" not in html


@pytest.mark.parametrize("payload", PAYLOADS[:7])
def test_a_body_shows_raw_html_and_unsafe_links_as_text(payload: str) -> None:
    html = str(body_html(f"Text {payload} end"))
    tags = _Tags()
    tags.feed(html)
    assert {tag for tag, _ in tags.seen} <= {"p", "span"}
    assert all(not attrs for _, attrs in tags.seen)
    assert _text(html) == f"Text {payload} end"


def test_a_body_keeps_ordinary_markdown_and_safe_links() -> None:
    html = str(
        body_html("# Title\n\n**bold** [site](https://example.gov.tw/)\n\n| a |\n|---|\n| 1 |\n")
    )
    assert "<h3>Title</h3>" in html  # demoted: the page owns the h1 and the "Full text" h2
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.gov.tw/"' in html
    assert "<table>" in html


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,x", False),
        ("https://example.gov.tw/a?b=1", True),
        ("../gazette/index.md", True),
        ("mailto:opendata@example.gov.tw", True),
    ],
)
def test_href_allows_only_relative_http_and_mailto(url: str, safe: bool) -> None:
    assert (str(href(url)) != "#") is safe


def test_body_headings_start_below_the_page_and_never_skip_a_level() -> None:
    html = str(body_html("### 條文\n\ntext\n\n##### 附則\n\n# 說明\n\n## 一\n"))
    levels = [int(level) for level in re.findall(r"<h([1-6])>", html)]
    assert levels == [3, 4, 3, 4]
