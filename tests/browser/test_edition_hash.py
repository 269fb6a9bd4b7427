"""The authoritative version is easy to check from an entry (issue 25), in Chromium at phone
and desktop widths, in both languages: an entry page shows its issue's edition SHA-256 and
links to how to check it; the verify page gives one command per operating system, and the
Linux one, run on the PDF the entry links to, prints the digest the entry shows.

Screenshots go to artifacts/edition-hash/ (gitignored; GAZETTE_ARTIFACTS moves it).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import site_fixture
from playwright.sync_api import Page

from browser.axe import axe_violations, describe

ARTIFACTS = site_fixture.ARTIFACTS / "edition-hash"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGS = [pytest.param("", id="zh"), pytest.param("en/", id="en")]
# The verify page's commands, for the example file it names (section #pdf-hash).
COMMANDS = {
    "pdf-hash-windows": "certutil -hashfile gazette-115-01.pdf SHA256",
    "pdf-hash-macos": "shasum -a 256 gazette-115-01.pdf",
    "pdf-hash-linux": "sha256sum gazette-115-01.pdf",
}


def entries_with_editions(site: Path, prefix: str) -> list[str]:
    """Return the URL paths of the first entry of each issue, plus one of a reissued issue."""
    root = site / prefix
    issues = sorted(root.glob("gazette/[0-9]*/[0-9][0-9]/index.html"))
    assert issues, "the site has no issue page"
    reissued = [i for i in issues if sorted(i.parent.glob("*-r1.pdf"))]
    picked = [issues[0], issues[-1]] + reissued[:1]
    paths = []
    for issue in picked:
        entries = sorted(issue.parent.glob("*-*-*/index.html"))
        if entries:
            paths.append(prefix + entries[0].parent.relative_to(root).as_posix() + "/")
    return paths


def fits(page: Page) -> bool:
    """Return whether the page has no horizontal scrolling at its viewport's width."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def name(prefix: str, viewport: dict[str, int]) -> str:
    """Return the screenshot suffix of a language and viewport."""
    return f"{prefix[:2] or 'zh'}-{'phone' if viewport is PHONE else 'desktop'}"


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_entry_shows_its_editions_hash_and_how_to_check_it(open_page, site, prefix, viewport):
    for at, path in enumerate(entries_with_editions(site, prefix)):
        page = open_page(viewport)
        page.goto(path)
        shown = page.locator("code.gz-hash")
        assert shown.count() == 1, f"{path}: no edition hash"
        digest = shown.inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", digest), f"{path}: {digest!r}"
        assert shown.is_visible() and fits(page), f"{path}: the hash widens the page"
        # The digest is that of the PDF the same page links to as the authoritative version.
        pdf = page.locator("a[href$='.pdf']").first.get_attribute("href")
        served = page.request.get(urljoin(page.url, pdf))
        assert served.ok, f"{path}: {pdf} is not served"
        assert hashlib.sha256(served.body()).hexdigest() == digest, f"{path}: {pdf}"
        # "How to check" leads to the verify page's PDF section, in the same language.
        how = page.locator("a[href*='verify/#pdf-hash']")
        assert how.count() == 1, f"{path}: no link to how to check the hash"
        how.click()
        page.wait_for_load_state()
        target = urlsplit(page.url)
        assert target.path == f"/{prefix}gazette/verify/" and target.fragment == "pdf-hash"
        assert page.locator("#pdf-hash").is_visible()
        if at == 0:
            page.goto(path)
            violations = axe_violations(page)
            assert violations == [], describe(path, violations)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"entry-{name(prefix, viewport)}.png")


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_verify_page_gives_one_command_per_operating_system(open_page, prefix, viewport):
    page = open_page(viewport)
    page.goto(f"{prefix}gazette/verify/")
    for anchor, command in COMMANDS.items():
        heading = page.locator(f"#{anchor}")
        assert heading.is_visible(), anchor
        # The command is the first code block after its operating system's heading.
        code = page.locator(f"#{anchor} ~ div pre, #{anchor} ~ pre").first
        assert code.inner_text().strip() == command, anchor
    assert fits(page), "the verify page scrolls sideways"
    violations = axe_violations(page)
    assert violations == [], describe(page.url, violations)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#pdf-hash").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"verify-{name(prefix, viewport)}.png")


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum on this machine")
def test_the_linux_command_prints_the_hash_an_entry_shows(open_page, site, tmp_path):
    path = entries_with_editions(site, "")[-1]
    page = open_page(DESKTOP)
    page.goto(path)
    digest = page.locator("code.gz-hash").inner_text().strip()
    pdf = page.locator("a[href$='.pdf']").first.get_attribute("href")
    saved = tmp_path / Path(urlsplit(pdf).path).name
    saved.write_bytes(page.request.get(urljoin(page.url, pdf)).body())
    command = COMMANDS["pdf-hash-linux"].replace("gazette-115-01.pdf", saved.name)
    printed = subprocess.run(
        command.split(), cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert printed.split()[0] == digest
