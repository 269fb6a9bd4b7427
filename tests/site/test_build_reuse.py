"""A build that reuses the last one's work publishes exactly what a build from scratch does.

The publish-day build (generator/reuse.py) renders only pages whose inputs changed and lets
MkDocs rebuild only pages whose Markdown changed. These tests play publish days on the mini
project, one of them a corrigendum that changes an older entry's page and one the first
issue of a new volume (a new year in the nav), and compare every byte of the site with a
build from an empty workspace.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Project

from generator.errors import DataInvalid
from generator.models import Problem
from generator.site import publish, reuse
from generator.site.mkdocs_hooks import drop_blank_lines

Run = Callable[..., tuple[int, str, str]]


def tree(site: Path) -> dict[str, bytes]:
    """Return every file of a site by relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build(run_cli: Run, root: Path, site: Path, as_of: str) -> str:
    """Build `root` into `site` as of a date; return the progress output."""
    code, out, err = run_cli("build", "--root", root, "--site-dir", site, "--as-of", as_of)
    assert code == 0, out + err
    return err


def rendered(progress: str) -> tuple[int, int]:
    """Return how many pages the build rendered, and how many it has, from its progress."""
    found = re.search(r"zh-TW (\d+) pages, en (\d+) pages \((\d+) rendered\)", progress)
    assert found, progress
    return int(found.group(3)), int(found.group(1)) + int(found.group(2))


