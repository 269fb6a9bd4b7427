"""Render time and size of PDF editions (the official edition) on the sample project.

    .venv/bin/python bench/pdf_editions.py [--root .] [--as-of 2026-11-25] [--count 4]

Renders the newest published issues in this process (after one warm-up render, so imports
and the font load are not counted), and prints per edition: entries, pages, seconds, KB,
the size of each embedded font subset, and what the edition's own font subset cost
(`fonts.subset_bytes`, made before WeasyPrint runs: its milliseconds, glyphs and KB).
Stores nothing. Not a test: it measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    """Measure and print; return the exit status."""
    import pikepdf
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    from generator.data.embargo import published
    from generator.data.validate import validate_project
    from generator.gazette import fonts, pdf
    from generator.models import BuildContext

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 25))
    parser.add_argument("--count", type=int, default=4)
    args = parser.parse_args(argv)
    dataset, problems = validate_project(args.root)
    if problems or dataset is None:
        print("the project does not validate", file=sys.stderr)
        return 1
    ctx = BuildContext(
        args.root, args.as_of, published(dataset, args.as_of), "https://g/", Path("/dev/null")
    )
    shared = pdf.shared_parts(ctx)
    issues = pdf.issues(ctx.dataset)
    pdf.render_pdf(**pdf.render_job(ctx, issues[-1], shared))  # warm-up
    for issue in issues[: args.count]:
        started = time.perf_counter()
        job = pdf.render_job(ctx, issue, shared)
        data = pdf.render_pdf(**job)
        seconds = time.perf_counter() - started
        chars = pdf.drawable_chars(job["html"])
        started = time.perf_counter()
        subset = fonts.subset_bytes(chars)
        subset_ms = (time.perf_counter() - started) * 1000
        glyphs = TTFont(io.BytesIO(subset), lazy=True)["maxp"].numGlyphs
        with pikepdf.open(io.BytesIO(data)) as document:
            embedded = {
                str(font.BaseFont).split("+")[-1]: round(
                    len(
                        (
                            font.DescendantFonts[0].FontDescriptor.get("/FontFile3") or b""
                        ).read_raw_bytes()
                    )
                    / 1024
                )
                for page in document.pages
                for font in page.Resources.Font.values()
            }
        pages = len(PdfReader(io.BytesIO(data)).pages)
        print(
            f"{issue['issue_id']}: {len(issue['entries'])} entries, {pages} pages, "
            f"{seconds:.2f} s, {len(data) / 1024:.0f} KB (font subsets KB: {embedded}); "
            f"own subset {subset_ms:.0f} ms, {glyphs} glyphs, {len(subset) / 1024:.0f} KB"
        )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
