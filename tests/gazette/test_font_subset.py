"""Each PDF edition's own font subset: what it holds, what it keeps, and that it is stable."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from generator.gazette import fonts, pdf

HTML = (
    "<html><head><style>@font-face { src: url(x) } li::before { content: '\\203B' }"
    "</style></head><body><h1>市政府公報</h1><p>第 115 卷&#x3000;&#26399;</p>"
    '<ol><li title="附件">公告</li></ol></body></html>'
)


def subset(chars: frozenset[str]) -> TTFont:
    """Return the parsed subset of the face for some characters."""
    return TTFont(io.BytesIO(fonts.subset_bytes(chars)))


def test_drawable_chars_cover_text_references_css_and_layout() -> None:
    chars = pdf.drawable_chars(HTML)
    assert set("市政府公報第卷附件") <= chars  # text and attribute values
    assert {"期", "\u3000", "\u203b"} <= chars  # a character reference, a CSS escape
    assert {"•", "…", "0", "9", "/", "."} <= chars  # list markers, counters, leaders


def test_the_subset_holds_the_characters_and_renumbers_glyphs() -> None:
    chars = pdf.drawable_chars(HTML)
    font = subset(chars)
    mapped = set(font.getBestCmap())
    assert {ord(c) for c in chars if ord(c) in fonts.covered()} <= mapped
    assert ord("政") in mapped and ord("鬱") not in mapped
    # Renumbered from 0, not kept at the full face's ids (up to ~65,000).
    assert font["maxp"].numGlyphs < 2 * len(chars)
    assert max(font.getReverseGlyphMap().values()) == font["maxp"].numGlyphs - 1


def test_the_subset_keeps_shaping_features_and_drops_hints() -> None:
    font = subset(pdf.drawable_chars(HTML) | set("（），。「」"))
    gsub = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
    assert {"vert", "vrt2"} <= gsub and "kern" in gpos
    private = font["CFF "].cff.topDictIndex[0].FDArray[0].Private
    assert not getattr(private, "BlueValues", None)  # hinting zones gone


def test_the_subset_is_byte_identical_and_carries_the_faces_dates() -> None:
    chars = pdf.drawable_chars(HTML)
    first, second = fonts.subset_bytes(chars), fonts.subset_bytes(sorted(chars, reverse=True))
    assert first == second
    full = TTFont(str(fonts.font_file()), lazy=True)
    assert subset(chars)["head"].modified == full["head"].modified  # not the time of subsetting
    assert fonts.subset_file(chars).read_bytes() == first


def test_a_character_the_face_lacks_is_left_out_not_an_error() -> None:
    chars = frozenset("公報\ue123")
    assert ord("\ue123") not in subset(chars).getBestCmap()
    assert fonts.uncovered("公報\ue123") == ["\ue123"]  # the build still refuses it
