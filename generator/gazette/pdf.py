"""The printed (PDF) edition of each published issue (an artifact writer).

`gazette/<volume>/<number:02d>/gazette-<volume>-<number:02d>.pdf`, in Chinese: a cover with
volume, number and ROC date, a table of contents with page numbers, then every entry with
its document number, grouped by category. Rendered by WeasyPrint from
`templates/pdf/issue.html.j2` (overridable in `overrides/templates/pdf/`).

Published issues never change, so a publish-day build must not re-render the archive:
each PDF is cached under `ROOT/.cache/pdf/<sha256 of its HTML, font and renderer>.pdf`
(or `$GAZETTE_PDF_CACHE`) and copied from there; the rest render in parallel processes.
Bytes are reproducible: no dates in the metadata and a fixed PDF identifier.

Chinese needs a CJK font. The writer looks for one installed in the system (Debian's
`fonts-noto-cjk`, see scripts/install-system-deps.sh), then for the PyPI package
`noto-cjk-sans-otc`. Without either, or without WeasyPrint's system libraries (Pango),
the build still succeeds and says on stderr what the PDFs lack or why they are missing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from generator.gazette import schedule
from generator.gazette.feeds import pdf_path
from generator.gazette.pages import agencies, category_order, issues
from generator.models import BuildContext
from generator.site.escape import body_html
from generator.site.render import environment

TEMPLATE = "pdf/issue.html.j2"
RENDERER_VERSION = "1"  # bump to invalidate every cached PDF after a layout change
# Traditional-Chinese faces first; Simplified or pan-CJK ones still beat missing glyphs.
CJK_FAMILIES = (
    "Noto Serif CJK TC",
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Source Han Serif TC",
    "AR PL UMing TW",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
)
BUNDLED_FAMILY = "Gazette CJK"
MAX_WORKERS = 2


def warn(text: str) -> None:
    """Tell the person running the build about a degraded PDF edition."""
    print(f"gazette build: warning: {text}", file=sys.stderr)


@functools.lru_cache(maxsize=1)
def installed_cjk_families() -> tuple[str, ...]:
    """Return the CJK font families fontconfig knows, in our order of preference."""
    if shutil.which("fc-list") is None:
        return ()
    done = subprocess.run(
        ["fc-list", ":lang=zh-tw", "family"], capture_output=True, text=True, check=False
    )
    known = {name.strip() for line in done.stdout.splitlines() for name in line.split(",")}
    return tuple(family for family in CJK_FAMILIES if family in known)


def bundled_font() -> Path | None:
    """Return the CJK font file shipped by the optional PyPI package, if it is installed."""
    try:
        from noto_cjk_sans_otc import FONT_PATH  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(str(FONT_PATH))
    return path if path.is_file() else None


def font_css() -> tuple[str, str, str | None]:
    """Return (@font-face rules, font-family value, warning or None) for the PDFs."""
    families = installed_cjk_families()
    if families:
        return "", ", ".join(f'"{f}"' for f in families) + ", serif", None
    bundled = bundled_font()
    if bundled is not None:
        face = f'@font-face {{ font-family: "{BUNDLED_FAMILY}"; src: url("{bundled.as_uri()}"); }}'
        return face, f'"{BUNDLED_FAMILY}", serif', None
    return (
        "",
        "serif",
        (
            "no CJK font found: the PDF editions will show boxes instead of Chinese text. "
            "Install Debian's fonts-noto-cjk (scripts/install-system-deps.sh) or "
            "`pip install noto-cjk-sans-otc`."
        ),
    )


def weasyprint_problem() -> str | None:
    """Return why WeasyPrint cannot run here, or None when it can."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        return f"WeasyPrint cannot run ({type(error).__name__}: {error}); no PDF editions."
    return None


def _roc(value: Any) -> str:
    """Return a date as the gazette prints it."""
    return schedule.roc_date_zh(value) if value else ""


def shared_parts(ctx: BuildContext) -> tuple[dict[str, dict[str, Any]], list[str], Any]:
    """Return what every issue's HTML shares: agencies by id, category order, template."""
    template = environment(ctx.root).get_template(TEMPLATE)
    return agencies(ctx.dataset), category_order(ctx.dataset), template


def issue_html(
    ctx: BuildContext,
    issue: dict[str, Any],
    face: str,
    family: str,
    shared: tuple[dict[str, dict[str, Any]], list[str], Any] | None = None,
) -> str:
    """Return the HTML of one issue's printed edition."""
    agency, order, template = shared or shared_parts(ctx)
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in issue["entries"]:
        text = _body_text(ctx.root, entry.get("body_zh"))
        groups.setdefault(entry["category"], []).append(
            {
                **entry,
                "body": body_html(text) if text else "",
                "signed_roc": _roc(entry.get("signed_date")),
                "agency": (agency.get(entry["agency_id"]) or {}).get("name_zh", entry["agency_id"]),
            }
        )
    rank = {name: i for i, name in enumerate(order)}
    names = sorted(groups, key=lambda n: (rank.get(n, len(rank)), n))
    volume, number = int(issue["volume"]), int(issue["number"])
    publisher = (agency.get(issue["publisher_id"]) or {}).get("name_zh", issue["publisher_id"])
    return template.render(
        issue=issue,
        groups=[{"category": n, "entries": groups[n]} for n in names],
        roc_date=_roc(issue["publication_date"]),
        publisher=publisher,
        url=f"{ctx.site_url}gazette/{volume}/{number:02d}/",
        font_face=face,
        font_family=family,
    )


