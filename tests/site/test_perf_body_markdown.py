"""Entry bodies share one Markdown converter: nothing may carry over from one body to the next."""

from __future__ import annotations

from generator.markup import escape

BODIES = [
    "# 標題\n\n本文[^1]，見 HTML。\n\n[^1]: 註一。\n\n*[HTML]: 超文字標記語言\n",
    "## 標題\n\n另一則 HTML 與[^1]。\n\n## 標題\n",
    "| 欄 | 值 |\n| --- | --- |\n| a | 1 |\n\n術語\n:   定義\n",
    "# 標題\n\n&copy; <b>粗</b> <https://example.tw>\n",
]


def fresh(source: str) -> str:
    """Return a body rendered by a converter built for it alone."""
    escape._body_markdown.cache_clear()
    return str(escape.body_html(source))


def test_shared_converter_renders_each_body_as_a_fresh_one_would() -> None:
    expected = [fresh(body) for body in BODIES]
    escape._body_markdown.cache_clear()
    shared = [str(escape.body_html(body)) for body in BODIES + BODIES]
    assert shared == expected + expected
    assert "超文字標記語言" not in shared[1]  # the first body's abbreviation stays there
    assert "fn:1" not in shared[1]  # and so does its footnote
