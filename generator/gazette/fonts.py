"""The one font of the PDF editions: Noto Sans CJK TC, shipped by a Python package.

The font comes with the Python install (`noto-cjk-sans-otc` on PyPI, Google's Noto Sans
CJK collection under the SIL Open Font License 1.1), so every machine that can run the
build embeds the same font, whatever fontconfig knows. The package holds an OpenType
collection; WeasyPrint would take its first face (Japanese glyph shapes), so the
Traditional Chinese face is written once to its own file and named in an @font-face rule.

Every character an edition shows must be in that font: `uncovered` lists the ones that
are not (checked against the full face), and the PDF writer refuses to publish an edition
that would print boxes.

Each edition embeds a subset of the face made for it (`subset_file`): only the characters
that edition can draw, with glyphs renumbered from 0. WeasyPrint subsets again, but keeps
glyph ids, and so every id up to the highest one used: from the full face (ids up to
~65,000) that left tens of thousands of empty glyphs in every PDF. The subset is made with
HarfBuzz (`uharfbuzz`, the engine WeasyPrint itself subsets with) in a few milliseconds;
fontTools took about two seconds an edition, more than WeasyPrint's whole render. It keeps
HarfBuzz's default layout features (kern, locl, liga, vert/vrt2 among them, all that
shaping needs), drops hinting, and copies the face's own dates, so the same text gives the
same bytes. Published editions are frozen files (generator/gazette/editions.py) and are
never rendered again: this changes only editions not yet published.
"""

from __future__ import annotations

import atexit
import functools
import io
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
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
    return cache.user_cache_dir("fonts")


@functools.lru_cache(maxsize=1)
def font_file() -> Path:
    """Return the Traditional Chinese face as a standalone OpenType file (made once)."""
    from fontTools.ttLib import TTCollection

    source = collection()
    # The face is read by path (WeasyPrint, HarfBuzz), so it is kept as a plain file named by
    # the collection's stamp; the collection (~100 MB) is stamped by size and time, not read.
    stamp = cache.file_stamp(source)
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


def font_face_css(path: Path | None = None) -> str:
    """Return the @font-face rule that points WeasyPrint at a font file (default: the face)."""
    uri = (path or font_file()).as_uri()
    return f'@font-face {{ font-family: "{FAMILY}"; src: url("{uri}"); }}'


def subset_bytes(chars: Iterable[str]) -> bytes:
    """Return the face cut down to the given characters (those it has), glyphs renumbered."""
    import uharfbuzz as hb

    have = covered()
    wanted = sorted({ord(c) for c in chars} & have)
    face = _face()
    spec = hb.SubsetInput()
    spec.unicode_set.update(wanted)
    # Not RETAIN_GIDS: renumbering is the point. Hints are dropped (WeasyPrint drops them too).
    spec.flags = hb.SubsetFlags.NO_HINTING
    return bytes(hb.subset(face, spec).blob.data)


@functools.lru_cache(maxsize=1)
def _face() -> object:
    """Return the full face loaded by HarfBuzz (read once per process)."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(font_file())))


def subset_file(chars: Iterable[str]) -> Path:
    """Return a file holding the face's subset for `chars` (named by its content).

    The files live in a folder of this process, removed when it exits: a subset takes
    milliseconds, so it is not worth a cache. Rendering workers read it while it exists.
    """
    data = subset_bytes(chars)
    target = _subset_folder() / f"{cache.sha256(data)[:32]}.otf"
    if not target.is_file():
        cache.write_atomic(target, data)
    return target


@functools.lru_cache(maxsize=1)
def _subset_folder() -> Path:
    """Return this process's folder of font subsets (made on first use)."""
    folder = Path(tempfile.mkdtemp(prefix="gazette-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
