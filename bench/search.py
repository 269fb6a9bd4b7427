"""Measure what one Pagefind search costs a visitor: bytes fetched from `pagefind/`.

Each query is measured as a reader types it (live, recent and prices bundles), then with
"also search older volumes" ticked, which fetches the archive bundle (`older_kb`, the whole
query's bytes then; None on a site without an archive). `sizes` has every file's bytes, so
what a bundle adds can be read off.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from browser.server import serve_site  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

TOGGLE = ".gz-search__toggle"  # the header search button (generator/site/theme)
SEARCH_INPUT = ".gz-search__input"  # the panel of theme/assets/search.js
RESULT = ".gz-search__result a"
OLDER = "#gz-search-older"  # "also search older volumes", shown when there is an archive


def search_bytes(site: Path, queries: dict[str, str]) -> dict[str, dict]:
    """Return, per query, the bytes and requests under pagefind/ a cold visitor downloads.

    `queries` maps a query to the page path it is typed on ('' for zh, 'en/' for English).
    Each query runs in a fresh browser context (empty cache), so the count includes the
    Pagefind script, its WebAssembly, the language's index chunks and the result fragments.
    """
    results = {}
    with serve_site(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query, start in queries.items():
            results[query] = _one_query(browser, base, start, query)
            results[query]["gzip_kb"] = _gzip_kb(site, results[query]["files"])
        browser.close()
    return results


def _gzip_kb(site: Path, paths: list[str]) -> float:
    """Return what the files would weigh from a host that gzips text (index files already are)."""
    total = 0
    for path in paths:
        data = (site / path.lstrip("/")).read_bytes()
        total += min(len(data), len(gzip.compress(data, 6)))
    return round(total / 1024, 1)


def _one_query(browser, base: str, start: str, query: str) -> dict:
    """Type one query on a fresh page; return the pagefind/ bytes and the result count."""
    context = browser.new_context(base_url=base)
    page = context.new_page()
    fetched: list[tuple[str, int]] = []

    def on_response(response) -> None:
        path = urlsplit(response.url).path
        if re.search(r"/pagefind(-[a-z]+(-[0-9]+)?)?/", path):  # the primary and merged bundles
            try:
                fetched.append((path, len(response.body())))
            except Exception:  # noqa: BLE001 - a redirect or aborted response has no body
                fetched.append((path, 0))

    page.on("response", on_response)
    page.goto(base + start)
    page.wait_for_load_state("networkidle")
    before = len(fetched)  # anything Pagefind preloads with the page counts too
    page.locator(TOGGLE).click()
    page.locator(SEARCH_INPUT).fill(query)
    page.locator(RESULT).first.wait_for(timeout=20_000)
    page.wait_for_load_state("networkidle")
    count = page.locator(RESULT).count()
    first = list(fetched)
    older_kb = None
    if page.locator(OLDER).is_visible():
        page.locator(OLDER).check()
        _settle(page, fetched)  # "networkidle" was reached once: it would not wait again
        older_kb = round(sum(size for _path, size in fetched) / 1024, 1)
    context.close()
    return {
        "kb": round(sum(size for _path, size in first) / 1024, 1),
        "requests": len(first),
        "preloaded_requests": before,
        "results_shown": count,
        "files": sorted({path for path, _size in first}),
        "sizes": dict(sorted(first)),
        "older_kb": older_kb,
    }


def _settle(page, fetched: list, quiet_ms: int = 1000, limit_ms: int = 20_000) -> None:
    """Wait until no new response has come for `quiet_ms` (at most `limit_ms`)."""
    waited, seen = 0, -1
    while waited < limit_ms and len(fetched) != seen:
        seen = len(fetched)
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms
