"""The body texts that passed every check before, by SHA-256, so a publish day reads the
archive's bodies but checks only new ones.

`rules.check_bodies` reads every full-text file on every run: where it is, that it is
UTF-8 and within the size limit, that it has no invisible characters, no nesting deeper
than the renderer allows and no underscores Markdown would eat. The last three scan the
text and cost most of the ~1.6 s a ten-year archive's 8,000 bodies took. Their verdict
depends only on the text, the size limit and the code, so a text that passed once is
remembered here by its digest and is not scanned again. Only clean texts are kept: a
problem is always found, and reported, afresh.

The list is a `generator.cache` entry stamped with the code of generator/data/ and
generator/markup/: any change to a check there scans every body once again.
"""

from __future__ import annotations

from pathlib import Path

from generator.cache import Passed, cache_dir, code_stamp

NAME = "clean-bodies.json"


class CleanBodies(Passed):
    """Digests of body texts found clean under one size limit, from the last run and this."""

    def __init__(self, root: Path | None, max_chars: int) -> None:
        folder = cache_dir(root, "validate") if root is not None else None
        # The size limit is part of the verdict: another limit checks every text again.
        stamp = code_stamp(
            "generator.data", "generator.markup", extra=(f"body_chars={max_chars}",), version=1
        )
        super().__init__(folder, NAME, stamp)
