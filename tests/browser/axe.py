"""Run axe-core (from npm) inside a loaded page and format its violations for a person."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[dict]:
    """Inject axe-core into the loaded page, run the WCAG 2.1 A/AA rules, return violations."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} missing: run scripts/install-system-deps.sh")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes:"
        " ['violations']}).then(r => r.violations)",
        WCAG_TAGS,
    )


def describe(url: str, violations: list[dict]) -> str:
    """Return the violations as lines: rule id, impact, help, then target and HTML per node."""
    lines = []
    for violation in violations:
        lines.append(f"{url}: {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    target {node['target']}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more nodes")
    return "\n".join(lines)