def same_as_fresh(
    run_cli: Run,
    root: Path,
    site: Path,
    as_of: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Assert a build from an empty workspace gives `site` byte for byte."""
    fresh = tmp_path / f"fresh-{as_of}"
    with monkeypatch.context() as patch:
        patch.setenv("GAZETTE_BUILD_CACHE", str(tmp_path / f"empty-cache-{as_of}"))
        build(run_cli, root, fresh, as_of)
    reused, scratch = tree(site), tree(fresh)
    assert sorted(reused) == sorted(scratch)
    differing = [rel for rel in sorted(reused) if reused[rel] != scratch[rel]]
    assert differing == []


def add_issue_in_new_volume(root: Path) -> None:
    """Append issue 114-01 (2025-01-15) with one announcement to the mini project."""
    datasets = root / "datasets"
    with (datasets / "gazette_issues.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "114-01,114,1,2025-01-15,市政府公報114年第1期,City Gazette Vol. 114 No. 1,"
            "secretariat,,\n"  # gpn and extra empty
        )
    with (datasets / "gazette_entries.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "114-01-001,114-01,公告,secretariat,府秘文字第1140000001號,2025-01-10,"
            "公告新年度上班時間,New office hours,entries/114-01-001.zh.md,,\n"
        )
    (datasets / "entries" / "114-01-001.zh.md").write_text(
        "自一月起，本府上班時間維持不變。\n", encoding="utf-8"
    )


@pytest.mark.slow  # whole-site builds of the mini project
def test_publish_days_reuse_work_and_match_a_fresh_build(
    mini_project: Project, run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, site = mini_project.root, tmp_path / "site"
    first = build(run_cli, root, site, "2024-01-31")
    assert "(zh-TW all, en all)" in first

    # Issue 3 is a corrigendum: the page of the entry it corrects (issue 1) gains a link.
    before = (site / "gazette/113/01/113-01-001/index.html").read_bytes()
    document = (site / "gazette/113/01/113-01-001/index.json").read_bytes()
    day = build(run_cli, root, site, "2024-02-15")
    assert "(zh-TW changed pages, en changed pages)" in day
    # The API documents the day left alone are the replaced site's files, linked;
    # the corrected entry's gains its `corrected_by`.
    unchanged = re.search(r"\((\d+) files unchanged\)", day)
    assert unchanged and int(unchanged.group(1)) > 0, day
    assert (site / "gazette/113/01/113-01-001/index.json").read_bytes() != document
    assert rendered(first)[0] == rendered(first)[1]
    done, total = rendered(day)
    assert 0 < done < total
    assert (site / "gazette/113/01/113-01-001/index.html").read_bytes() != before
    same_as_fresh(run_cli, root, site, "2024-02-15", tmp_path, monkeypatch)

    # A new volume adds a year to the nav: still a build of the changed pages.
    add_issue_in_new_volume(root)
    year = build(run_cli, root, site, "2025-01-15")
    assert "(zh-TW changed pages, en changed pages)" in year
    assert (site / "gazette/114/01/114-01-001/index.html").is_file()
    same_as_fresh(run_cli, root, site, "2025-01-15", tmp_path, monkeypatch)


@pytest.mark.slow  # whole-site builds of the mini project
def test_a_failed_build_leaves_no_state_to_trust(
    mini_project: Project, run_cli: Run, tmp_path: Path
) -> None:
    root, site = mini_project.root, tmp_path / "site"
    build(run_cli, root, site, "2024-02-15")
    state = root / ".cache" / "build" / "state.json"
    assert state.is_file()
    (root / "datasets" / "gazette_issues.csv").write_text("broken", encoding="utf-8")
    code, _, _ = run_cli("build", "--root", root, "--site-dir", site, "--as-of", "2024-02-15")
    assert code == 1
    # Validation failed before the workspace was taken: the state is still the good one.
    assert state.is_file()


@pytest.mark.slow  # whole-site builds of the mini project
def test_changed_templates_render_every_page_again(
    mini_project: Project, run_cli: Run, tmp_path: Path
) -> None:
    root, site = mini_project.root, tmp_path / "site"
    build(run_cli, root, site, "2024-02-15")
    again = build(run_cli, root, site, "2024-02-15")
    assert rendered(again)[0] < rendered(again)[1]
    override = root / "overrides" / "templates" / "gazette" / "entry.md.j2"
    override.parent.mkdir(parents=True)
    source = Path(__file__).parents[2] / "generator/site/templates/gazette/entry.md.j2"
    override.write_text(source.read_text(encoding="utf-8") + "\nOVERRIDDEN\n", encoding="utf-8")
    changed = build(run_cli, root, site, "2024-02-15")
    assert rendered(changed)[0] == rendered(changed)[1]
    assert "OVERRIDDEN" in (site / "gazette/113/01/113-01-001/index.html").read_text("utf-8")


@pytest.mark.slow  # whole-site builds of the mini project
def test_a_build_failing_after_mkdocs_leaves_the_published_site_as_it_was(
    mini_project: Project, run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The site holds hard links to MkDocs' output in the workspace; the next build's MkDocs
    # rewrites some of those files (a corrigendum links back to the entry it corrects).
    root, site = mini_project.root, tmp_path / "site"
    build(run_cli, root, site, "2024-01-31")
    published = tree(site)

    def broken_writer(ctx: object) -> None:
        raise DataInvalid(
            [Problem.at("writer", None, "", "site-build-failed", lang="zh-TW", detail="x")]
        )

    monkeypatch.setattr("generator.site.publish.WRITERS", [*publish.WRITERS, broken_writer])
    code, _, _ = run_cli("build", "--root", root, "--site-dir", site, "--as-of", "2024-02-15")
    assert code == 1
    assert tree(site) == published
    monkeypatch.undo()
    build(run_cli, root, site, "2024-02-15")
    same_as_fresh(run_cli, root, site, "2024-02-15", tmp_path, monkeypatch)


def test_blank_lines_go_except_where_they_mean_something() -> None:
    html = "<nav>\n   \n\n  <a>x</a>\n</nav>\n<pre>a\n\nb</pre>\n \n<script>\n\n</script>"
    assert (
        drop_blank_lines(html)
        == "<nav>\n  <a>x</a>\n</nav>\n<pre>a\n\nb</pre>\n<script>\n\n</script>"
    )


@pytest.mark.slow  # whole-site builds of the mini project
def test_providers_of_unchanged_resources_are_not_called(
    mini_project: Project, run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.portal.pages import prices

    root, site = mini_project.root, tmp_path / "site"
    build(run_cli, root, site, "2024-03-01")  # the mini sample's price survey is out

    def refuse(*args: object) -> None:
        raise AssertionError("the price pages were assembled again")

    with monkeypatch.context() as patch:  # a publish day: no price row changed
        patch.setattr(prices, "items", refuse)
        build(run_cli, root, site, "2024-03-02")

    item = mini_project.read_rows("procurement_prices")[0]["item_id"]
    page = site / "prices" / item / "index.html"
    before = page.read_bytes()
    mini_project.set_cell("procurement_prices", 2, "unit", "打")
    build(run_cli, root, site, "2024-03-02")  # a price row changed: the pages are made again
    assert page.read_bytes() != before
    same_as_fresh(run_cli, root, site, "2024-03-02", tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "damage",
    [lambda b: b[:-5], lambda b: b.replace(b'"k"', b'"K"'), lambda b: b'{"version": 1}'],
    ids=["truncated", "tampered", "old-format"],
)
def test_a_damaged_state_is_not_trusted(tmp_path: Path, monkeypatch, damage) -> None:
    # state.json is a cache entry: damaged, tampered or of another format, it is a miss
    # (the build renders everything), never an error.
    monkeypatch.setenv("GAZETTE_BUILD_CACHE", str(tmp_path / "build"))
    with reuse.workspace(tmp_path) as space:
        assert space.state == {}
        space.save({"pages": {"zh-TW": {"k": "v"}}})
    with reuse.workspace(tmp_path) as space:
        assert space.page_keys("zh-TW") == {"k": "v"}
        space.save({"pages": {"zh-TW": {"k": "v"}}})
    state = tmp_path / "build" / "state.json"
    state.write_bytes(damage(state.read_bytes()))
    with reuse.workspace(tmp_path) as space:
        assert space.state == {}
    assert not state.exists()  # trusted again only after a build succeeds
