"""The editions' bold face: the same glyphs, thicker, with the same advances."""

from __future__ import annotations

import io

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from generator.gazette import bold_face, fonts


def _glyph(font: TTFont, char: str) -> tuple[tuple[float, ...], int]:
    """Return a character's outline bounds and advance width."""
    name = font.getBestCmap()[ord(char)]
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    assert pen.bounds is not None
    return pen.bounds, font["hmtx"][name][0]


def test_bold_glyphs_are_thicker_in_the_same_advance() -> None:
    regular_bytes = fonts.subset_bytes("一、主旨A")
    bold_bytes = bold_face.bold_bytes(regular_bytes)
    regular, bold = TTFont(io.BytesIO(regular_bytes)), TTFont(io.BytesIO(bold_bytes))
    assert regular.getBestCmap() == bold.getBestCmap()
    for char in "一、主旨A":
        (r_box, r_advance), (b_box, b_advance) = _glyph(regular, char), _glyph(bold, char)
        assert b_advance == r_advance  # lines keep their layout
        # Strokes thicken: the ink grows taller and wider (a lone stroke like 一 too).
        assert b_box[3] - b_box[1] > r_box[3] - r_box[1], char
        assert b_box[2] - b_box[0] > r_box[2] - r_box[0], char


def test_the_bold_face_is_deterministic_and_only_for_bold_characters() -> None:
    first = bold_face.bold_file("主旨")
    again = bold_face.bold_file("主旨")
    assert first == again and first.read_bytes() == bold_face.bold_bytes(
        fonts.subset_file("主旨").read_bytes()
    )
    assert set(TTFont(first).getBestCmap()) == {ord("主"), ord("旨")}
    assert f'font-weight: bold; src: url("{first.as_uri()}")' in bold_face.font_face_css(first)
