"""`gazette init`: a new city's project that validates (and, in the slow tests, builds) at once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from test_workflows_lint import actionlint

from generator.commands.init import SCAFFOLD
from generator.config import load_config
from generator.data.validate import validate_project

REPO = Path(__file__).resolve().parents[2]
TAICHUNG = ("--name", "臺中市政府公報", "--name-en", "Taichung City Government Gazette")
KAOHSIUNG = ("--name", "高雄市政府公報", "--name-en", "Kaohsiung City Government Gazette")


def test_a_twice_weekly_city_validates_at_once(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "kaohsiung"
    code, out, err = run_cli("init", root, *KAOHSIUNG, "--schedule", "weekly:tue,fri")
    assert code == 0, err
    assert "gazette new-issue" in out and "gazette build" in out
    assert validate_project(root)[1] == []
    config = load_config(root)
    assert config.name.get("zh-TW") == "高雄市政府公報"
    assert (config.calendar, config.number_digits) == ("weekly:tue,fri", 3)
    agencies = (root / "datasets/agencies.csv").read_text(encoding="utf-8").splitlines()
    assert agencies[1].startswith("secretariat,高雄市政府秘書處,")
    for name in ("gazette_issues", "gazette_entries", "gifts", "procurement_prices"):
        assert len((root / f"datasets/{name}.csv").read_text("utf-8").splitlines()) == 1
    for lang, city in (("zh", "高雄市政府"), ("en", "Kaohsiung City Government")):
        for page in ("about", "license", "accessibility", "contact"):
            assert city in (root / f"content/{lang}/{page}.md").read_text("utf-8"), (lang, page)
    assert "高雄市政府公報" in (root / "README.md").read_text("utf-8")
    descriptor = yaml.safe_load((root / "datasets/datapackage.yaml").read_text("utf-8"))
    issues = next(r for r in descriptor["resources"] if r["name"] == "gazette_issues")
    assert issues["update_frequency"] == "semiweekly" and "每週二及週五" in issues["description"]


def test_a_15th_and_30th_city_and_its_workflows(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "taichung"
    url = "https://gazette.taichung.example.gov.tw"
    assert run_cli("init", root, *TAICHUNG, "--schedule", "monthly:15,30", "--url", url)[0] == 0
    assert load_config(root).site_url == url + "/"
    assert load_config(root).number_digits == 2
    workflows = sorted(str(p) for p in (root / ".github/workflows").glob("*.yml"))
    assert [Path(p).name for p in workflows] == ["publish.yml", "validate.yml"]
    done = subprocess.run(
        [actionlint(), "-no-color", *workflows], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    publish = root / ".github/workflows/publish.yml"
    assert publish.read_bytes() == (REPO / ".github/workflows/publish.yml").read_bytes()


def test_a_non_empty_folder_is_refused(run_cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run_cli("init", tmp_path, *TAICHUNG, "--lang", "en")
    assert code == 1 and "not empty" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_used(run_cli, tmp_path: Path) -> None:
    assert run_cli("init", tmp_path, *TAICHUNG)[0] == 0
    assert (tmp_path / "gazette.yaml").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ("--name", "<b>公報</b>"),
        ("--name", "=HYPERLINK(1)"),
        ("--name", "公報", "--schedule", "fortnightly"),
        ("--name", "公報", "--url", "javascript:alert(1)"),
        ("--name", "公報", "--sample", "--schedule", "weekly:mon"),
    ],
)
def test_bad_options_are_usage_errors(run_cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    code, _, err = run_cli("init", tmp_path / "x", *args)
    assert code == 2 and err
    assert not (tmp_path / "x").exists()


def test_sample_copies_the_sample_data(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "s"
    assert run_cli("init", root, *TAICHUNG, "--sample")[0] == 0
    sample = REPO / "datasets/gazette_issues.csv"
    assert (root / "datasets/gazette_issues.csv").read_bytes() == sample.read_bytes()
    assert validate_project(root)[1] == []


def test_sample_copies_the_editions_its_chain_records(run_cli, tmp_path: Path) -> None:
    """The sample's manifest names editions by hash: a new project needs their files."""
    root = tmp_path / "s"
    assert run_cli("init", root, *TAICHUNG, "--sample")[0] == 0
    recorded = sorted(p.relative_to(REPO) for p in (REPO / "editions").rglob("*.pdf"))
    copied = sorted(p.relative_to(root) for p in (root / "editions").rglob("*.pdf"))
    assert copied == recorded and len(copied) == 72  # 46 originals, 26 reissues
    last = "editions/115/22.pdf"
    assert (root / last).read_bytes() == (REPO / last).read_bytes()
    code, _, err = run_cli("verify", "--root", root)
    assert code == 0, err


