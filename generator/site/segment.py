"""Split Chinese text into one word per character, for the Pagefind index only.

Pagefind 1.5 segments Chinese twice, with two different dictionaries: jieba (Simplified,
mainland vocabulary) when it indexes, and the browser's Intl.Segmenter (ICU) when it reads a
query. For Taiwanese vocabulary the two disagree (jieba cuts 公報 into 公 / 報 while ICU keeps
公報 whole), so the query word is not in the index and recall collapses: 公報 found 2 of 389
pages of the sample (Pagefind issue #1237 reports the same for zh-TW).

So the Chinese site is indexed from a copy of its HTML in which every Han character stands
alone between zero-width spaces: both segmenters then see single characters, which neither
can cut differently, and the search script (theme/assets/search.js) turns each Chinese query
term into a quoted phrase of its characters, which Pagefind matches at consecutive
positions. A term is found exactly where its characters occur in a row, like a substring
search. The published pages are not touched (a copied document number must not carry
zero-width spaces); the stored excerpts keep them, as they did with Pagefind's own Chinese
segmentation, and the search script removes them before showing a title or an excerpt.
"""

from __future__ import annotations

import re
from pathlib import Path

# The CJK ideograph blocks (unified, extension A, compatibility, supplementary planes).
# search.js splits queries with the same ranges: keep the two lists in step.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
ZWSP = "\u200b"
# Pagefind's English tokenizer does not break at a zero-width space (a whole document number
# stays one word), so English pages are split with the ideographic space, which it does
# break at; search.js removes both from titles and excerpts.
IDEOGRAPHIC_SPACE = "\u3000"

# A break goes between a Han character and any non-space neighbour; existing whitespace
# already separates words, and doubling it would join the words around it in excerpts.
_BREAK = re.compile(rf"(?<=[{HAN}])(?=\S)|(?<=\S)(?=[{HAN}])")
# Markup, scripts, styles and comments are copied as they are; only text between them is
# split, so attribute values (URLs, heading ids Pagefind links to) stay intact.
_MARKUP = re.compile(
    r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I
)


def split_han(text: str, separator: str = ZWSP) -> str:
    """Return `text` with `separator` (a zero-width space) on each side of every Han character."""
    return _BREAK.sub(separator, text)


def split_html(html: str, separator: str = ZWSP) -> str:
    """Return `html` with the Han characters of its text (not its markup) split apart."""
    parts = _MARKUP.split(html)
    parts[::2] = [split_han(text, separator) for text in parts[::2]]
    return "".join(parts)


def copy_split(site: Path, target: Path, skip: tuple[str, ...] = ()) -> Path:
    """Copy every HTML file of `site` (not under the `skip` folders) split to `target`."""
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        if rel.parts and rel.parts[0] in skip:
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(split_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    return target
