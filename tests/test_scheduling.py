"""The xdist work units of `make test` and `make test-fast` (tests/scheduling.py)."""

from __future__ import annotations

import pytest
from scheduling import work_unit


@pytest.mark.parametrize(
    ("nodeid", "unit"),
    [
        ("tests/browser/test_reader.py::test_menu[phone]", "tests/browser/test_reader.py"),
        ("tests/browser/test_visitor.py::test_home", "tests/browser/test_visitor.py"),
        ("tests/site/test_search_segments.py::test_two_runs_write_the_same_bytes",
         "tests/site/test_search_segments.py"),
        ("tests/gazette/test_x.py::Suite::test_y", "tests/gazette/test_x.py"),
        ("tests/data/test_rules.py::test_rule[a@b.example]", "tests/data/test_rules.py"),
        ("tests/test_cli.py::test_x@pdf", "pdf"),
    ],
)  # fmt: skip
def test_a_module_is_one_unit(nodeid: str, unit: str) -> None:
    assert work_unit(nodeid) == unit