def _body_text(root: Path, rel: str | None) -> str | None:
    """Return an entry body's Markdown, or None when there is none."""
    path = root / "datasets" / rel if rel else None
    return path.read_text(encoding="utf-8") if path and path.is_file() else None


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Fetch nothing but local font files: a build must not depend on the network."""
    if url.startswith("file:") and url.lower().endswith((".ttc", ".otf", ".ttf")):
        from weasyprint import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"external resource not fetched: {url[:80]}")


def render_pdf(html: str, identifier: str) -> bytes:
    """Return the PDF bytes of an HTML document (runs in a worker process)."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_refuse_fetch, base_url=".")
    return document.write_pdf(pdf_identifier=identifier.encode()[:32], uncompressed_pdf=False)


def cache_dir(root: Path) -> Path:
    """Return the folder that keeps rendered PDFs between builds."""
    return Path(os.environ.get("GAZETTE_PDF_CACHE") or root / ".cache" / "pdf")


def cache_key(html: str) -> str:
    """Return the cache key of a PDF: its HTML (fonts included) and the renderer."""
    import weasyprint

    stamp = f"{RENDERER_VERSION}\0{weasyprint.__version__}\0{html}"
    return hashlib.sha256(stamp.encode()).hexdigest()


def code_stamp() -> str:
    """Return a digest of the code and libraries that turn an issue's data into HTML."""
    import jinja2
    import markdown
    import nh3
    import weasyprint

    here = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for name in ("gazette/pdf.py", "site/escape.py", "gazette/schedule.py"):
        digest.update((here / name).read_bytes())
    for module in (jinja2, markdown, nh3, weasyprint):
        digest.update(f"\0{getattr(module, '__version__', '')}".encode())
    return digest.hexdigest()


def source_key(
    ctx: BuildContext,
    issue: dict[str, Any],
    shared: tuple[dict[str, dict[str, Any]], list[str], Any],
    stamp: str,
) -> str:
    """Return a digest of everything an issue's HTML is made from, without rendering it.

    The issue's fields, its entries with their body texts, the agencies they name, the
    category order, the site URL, the fonts, the template source and the code stamp.
    """
    agency, order, template = shared
    names = {issue["publisher_id"]} | {e["agency_id"] for e in issue["entries"]}
    inputs = {
        "issue": {k: v for k, v in issue.items() if k != "entries"},
        "entries": [
            {**e, "body_text": _body_text(ctx.root, e.get("body_zh"))} for e in issue["entries"]
        ],
        "agencies": {n: (agency.get(n) or {}).get("name_zh") for n in sorted(names, key=str)},
        "order": order,
        "url": ctx.site_url,
        "template": template.environment.loader.get_source(template.environment, TEMPLATE)[0],
        "stamp": stamp,
    }
    text = json.dumps(inputs, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def write(ctx: BuildContext) -> None:
    """Write the PDF edition of every published issue, reusing cached ones.

    A published issue never changes, so on a publish day nearly every issue is a cache
    hit: a small pointer file maps the digest of the issue's inputs to its PDF's HTML key,
    which spares rendering the Markdown bodies and the template of unchanged issues.
    """
    problem = weasyprint_problem()
    if problem:
        warn(problem)
        return
    face, family, font_warning = font_css()
    if font_warning:
        warn(font_warning)
    cache = cache_dir(ctx.root)
    cache.mkdir(parents=True, exist_ok=True)
    shared = shared_parts(ctx)
    stamp = code_stamp() + f"\0{face}\0{family}"
    todo: dict[str, tuple[str, str]] = {}
    targets: list[tuple[Path, Path]] = []
    pointers: dict[Path, str] = {}
    for issue in issues(ctx.dataset):
        pointer = cache / f"src-{source_key(ctx, issue, shared, stamp)}.key"
        key = pointer.read_text(encoding="ascii").strip() if pointer.is_file() else ""
        if not key or not (cache / f"{key}.pdf").is_file():
            html = issue_html(ctx, issue, face, family, shared)
            key = cache_key(html)
            pointers[pointer] = key
            if not (cache / f"{key}.pdf").is_file():
                todo[key] = (html, f"gazette-{issue['issue_id']}")
        target = ctx.out / pdf_path(issue["volume"], issue["number"])
        targets.append((cache / f"{key}.pdf", target))
    _render_missing(todo, cache)
    for pointer, key in pointers.items():
        tmp = pointer.with_name(f".{pointer.name}.{os.getpid()}.tmp")
        tmp.write_text(key, encoding="ascii")
        os.replace(tmp, pointer)  # written only after its PDF is in the cache
    for cached, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)


def _render_missing(todo: dict[str, tuple[str, str]], cache: Path) -> None:
    """Render the PDFs not in the cache, in parallel, and store them there."""
    if not todo:
        return
    workers = min(MAX_WORKERS, len(todo))
    # Spawned, not forked: workers need WeasyPrint, not a copy of the build's dataset.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
        futures = {key: pool.submit(render_pdf, *job) for key, job in todo.items()}
        for key, future in futures.items():
            tmp = cache / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(future.result())
            os.replace(tmp, cache / f"{key}.pdf")  # never leave a half-written cache file
