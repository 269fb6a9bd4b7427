"""How `make test` and `make test-fast` split the tests between pytest-xdist workers.

`--dist loadgroup` sends work in units (tests/conftest.py's scheduler): one unit per test
module, so a module-scoped fixture is made once per run, not once per worker. The browser
tests are module units too: as one unit (one Chromium for all) they ran 7 minutes on one
worker, longer than everything else on the other; each worker now starts its own Chromium
(about a second) and serves the one shared sample build.
"""

from __future__ import annotations


def work_unit(nodeid: str) -> str:
    """Return the unit a test goes out in: its module.

    An id that still ends in `@group` (what pytest-xdist's `xdist_group` mark should give,
    xdist #1386) keeps its group.
    """
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.split("@")[-1]
    return nodeid.split("::", 1)[0]
