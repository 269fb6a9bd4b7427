"""RawBlocks: the generated pages' HTML blocks pass Python-Markdown untouched and unparsed.

The plugin must change nothing in the HTML MkDocs writes (whole-site byte identity is
checked by the build tests' goldens; here, page by page against Python-Markdown with the
project's extensions) and must leave to Python-Markdown every block it would not copy
through verbatim.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator.site.mkdocs_hooks import (
    anchor_ids,
    drop_blank_lines,
    stash_blocks,
    unstash_blocks,
)

REPO = Path(__file__).resolve().parents[2]
TOKEN = "gzrawtest"


@cache
def extensions() -> tuple[list, dict]:
    """Return the Markdown extensions MkDocs loads for the project (its defaults included,
    such as fenced_code), with their settings."""
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"), site_name="test", docs_dir=str(REPO / "content/zh")
    )
    return config.markdown_extensions, config.mdx_configs


def convert(text: str) -> str:
    """Convert with the project's extensions, as MkDocs does."""
    names, settings = extensions()
    return markdown.Markdown(extensions=names, extension_configs=settings).convert(text)


def through_plugin(text: str) -> str:
    stashed, blocks = stash_blocks(text, TOKEN)
    restored = unstash_blocks(convert(stashed), blocks)
    assert restored is not None
    return restored


PAGES = {
    "entry page": """# 公告標題

[公報](../index.md) ›
[第115卷](../../index.md)
{: data-pagefind-ignore="all" }

<div class="gz-facets" hidden>
<span data-pagefind-filter="volume:115"></span>
</div>

## 全文

<div class="entry-body">
<p><strong>主旨</strong>：公告 **不是粗體** &amp; <a href="https://example.gov.tw/">連結</a></p>
<div class="inner"><p>巢狀</p></div>
<pre>第一行

第三行</pre>
</div>

永久連結
:   [https://gazette.example.gov.tw/](https://gazette.example.gov.tw/)
""",
    "table and figure": """# 冷氣機

<div class="portal-facts-wrap">
<table class="portal-facts">
<caption>品項資料</caption>
<tbody><tr><th scope="row">編號</th><td>EL&#45;0253</td></tr></tbody>
</table>
</div>

<figure class="portal-figure" id="chart-1"><svg role="img"><title>圖</title></svg></figure>

## 歷次訪價

| 日期 | 價格 |
| --- | ---: |
| 114年 | 106,052 |
""",
    "markdown inside html": """# 期

<div class="gz-listing" markdown="1">

## 公告

- [第一則](a.md)

<div class="gz-note">說明</div>

</div>

後記 *強調*
""",
}


@pytest.mark.parametrize("text", PAGES.values(), ids=PAGES.keys())
def test_the_html_is_what_python_markdown_makes(text: str) -> None:
    assert drop_blank_lines(through_plugin(text)) == drop_blank_lines(convert(text))


def test_finished_blocks_are_stashed_and_markdown_blocks_are_not() -> None:
    _, blocks = stash_blocks(PAGES["entry page"], TOKEN)
    assert [b.splitlines()[0] for b in blocks.values()] == [
        '<div class="gz-facets" hidden>',
        '<div class="entry-body">',
    ]
    # The listing holds Markdown, so Python-Markdown parses it; only the finished block
    # inside it is carried past (the HTML is the same: see the test above).
    _, blocks = stash_blocks(PAGES["markdown inside html"], TOKEN)
    assert list(blocks.values()) == ['<div class="gz-note">說明</div>']


@pytest.mark.parametrize(
    "text",
    [
        "text\n<div>no blank line before</div>\n",  # part of the paragraph above
        "<div>\nnever closed\n",
        "<div>closed</div> and text after\n",
        "<div>closed</div>\nno blank line after\n",
        "```\n\n<div>in a fence</div>\n\n```\n",
        "<span>inline element</span>\n",
    ],
)
def test_what_python_markdown_would_not_copy_verbatim_is_left_to_it(text: str) -> None:
    stashed, blocks = stash_blocks(text, TOKEN)
    assert (stashed, blocks) == (text, {})


def test_a_body_that_mentions_markdown_is_still_carried_past() -> None:
    body = '<div class="entry-body">\n<p>Markdown 文件格式說明</p>\n\n<div>x</div>\n</div>'
    text = f"# 公告\n\n{body}\n\n永久連結\n"
    _, blocks = stash_blocks(text, TOKEN)
    assert list(blocks.values()) == [body]  # one block: its inner div stays inside it
    assert drop_blank_lines(through_plugin(text)) == drop_blank_lines(convert(text))


def test_a_placeholder_that_did_not_come_out_alone_is_refused() -> None:
    blocks = {f"{TOKEN}n0": "<div>x</div>"}
    assert unstash_blocks(f"<p>{TOKEN}n0</p>", blocks) == "<div>x</div>\n"
    assert unstash_blocks(f"<p>see {TOKEN}n0</p>", blocks) is None  # then MkDocs converts
    assert unstash_blocks("<p>nothing</p>", blocks) is None


def test_anchors_inside_blocks_still_count_for_link_checks() -> None:
    _, blocks = stash_blocks(PAGES["table and figure"], TOKEN)
    assert anchor_ids(blocks) == {"chart-1"}


def test_a_hostile_page_cannot_guess_the_placeholder() -> None:
    from generator.site.mkdocs_hooks import RawBlocks

    assert RawBlocks().token != RawBlocks().token  # random per MkDocs run
