"""Calendar exceptions (skipped and moved dates), adoption mid-year, `--is-publish-day`,
and the exemption of back-catalogue and pre-adoption issues from today's calendar."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from generator import schedule
from generator.commands.new_issue import new_issue
from generator.config import load_config
from generator.data.validate import validate_project
from generator.errors import ConfigError, Refused

D = dt.date
ISSUES = Path("datasets/gazette_issues.csv")
# Lunar New Year 2027 in a twice-weekly (Tue, Fri) gazette: no issue on Tuesday 9 February,
# Friday 12 February's issue moved to Wednesday 17 February.
LUNAR = """calendar:
  rule: weekly:tue,fri
  exceptions:
    skip: [2027-02-09]
    move: {2027-02-12: 2027-02-17}
"""


def weekly_project(run_cli, root: Path, calendar: str = LUNAR) -> Path:
    """Return a new twice-weekly project whose gazette.yaml calendar is `calendar`."""
    assert run_cli("init", root, "--name", "高雄市政府公報", "--schedule", "weekly:tue,fri")[0] == 0
    path = root / "gazette.yaml"
    text = re.sub(r"(?m)^calendar:.*$", calendar.rstrip("\n"), path.read_text("utf-8"))
    path.write_text(text, "utf-8")
    return root


def lunar_calendar() -> schedule.Calendar:
    """Return the calendar LUNAR describes, read through load_config as a project would."""
    base = schedule.parse_calendar("weekly:tue,fri")
    return dataclasses.replace(
        base, skipped=frozenset({D(2027, 2, 9)}), moved=((D(2027, 2, 12), D(2027, 2, 17)),)
    )


def test_skipped_and_moved_dates_in_every_calendar_question() -> None:
    cal = lunar_calendar()
    assert not cal.is_issue_date(D(2027, 2, 9))
    assert not cal.is_issue_date(D(2027, 2, 12))
    assert cal.is_issue_date(D(2027, 2, 17))
    assert cal.next_date(D(2027, 2, 5)) == D(2027, 2, 16)
    assert cal.next_date(D(2027, 2, 16)) == D(2027, 2, 17)
    assert cal.next_date(D(2027, 2, 17)) == D(2027, 2, 19)
    assert cal.previous_date(D(2027, 2, 16)) == D(2027, 2, 5)
    assert cal.previous_date(D(2027, 2, 19)) == D(2027, 2, 17)
    assert list(cal.upcoming(D(2027, 2, 5), 4)) == [
        D(2027, 2, 5), D(2027, 2, 16), D(2027, 2, 17), D(2027, 2, 19)
    ]  # fmt: skip
    plain = schedule.parse_calendar("weekly:tue,fri")
    assert len(cal.dates_of_year(2027)) == len(plain.dates_of_year(2027)) - 1
    assert cal.regular_number(D(2027, 2, 17)) == plain.regular_number(D(2027, 2, 16)) - 1


def test_gazette_yaml_exceptions_are_read(tmp_path: Path) -> None:
    (tmp_path / "gazette.yaml").write_text(LUNAR, "utf-8")
    config = load_config(tmp_path)
    assert config.calendar_skip == ("2027-02-09",)
    assert config.calendar_move == (("2027-02-12", "2027-02-17"),)
    cal = schedule.calendar_of(config)
    assert not cal.is_issue_date(D(2027, 2, 9)) and cal.is_issue_date(D(2027, 2, 17))


@pytest.mark.parametrize(
    ("text", "line", "field", "code"),
    [
        (LUNAR.replace("skip: [2027-02-09]", "skip: [2027-02-10]"), 4,
         "calendar.exceptions.skip.0", "config-exception-not-issue-date"),  # a Wednesday
        (LUNAR.replace("2027-02-17}", "2027-02-16}"), 5,
         "calendar.exceptions.move.2027-02-12", "config-exception-move-taken"),
        (LUNAR.replace("skip: [2027-02-09]", "skip: [2027-02-31]"), 4,
         "calendar.exceptions.skip.0", "config-calendar-date"),
        ("calendar:\n  rule: weekly:tue,fri\n  first_number: 35\n", 3,
         "calendar.first_number", "config-first-number-alone"),
        ("calendar:\n  rule: weekly:tue,fri\n  holidays: []\n", 3,
         "calendar.holidays", "config-field-unknown"),
    ],
)  # fmt: skip
def test_bad_exceptions_are_located(tmp_path: Path, text, line, field, code) -> None:
    (tmp_path / "gazette.yaml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert [(p.path, p.line, p.field, p.code) for p in caught.value.problems] == [
        ("gazette.yaml", line, field, code)
    ]


def test_calendar_command_and_is_issue_date_honour_exceptions(run_cli, tmp_path) -> None:
    (tmp_path / "gazette.yaml").write_text(LUNAR, "utf-8")
    code, out, _ = run_cli(
        "calendar", "--root", tmp_path, "--from", "2027-02-05", "--count", "4", "--format", "json"
    )
    assert (code, json.loads(out)) == (0, ["2027-02-05", "2027-02-16", "2027-02-17", "2027-02-19"])
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date", "2027-02-09")[0] == 1
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date", "2027-02-12")[0] == 1
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date", "2027-02-17")[0] == 0


def test_new_issue_and_validation_honour_exceptions(run_cli, tmp_path) -> None:
    root = weekly_project(run_cli, tmp_path / "k")
    assert new_issue(root, D(2027, 2, 5)).startswith("116-001 2027-02-05")
    with pytest.raises(Refused) as caught:
        new_issue(root, D(2027, 2, 9))
    assert [(p.field, p.code, p.values["next"]) for p in caught.value.problems] == [
        ("publication_date", "issue-off-schedule", "2027-02-16")
    ]
    assert [new_issue(root).split()[1] for _ in range(3)] == [
        "2027-02-16", "2027-02-17", "2027-02-19"
    ]  # fmt: skip
    assert validate_project(root)[1] == []
    path = root / ISSUES
    path.write_text(path.read_text("utf-8").replace("2027-02-17", "2027-02-12"), "utf-8")
    problems = validate_project(root)[1]
    assert (str(ISSUES), 4, "publication_date", "issue-date-off-schedule") in [
        (p.path, p.line, p.field, p.code) for p in problems
    ]


@pytest.mark.parametrize(
    ("day", "code"),
    [("2027-02-16", 0), ("2027-02-17", 0), ("2027-02-09", 1), ("2027-02-10", 0),
     ("2027-02-11", 1), ("2027-13-01", 2)],
)  # fmt: skip
def test_is_publish_day(run_cli, tmp_path, day: str, code: int) -> None:
    root = weekly_project(run_cli, tmp_path / "k")
    new_issue(root, D(2027, 2, 5))
    path = root / ISSUES
    with_extra = path.read_text("utf-8")
    assert ",extra" in with_extra.splitlines()[0]
    new_issue(root, D(2027, 2, 10), extra=True)  # a 號外 on a Wednesday: recorded, off calendar
    status, out, _ = run_cli(
        "calendar", "--root", root, "--is-publish-day", day, "--lang", "en", "--format", "json"
    )
    assert status == code
    if code == 1:
        assert [(p["path"], p["field"], p["code"]) for p in json.loads(out)] == [
            ("gazette.yaml", "calendar", "calendar-no-publish")
        ]


def test_is_publish_day_defaults_to_today(run_cli, tmp_path, monkeypatch) -> None:
    root = weekly_project(run_cli, tmp_path / "k")
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: D(2027, 2, 17))
    assert run_cli("calendar", "--root", root, "--is-publish-day")[0] == 0
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: D(2027, 2, 9))
    assert run_cli("calendar", "--root", root, "--is-publish-day")[0] == 1


ADOPTED = """calendar:
  rule: weekly:tue,fri
  adopted: 2026-07-01
  first_number: 53
