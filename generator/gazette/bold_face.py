"""A bold face for the PDF editions, made from the edition's own font subset.

The editions embed one font, Noto Sans CJK TC Regular (generator/gazette/fonts.py), and
WeasyPrint draws `font-weight: bold` text with whatever face matches; it has no synthetic
bold, so `**一、**` printed exactly like the text around it. This module makes the bold
face from the regular subset: HarfBuzz's synthetic emboldening (`Font.synthetic_bold`,
the same outline offset PDF viewers and browsers use when a family has no bold) draws each
glyph thicker, in place (advances unchanged, so the layout of a line does not move), and
fontTools writes the outlines back into a copy of the subset. No second font file to ship,
the same glyph shapes, a few tenths of a second per edition; the same subset gives the
same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from generator import cache
from generator.gazette import fonts

# How much thicker strokes get, as a fraction of the em (HarfBuzz's own default is 2 %).
STRENGTH = 0.02


def bold_bytes(regular: bytes) -> bytes:
    """Return a CFF-flavoured OpenType subset with every glyph emboldened in place."""
    import uharfbuzz as hb
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.ttLib import TTFont

    # Bounds are widened by hand below: recomputing them from every outline took seconds.
    font = TTFont(io.BytesIO(regular), recalcTimestamp=False, recalcBBoxes=False)
    shaper = hb.Font(hb.Face(regular))
    shaper.synthetic_bold = (STRENGTH, STRENGTH, True)
    strings = font["CFF "].cff.topDictIndex[0].CharStrings
    metrics = font["hmtx"]
    for glyph_id, name in enumerate(font.getGlyphOrder()):
        old = strings[name]
        pen = T2CharStringPen(metrics[name][0], None)
        shaper.draw_glyph_with_pen(glyph_id, pen)
        strings[name] = pen.getCharString(
            private=old.private, globalSubrs=old.globalSubrs, optimize=False
        )
    grow = round(font["head"].unitsPerEm * STRENGTH)  # strokes thicken this much, at most
    head = font["head"]
    head.xMin, head.yMin, head.xMax, head.yMax = (
        head.xMin - grow,
        head.yMin - grow,
        head.xMax + grow,
        head.yMax + grow,
    )
    top = font["CFF "].cff.topDictIndex[0]
    x_min, y_min, x_max, y_max = top.FontBBox
    top.FontBBox = [x_min - grow, y_min - grow, x_max + grow, y_max + grow]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def bold_file(chars: Iterable[str]) -> Path:
    """Return a file holding the bold face for `chars` (named by its content).

    Only the characters an edition prints bold are emboldened (about 1 ms a glyph): the
    subset is cut first, like the regular one, in the same per-process folder.
    """
    regular = fonts.subset_file(chars)
    target = regular.with_name(f"{regular.stem}-bold{regular.suffix}")
    if not target.is_file():
        cache.write_atomic(target, bold_bytes(regular.read_bytes()))
    return target


def font_face_css(path: Path) -> str:
    """Return the @font-face rule that makes `path` the bold weight of the editions' family."""
    family, uri = fonts.FAMILY, path.as_uri()
    return f'@font-face {{ font-family: "{family}"; font-weight: bold; src: url("{uri}"); }}'