@pytest.mark.slow
def test_sample_project_builds_as_of_today(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "s"
    assert run_cli("init", root, *TAICHUNG, "--sample")[0] == 0
    site = tmp_path / "site"
    code, _, err = run_cli("build", "--root", root, "--site-dir", site, "--quiet")
    assert code == 0, err
    # 115-22 was reissued (更正版): its usual address serves the authoritative version,
    # and both versions are published beside it.
    folder = site / "gazette/115/22"
    reissued = (REPO / "editions/115/22-r1.pdf").read_bytes()
    assert (folder / "gazette-115-22.pdf").read_bytes() == reissued
    assert (folder / "gazette-115-22-r0.pdf").read_bytes() == (
        REPO / "editions/115/22.pdf"
    ).read_bytes()
    assert run_cli("verify", "--site-dir", site)[0] == 0


def test_scaffold_files_follow_the_repository() -> None:
    """The scaffold copies what the sample project has: keep them in step."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        assert (SCAFFOLD / name).read_bytes() == (REPO / name).read_bytes(), name
    for lang in ("zh", "en"):
        rel = f"content/{lang}/gazette/verify/index.md"
        assert (SCAFFOLD / rel).read_bytes() == (REPO / rel).read_bytes(), rel
    ours = yaml.safe_load((REPO / "datasets/datapackage.yaml").read_text("utf-8"))
    scaffold = yaml.safe_load((SCAFFOLD / "datapackage.yaml").read_text("utf-8"))
    assert [r["schema"] for r in scaffold["resources"]] == [r["schema"] for r in ours["resources"]]
    assert [r["path"] for r in scaffold["resources"]] == [r["path"] for r in ours["resources"]]


# --- whole builds (slow): a twice-weekly city with an extra issue, a 15th/30th city ------


def _built_text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


@pytest.mark.slow
def test_init_new_issue_build_twice_weekly_city(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "kaohsiung"
    assert run_cli("init", root, *KAOHSIUNG, "--schedule", "weekly:tue,fri")[0] == 0
    for args in (
        ("--date", "2026-01-02"),  # Friday: the first issue of volume 115
        (),  # Tuesday 01-06
        ("--extra", "--date", "2026-01-07"),  # 號外 on a Wednesday
        (),  # Friday 01-09
    ):
        code, out, err = run_cli("new-issue", "--root", root, *args)
        assert code == 0, err
    assert out.startswith("115-004 2026-01-09")
    site = tmp_path / "site"
    code, _, err = run_cli("build", "--root", root, "--site-dir", site, "--as-of", "2026-01-09")
    assert code == 0, err
    issue = _built_text(site, "gazette/115/003/index.html")  # the project's 3 digits
    assert "第115卷第3期（號外）" in issue
    assert "gazette-115-003.pdf" in issue
    assert (site / "gazette/115/003/gazette-115-003.pdf").is_file()
    assert not (site / "gazette/115/03").exists()
    home = _built_text(site, "index.html")
    assert "<title>高雄市政府秘書處 公報與公開資料</title>" in home
    assert 'href="https://gazette.example.gov.tw/en/"' in home  # hreflang from gazette.yaml
    archive = _built_text(site, "en/gazette/index.html")
    assert "Kaohsiung City Government Gazette" in archive and "every Tuesday and Friday" in archive
    assert run_cli("verify", "--site-dir", site)[0] == 0


@pytest.mark.slow
def test_init_new_issue_build_15th_and_30th_city(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "taichung"
    assert run_cli("init", root, *TAICHUNG, "--schedule", "monthly:15,30")[0] == 0
    assert run_cli("new-issue", "--root", root, "--date", "2026-01-30")[1].startswith("115-01")
    assert run_cli("new-issue", "--root", root)[1].startswith("115-02 2026-02-15")
    assert run_cli("new-issue", "--root", root)[1].startswith("115-03 2026-02-28")
    assert run_cli("new-issue", "--root", root)[1].startswith("115-04 2026-03-15")
    site = tmp_path / "site"
    code, _, err = run_cli("build", "--root", root, "--site-dir", site, "--as-of", "2026-02-28")
    assert code == 0, err
    archive = _built_text(site, "gazette/index.html")
    assert "臺中市政府公報" in archive and "每月15日及30日" in archive
    assert "2026-02-28" in _built_text(site, "gazette/115/03/index.html") or "115年2月28日" in (
        _built_text(site, "gazette/115/03/index.html")
    )
    assert not (site / "gazette/115/04").exists()  # dated after --as-of
    assert run_cli("verify", "--site-dir", site)[0] == 0


def test_a_project_with_no_issue_renders_pages_that_say_so(run_cli, tmp_path: Path) -> None:
    import datetime as dt

    from generator.data.embargo import published
    from generator.models import BuildContext
    from generator.site.render import render_site
    from generator.site.reuse import Workspace

    root = tmp_path / "taichung"
    assert run_cli("init", root, *TAICHUNG, "--schedule", "monthly:15,30")[0] == 0
    dataset, problems = validate_project(root)
    assert problems == []
    as_of = dt.date(2026, 1, 1)
    ctx = BuildContext(root, as_of, published(dataset, as_of), "https://x.test/", tmp_path / "o")
    render_site(ctx, Workspace(tmp_path / "work"))
    docs = tmp_path / "work" / "docs"
    archive = (docs / "zh/gazette/index.md").read_text(encoding="utf-8")
    assert "目前尚無已出刊之公報" in archive and "每月15日及30日" in archive
    home = (docs / "en/index.md").read_text(encoding="utf-8")
    assert "No gazette issue has been published yet" in home