"""


def test_adoption_mid_year_starts_at_the_first_number(run_cli, tmp_path) -> None:
    root = weekly_project(run_cli, tmp_path / "k", ADOPTED)
    assert new_issue(root, D(2026, 7, 3)).startswith("115-053 2026-07-03")
    with pytest.raises(Refused) as caught:
        new_issue(root, D(2026, 7, 10))  # would leave Tuesday 7 July empty
    assert [(p.code, p.values["issue"]) for p in caught.value.problems] == [
        ("issue-gap", "115-054")
    ]
    assert new_issue(root).startswith("115-054 2026-07-07")
    assert validate_project(root)[1] == []


def test_issues_before_adoption_are_exempt_from_the_calendar(run_cli, tmp_path) -> None:
    root = weekly_project(run_cli, tmp_path / "k", ADOPTED)
    new_issue(root, D(2026, 6, 1))  # a Monday, before adoption: numbered 1
    new_issue(root, D(2026, 6, 29))  # another Monday
    with pytest.raises(Refused):
        new_issue(root, D(2026, 7, 6))  # a Monday after adoption: the calendar governs
    assert new_issue(root).startswith("115-053 2026-07-03")  # first number, first date
    problems = validate_project(root)[1]
    assert [(p.line, p.field, p.code) for p in problems] == [(4, "number", "issue-number-gap")]


def test_back_catalogue_issues_may_share_a_date_and_be_off_calendar(run_cli, tmp_path) -> None:
    root = weekly_project(run_cli, tmp_path / "k", "calendar: weekly:tue,fri\n")
    path = root / ISSUES
    columns = path.read_text("utf-8").splitlines()[0].split(",")
    assert "back_catalogue" in columns
    rows = [  # volume 101 of 2012: no. 50 and 51 the same sitting day, a Wednesday
        {"issue_id": "101-050", "volume": "101", "number": "50",
         "publication_date": "2012-05-30", "title_zh": "公報 第101卷第50期"},
        {"issue_id": "101-051", "volume": "101", "number": "51",
         "publication_date": "2012-05-30", "title_zh": "公報 第101卷第51期"},
    ]  # fmt: skip
    lines = [",".join(columns)] + [
        ",".join(
            {"publisher_id": _publisher(root), "back_catalogue": "true", **r}.get(c, "")
            for c in columns
        )
        for r in rows
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert validate_project(root)[1] == []
    path.write_text(path.read_text("utf-8").replace(",true", ","), "utf-8")
    codes = {(p.line, p.code) for p in validate_project(root)[1]}
    assert (2, "issue-date-off-schedule") in codes and (3, "issue-date-off-schedule") in codes


def _publisher(root: Path) -> str:
    """Return the publisher agency id of a project."""
    return load_config(root).publisher_id


def test_legislative_yuan_back_issues_import_on_todays_calendar(tmp_project, run_cli, tmp_path):
    """Volume 101 of 2012 as the clerk's export has it: printed issue numbers, UTC time
    stamps and official long dates, two issues of one sitting day, none on the calendar."""
    source = tmp_path / "ly.csv"
    source.write_text(
        "期別,volume,number,publication_date,title_zh,publisher_id\n"
        "第101卷第50期,101,50,2012-07-31T16:00:00.000Z,立法院公報 第101卷第50期,secretariat\n"
        "第101卷第51期,101,51,2012-07-31T16:00:00.000Z,立法院公報 第101卷第51期,secretariat\n"
        "第101卷第52期,101,52,中華民國101年9月18日（星期二）上午10時9分,"
        "立法院公報 第101卷第52期,secretariat\n",
        "utf-8",
    )
    code, out, _ = run_cli(
        "import", source, "--into", "gazette_issues", "--root", tmp_project.root,
        "--format", "json",
    )  # fmt: skip
    assert code == 0, out
    report = [(p["line"], p["code"]) for p in json.loads(out)]
    assert (2, "import-date-taipei") in report and (3, "import-date-taipei") in report
    rows = {r["issue_id"]: r for r in tmp_project.read_rows("gazette_issues")}
    assert [(rows[i]["publication_date"], rows[i]["back_catalogue"]) for i in
            ("101-50", "101-51", "101-52")] == [
        ("2012-08-01", "true"), ("2012-08-01", "true"), ("2012-09-18", "true")
    ]  # fmt: skip
    assert run_cli("validate", "--root", tmp_project.root)[0] == 0
    added = new_issue(tmp_project.root)  # titled after the latest regular issue, not 2012's
    assert "市政府公報" in added and "立法院" not in added, added


@pytest.mark.parametrize("spec", ["weekly:tue,fri", "monthly:15,last", "monthly:1,10,20"])
def test_exceptions_agree_across_every_calendar_question(spec: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    base = schedule.parse_calendar(spec)
    year = base.dates_of_year(2027)
    others = [D(2027, 1, 1) + dt.timedelta(n) for n in range(365)]
    free = [d for d in others if not base.is_issue_date(d)]

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        chosen = data.draw(st.lists(st.sampled_from(year), unique=True, max_size=8))
        split = data.draw(st.integers(0, len(chosen)))
        targets = data.draw(
            st.lists(st.sampled_from(free), unique=True, min_size=len(chosen) - split,
                     max_size=len(chosen) - split)
        )  # fmt: skip
        skipped = frozenset(chosen[:split])
        moved = tuple(zip(chosen[split:], targets, strict=True))
        cal = dataclasses.replace(base, skipped=skipped, moved=moved)
        expected = sorted((set(year) - set(chosen)) | set(targets))
        assert cal.dates_of_year(2027) == expected
        assert [d for d in others if cal.is_issue_date(d)] == expected
        walked = list(cal.upcoming(D(2027, 1, 1), len(expected)))
        assert walked == expected
        for before, after in zip(expected, expected[1:], strict=False):
            assert cal.next_date(before) == after
            assert cal.previous_date(after) == before

    check()
