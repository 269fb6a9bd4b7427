"""A back-catalogue as a clerk brings it, end to end: an older volume with gaps, two issues
on one sitting day, dates exported as UTC time stamps; imported, built twice and verified."""

from __future__ import annotations

import pytest

from generator.gazette import manifest

EXPORT = (
    "期別,volume,number,publication_date,title_zh,publisher_id\n"
    "第101卷第50期,101,50,2012-07-31T16:00:00.000Z,立法院公報 第101卷第50期,secretariat\n"
    "第101卷第51期,101,51,2012-07-31T16:00:00.000Z,立法院公報 第101卷第51期,secretariat\n"
    "第101卷第53期,101,53,中華民國101年9月18日（星期二）上午10時9分,"
    "立法院公報 第101卷第53期,secretariat\n"
)


@pytest.mark.slow
def test_a_back_catalogue_imports_builds_twice_and_verifies(tmp_project, run_cli, tmp_path):
    root, site = tmp_project.root, tmp_path / "site"
    # As of the day the sample's last records were made (its reissues): a build as of an
    # earlier day would cut them out of the site's chain and re-link what follows.
    build = ("build", "--root", root, "--site-dir", site, "--as-of", "2026-12-07", "--quiet")
    assert run_cli(*build)[0] == 0
    published = manifest.load_site(site)[0]["issues"]

    source = tmp_path / "ly.csv"
    source.write_text(EXPORT, "utf-8")
    code, out, err = run_cli("import", source, "--into", "gazette_issues", "--root", root)
    assert code == 0, out + err
    dates = {r["issue_id"]: r["publication_date"] for r in tmp_project.read_rows("gazette_issues")}
    assert [dates[i] for i in ("101-50", "101-51", "101-53")] == [
        "2012-08-01", "2012-08-01", "2012-09-18"  # the Taipei dates of the UTC stamps
    ]  # fmt: skip

    for _ in range(2):  # the second build finds the back-catalogue recorded and unchanged
        code, _, err = run_cli(*build)
        assert code == 0, err
    chain = manifest.load_site(site)[0]["issues"]
    assert chain[: len(published)] == published  # no published digest changed
    assert [r["issue_id"] for r in chain[len(published) :]][-3:] == ["101-50", "101-51", "101-53"]
    volume = (site / "gazette/101/index.html").read_text("utf-8")
    assert "1–49、52" in volume  # the gaps, computed from the data
    assert run_cli("verify", "--root", root)[0] == 0
    assert run_cli("verify", "--site-dir", site)[0] == 0
