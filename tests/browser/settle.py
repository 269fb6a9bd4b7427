"""Wait until a page that has loaded is in the state a reader sees, without idling for nothing.

`wait_for_load_state("networkidle")` waits for half a second without a request after the
last one, on every page: 20 s of a run's axe checks alone. On this site only the search page
keeps working after `load` (search-page.js fetches the bundle's metadata and then enables or
hides the older-volumes choice); Material mounts its components (tables wrapped, tabs, the
header) on DOMContentLoaded, before `load`. Checked over one page of every template: the
DOM at `load` plus two frames equals the DOM after network idle everywhere but the search page.
"""

from __future__ import annotations

from playwright.sync_api import Page

# Pages whose own script fetches after `load`: they still wait for the network to be quiet.
FETCHES_AFTER_LOAD = "#gz-find-results"
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def settle(page: Page) -> None:
    """Return once the page has loaded, painted, and finished what its scripts fetch."""
    page.wait_for_load_state("load")
    if page.locator(FETCHES_AFTER_LOAD).count():
        page.wait_for_load_state("networkidle")
    page.evaluate(TWO_FRAMES)
