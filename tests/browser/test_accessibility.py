"""axe-core finds no WCAG 2.1 A/AA violation on one page of every template, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser.axe import axe_violations, describe
from browser.settle import settle
from browser.templates import LANGS, TEMPLATES


@pytest.mark.parametrize("lang", list(LANGS))
@pytest.mark.parametrize("template", list(TEMPLATES))
def test_page_has_no_axe_violation(page: Page, sample: dict, template: str, lang: str):
    path = sample[(template, lang)]
    assert path is not None, f"the sample site has no {template} page in {lang}"
    page.goto(path)
    settle(page)  # Material wraps tables; the search page fetches its bundle
    violations = axe_violations(page)
    if violations:
        pytest.fail(describe(path or "/", violations), pytrace=False)
