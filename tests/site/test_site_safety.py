"""A build cannot be abused or half-done: payloads in data stay inert, a failed build keeps
the old site byte for byte, two builds are identical, a missing root is a usage error."""

from __future__ import annotations

import datetime as dt
import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_fixture import AS_OF, copy_project

from generator.commands.build import build

PAYLOAD = (
    "</title><script>alert('x')</script> <img src=x onerror=alert(1)> <svg onload=alert(2)> "
    "[click](javascript:alert(3)) ![i](https://evil.example/i.png) <https://evil.example/> "
    "&lt;b&gt; {{ 7*7 }} {% if true %}"
)


class Audit(HTMLParser):
    """Record scripts, event-handler attributes, javascript: URLs and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []  # src or inline code of every script
        self._in_script = False
        self.handlers: list[tuple[str, str]] = []
        self.js_urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "")
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if (
                value
                and value.strip().lower().startswith("javascript:")
                and name != "data-clipboard-text"
            ):
                self.js_urls.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def audit(path: Path) -> Audit:
    """Return the audit of one built page."""
    found = Audit()
    found.feed(path.read_text(encoding="utf-8"))
    return found


def tree_hashes(folder: Path) -> dict[str, str]:
    """Return every file's SHA-256 under `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow  # a whole-site build of the mini project
def test_payloads_in_a_cell_and_a_body_stay_visible_text(mini_project, tmp_path: Path) -> None:
    first = mini_project.records("gazette_entries")[1]
    mini_project.set_cell("gazette_entries", first[0], "title_zh", PAYLOAD)
    body = mini_project.read_rows("gazette_entries")[0]["body_zh"]
    mini_project.write_text(f"datasets/{body}", f"全文 {PAYLOAD}\n")
    site = tmp_path / "site"
    build(mini_project.root, site_dir=site, as_of=AS_OF, progress=False)
    entry_id = mini_project.read_rows("gazette_entries")[0]["entry_id"]
    volume, number, _ = entry_id.split("-")
    page = site / f"gazette/{int(volume)}/{number}/{entry_id}/index.html"
    for checked in (
        page,
        site / f"gazette/{int(volume)}/{number}/index.html",
        site / "en" / page.relative_to(site),
    ):
        found = audit(checked)
        assert not [s for s in found.scripts if "alert" in s or "evil" in s]
        assert found.handlers == []
        assert found.js_urls == []
        if "/en/" not in checked.as_posix():  # the English twin shows the English title
            assert PAYLOAD.split(" <img")[0] in "".join(found.text)
    text = "".join(audit(page).text)
    assert "全文 " + PAYLOAD in text  # the body, shown as typed
    assert text.count(PAYLOAD) >= 3  # and the title: <title>, header and h1


@pytest.mark.slow  # a whole-site build of the mini project
def test_a_failed_build_keeps_the_old_site_and_exits_1(
    mini_project, run_cli, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert (
        run_cli(
            "build",
            "--root",
            mini_project.root,
            "--site-dir",
            site,
            "--as-of",
            "2026-11-25",
            "--quiet",
        )[0]
        == 0
    )
    before = tree_hashes(site)
    line = mini_project.records("gazette_issues")[1][0]
    mini_project.set_cell("gazette_issues", line, "volume", "one hundred")
    code, _, err = run_cli(
        "build", "--root", mini_project.root, "--site-dir", site, "--as-of", "2026-11-25"
    )
    assert code == 1
    assert f"gazette_issues.csv:{line}:volume:" in err
    assert tree_hashes(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "site"]  # no staging left


def test_a_missing_root_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli("build", "--root", tmp_path / "nowhere", "--site-dir", tmp_path / "s")
    assert code == 2
    assert "nowhere" in err
    assert not (tmp_path / "s").exists()


def test_two_builds_of_the_same_input_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(copy_project(tmp_path / "project"), site_dir=again, as_of=AS_OF, progress=False)
    first, second = tree_hashes(built_site), tree_hashes(again)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []


def test_the_default_cut_off_is_today_in_taipei() -> None:
    from generator.commands.build import today

    assert abs((today() - dt.date.today()).days) <= 1
