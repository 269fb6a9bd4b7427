"""The one font of the PDF editions: Noto Sans CJK TC, shipped by a Python package.

The font comes with the Python install (`noto-cjk-sans-otc` on PyPI, Google's Noto Sans
CJK collection under the SIL Open Font License 1.1), so every machine that can run the
build embeds the same font, whatever fontconfig knows. The package holds an OpenType
collection; WeasyPrint would take its first face (Japanese glyph shapes), so the
Traditional Chinese face is written once to its own file and named in an @font-face rule.

Every character an edition shows must be in that font: `uncovered` lists the ones that
are not, and the PDF writer refuses to publish an edition that would print boxes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import unicodedata
from pathlib import Path

from generator import cache

FAMILY = "Gazette Noto Sans CJK TC"
FACE_NAME = "Noto Sans CJK TC"
PACKAGE = "noto-cjk-sans-otc"
# Characters that are layout, not glyphs: line breaks, tabs, zero-width marks.
_NOT_DRAWN = {"Cc", "Cf", "Zl", "Zp"}


class FontMissing(Exception):
    """The font package is not installed (or holds no Traditional Chinese face)."""


def collection() -> Path:
    """Return the font collection file of the `noto-cjk-sans-otc` package."""
    try:
        from noto_cjk_sans_otc import FONT_PATH  # type: ignore[import-not-found]
    except ImportError as error:
        raise FontMissing(PACKAGE) from error
    path = Path(str(FONT_PATH))
    if not path.is_file():
        raise FontMissing(PACKAGE)
    return path


def cache_root() -> Path:
    """Return where the extracted face is kept (per user, shared by every project)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "city-gazette" / "fonts"


@functools.lru_cache(maxsize=1)
def font_file() -> Path:
    """Return the Traditional Chinese face as a standalone OpenType file (made once)."""
    from fontTools.ttLib import TTCollection

    source = collection()
    stat = source.stat()
    stamp = hashlib.sha256(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache_root() / f"NotoSansCJKtc-Regular-{stamp[:16]}.otf"
    if target.is_file():
        return target
    faces = TTCollection(str(source), lazy=True)
    for face in faces.fonts:
        if face["name"].getDebugName(4) == FACE_NAME:
            target.parent.mkdir(parents=True, exist_ok=True)
            data = io.BytesIO()
            face.save(data)
            cache.write_atomic(target, data.getvalue())  # another build may be doing the same
            return target
    raise FontMissing(f"{PACKAGE} ({FACE_NAME})")


@functools.lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Return the code points the embedded font has a glyph for."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(font_file()), lazy=True).getBestCmap())


def uncovered(text: str) -> list[str]:
    """Return the distinct drawn characters of `text` the font lacks, in order of appearance."""
    have = covered()
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in have and unicodedata.category(char) not in _NOT_DRAWN:
            missing.setdefault(char, None)
    return list(missing)


def font_face_css() -> str:
    """Return the @font-face rule that points WeasyPrint at the font file."""
    return f'@font-face {{ font-family: "{FAMILY}"; src: url("{font_file().as_uri()}"); }}'
