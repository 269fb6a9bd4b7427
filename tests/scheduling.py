"""How `make test` and `make test-fast` split the tests between pytest-xdist workers.

`--dist loadgroup` sends work in units (tests/conftest.py's scheduler): one unit per test
module, so a module-scoped fixture is made once per run, not once per worker; and one unit
for all of tests/browser/, which shares one Chromium and one served site.
"""

from __future__ import annotations

BROWSER = "tests/browser"


def work_unit(nodeid: str) -> str:
    """Return the unit a test goes out in: its module, or tests/browser for a browser test.

    An id that still ends in `@group` (what pytest-xdist's `xdist_group` mark should give,
    xdist #1386) keeps its group.
    """
    if nodeid.startswith(BROWSER + "/"):
        return BROWSER
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.split("@")[-1]
    return nodeid.split("::", 1)[0]
