"""CJK-friendly `*` emphasis for the body parser (the CommonMark CJK-friendly amendment).

CommonMark opens or closes `**` only when the run is "flanking": a run whose inner side is
punctuation must have whitespace or punctuation on its outer side. Chinese has no spaces
between words, so `**一、**公文`, `**王○○**為` or `**「通知」**如下` never close and the
reader sees the asterisks. The amendment (the markdown-it-cjk-friendly plugin for the JS
markdown-it, https://github.com/tats-u/markdown-cjk-friendly) adds one condition: a `*` run
is also left- and right-flanking when the character before or after it is a CJK character
(East Asian Width F, H or W except emoji, Hangul; an ambiguous-width character only as an
ideographic variation selector, or a quotation mark followed by U+FE01). Runs between
spaces and `_` runs keep their CommonMark meaning, so `2*3*4`, `snake_case` and `a ** b`
read as before.

markdown-it-py builds its `StateInline` directly, so instead of subclassing it this module
replaces the `emphasis` tokenizer of one parser (`use(cjk_emphasis_plugin)`); the shared
post-processing (pairing, `<em>`/`<strong>`) is markdown-it-py's own.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline

_FE01 = 0xFE01
_QUOTES = {0x2018, 0x2019, 0x201C, 0x201D}
# Brackets of East Asian Width W in the emoji-heavy block below that are CJK punctuation.
_CJK_IN_EMOJI_BLOCK = {0x2329, 0x232A}


def _is_emoji(cp: int) -> bool:
    """Return whether a wide character is an emoji (Python has no Emoji_Presentation)."""
    if 0x1F000 <= cp <= 0x1FAFF:
        return True
    return 0x231A <= cp <= 0x2BFF and cp not in _CJK_IN_EMOJI_BLOCK


def _cjk_base(cp: int) -> bool | None:
    """Return whether `cp` is CJK; None when ambiguous-width (decided by the caller)."""
    if cp < 0x1100:  # nothing below the Hangul Jamo block is CJK
        return False
    width = unicodedata.east_asian_width(chr(cp))
    if width in ("F", "H"):
        return True
    if width == "W":
        return not _is_emoji(cp)
    if width == "A":
        return None
    if width == "N":  # Hangul jungseong/jongseong fillers are neutral width
        return 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF
    return False


def _previous_is_cjk(cp: int) -> bool:
    """Return whether the character before a run is CJK (an IVS counts: it follows a Han)."""
    base = _cjk_base(cp)
    return (0xE0100 <= cp <= 0xE01EF) if base is None else base


def _two_back_is_cjk(cp: int, selector: int) -> bool:
    """Return whether a character followed by a variation selector is CJK."""
    base = _cjk_base(cp)
    return (selector == _FE01 and cp in _QUOTES) if base is None else base


def _next_is_cjk(cp: int) -> bool:
    """Return whether the character after a run is CJK."""
    return bool(_cjk_base(cp))


def is_cjk(char: str) -> bool:
    """Return whether a character is CJK by the amendment's rule (East Asian Width F, H or
    W, emoji excepted): the project's one test of it."""
    return _next_is_cjk(ord(char))


def _punct(ch: str) -> bool:
    """Return whether `ch` is punctuation (or a symbol) in CommonMark's sense."""
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """Return whether the delimiter run at `start` can open and close emphasis.

    CommonMark's rule, plus: a `*` run next to a CJK character is both left- and
    right-flanking. Constant work per run, so parsing stays linear.
    """
    src, maximum = state.src, state.posMax
    marker = src[start]
    last = src[start - 1] if start > 0 else " "  # the start of a line is whitespace
    last_main, two_back = last, None
    if 0xFE00 <= ord(last) <= 0xFE0E:  # a variation selector: look at what it modifies
        two_back = src[start - 2] if start > 1 else " "
        if unicodedata.category(two_back) != "Zs":
            last_main = two_back
    pos = start
    while pos < maximum and src[pos] == marker:
        pos += 1
    count = pos - start
    following = src[pos] if pos < maximum else " "  # the end of a line is whitespace

    last_space = isWhiteSpace(ord(last_main))
    next_space = isWhiteSpace(ord(following))
    if last_space or next_space:
        return Scanned(not next_space, not last_space, count)

    last_punct, next_punct = _punct(last_main), _punct(following)
    # With no whitespace on either side, CommonMark's rule reduces to these two lines
    # (for `_` exactly; for `*` the flanking tests below add the other cases).
    can_open, can_close = last_punct, next_punct
    if can_split_word:
        either_cjk = _next_is_cjk(ord(following)) or (
            _two_back_is_cjk(ord(two_back), ord(last))
            if two_back is not None
            else _previous_is_cjk(ord(last))
        )
        can_open = can_open or either_cjk or not next_punct
        can_close = can_close or either_cjk or not last_punct
    return Scanned(can_open, can_close, count)


def tokenize(state: StateInline, silent: bool) -> bool:
    """Push each `*` or `_` of a run as a text token and a delimiter (markdown-it's rule)."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    scanned = scan_delims(state, start, marker == "*")
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=scanned.length,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def cjk_emphasis_plugin(parser: MarkdownIt) -> None:
    """Make `parser` read emphasis the CJK-friendly way (this parser only)."""
    parser.inline.ruler.at("emphasis", tokenize)
