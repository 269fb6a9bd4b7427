"""Hand-written content may not take a generated page's address (issue 22): a forged
`content/zh/gazette/<vol>/<nn>/<entry>/index.md` replaced the entry page when the cache was
warm, and `verify --site-dir` passed. Now the build refuses it, exit 1, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Refused
from generator.site import shadow

BUILD = ("build", "--as-of", "2026-11-25", "--quiet")
ENTRY = "gazette/113/03/113-03-001/index.md"
FORGED = "# 偽造的公報內容\n\n此段文字不是資料產生的。\n"


def test_addresses_follow_mkdocs_directory_urls() -> None:
    assert shadow.address(ENTRY) == "gazette/113/03/113-03-001/index.html"
    assert shadow.address("gazette/113/03/113-03-001.md") == "gazette/113/03/113-03-001/index.html"
    assert shadow.address("gazette/113/03/113-03-001/README.md") == (
        "gazette/113/03/113-03-001/index.html"
    )
    assert shadow.address("index.md") == "index.html"
    assert shadow.address("gazette/feed.xml") == "gazette/feed.xml"


@pytest.mark.parametrize(
    "rel",
    [ENTRY, "gazette/113/03/113-03-001.md", "gazette/113/03/113-03-001/index.html"],
)
def test_a_content_file_at_a_page_address_is_refused(rel: str) -> None:
    with pytest.raises(Refused) as raised:
        shadow.check_pages("zh-TW", [rel, "about/index.md"], [ENTRY, "index.md"])
    assert [(p.path, p.line, p.field, p.code) for p in raised.value.problems] == [
        (f"content/zh/{rel}", None, "", "content-shadows-page")
    ]
    shadow.check_pages("zh-TW", ["about/index.md", "gazette/notes.md"], [ENTRY, "index.md"])


def test_a_hand_written_file_overwritten_by_a_writer_is_refused(tmp_path: Path) -> None:
    root, staged = tmp_path / "p", tmp_path / "staged"
    (root / "content/en/gazette").mkdir(parents=True)
    (root / "content/en/gazette/manifest.json").write_text("{}", encoding="utf-8")
    (staged / "en/gazette").mkdir(parents=True)
    (staged / "en/gazette/manifest.json").write_text("{}", encoding="utf-8")
    shadow.check_files(root, staged)  # MkDocs' copy, untouched
    (staged / "en/gazette/manifest.json").write_text('{"issues": []}', encoding="utf-8")
    with pytest.raises(Refused) as raised:
        shadow.check_files(root, staged)
    assert [(p.path, p.code) for p in raised.value.problems] == [
        ("content/en/gazette/manifest.json", "content-shadows-page")
    ]


@pytest.mark.slow  # two builds of the mini project
def test_a_forged_entry_page_is_refused_with_a_warm_cache(
    mini_project, run_cli, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, _, err = run_cli(*BUILD, "--root", mini_project.root, "--site-dir", site)
    assert code == 0, err
    page = site / "gazette/113/03/113-03-001/index.html"
    before = page.read_bytes()
    forged = mini_project.write_text(f"content/zh/{ENTRY}", FORGED)
    code, out, err = run_cli(
        *BUILD, "--root", mini_project.root, "--site-dir", site, "--format", "json"
    )
    assert code == 1, err
    assert '"code": "content-shadows-page"' in out and f"content/zh/{ENTRY}" in out
    assert page.read_bytes() == before  # the live site is untouched
    forged.unlink()  # and nothing of the forgery stayed in the cache
    code, _, err = run_cli(*BUILD, "--root", mini_project.root, "--site-dir", site)
    assert code == 0, err
    assert "偽造" not in page.read_text(encoding="utf-8")
    code, _, err = run_cli("verify", "--root", mini_project.root, "--site-dir", site)
    assert code == 0, err
