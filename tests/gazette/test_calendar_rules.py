"""Calendars as rules: each seed city's habit, the spec syntax, and `gazette calendar`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator import schedule
from generator.schedule import CalendarError, parse_calendar

D = dt.date


def test_sample_calendar_is_the_15th_and_the_last_day() -> None:
    cal = parse_calendar("monthly:15,last")
    assert cal.days_of_month(2024, 2) == (D(2024, 2, 15), D(2024, 2, 29))
    assert cal.days_of_month(2025, 2) == (D(2025, 2, 15), D(2025, 2, 28))
    assert cal.days_of_month(2025, 4) == (D(2025, 4, 15), D(2025, 4, 30))
    assert len(cal.dates_of_year(2025)) == 24
    assert cal.regular_number(D(2025, 12, 31)) == 24
    assert cal.describe("en") == "on the 15th and on the last day of each month"
    assert cal.describe("zh-TW") == "每月15日及月底"


@pytest.mark.parametrize(
    ("year", "february"),
    [(2025, (D(2025, 2, 15), D(2025, 2, 28))), (2024, (D(2024, 2, 15), D(2024, 2, 29)))],
)
def test_taichung_15th_and_30th_fall_on_the_last_day_of_february(
    year: int, february: tuple[dt.date, ...]
) -> None:
    cal = parse_calendar("monthly:15,30")
    assert cal.days_of_month(year, 2) == february
    assert cal.days_of_month(year, 1) == (D(year, 1, 15), D(year, 1, 30))  # not the 31st
    assert not cal.is_issue_date(D(year, 1, 31))
    assert cal.next_date(D(year, 1, 30)) == february[0]
    assert cal.next_date(february[0]) == february[1]
    assert cal.next_date(february[1]) == D(year, 3, 15)
    assert len(cal.dates_of_year(year)) == 24


def test_a_twice_weekly_calendar_has_about_104_issues_a_year() -> None:
    cal = parse_calendar("weekly:tue,fri")
    for year in (2012, 2025, 2026):
        days = cal.dates_of_year(year)
        assert 103 <= len(days) <= 105
        assert {d.weekday() for d in days} == {1, 4}
    assert cal.next_date(D(2026, 11, 27)) == D(2026, 12, 1)  # Friday → Tuesday
    assert cal.previous_date(D(2026, 12, 1)) == D(2026, 11, 27)
    assert cal.regular_number(D(2026, 1, 2)) == 1  # 2026 starts on a Thursday
    assert cal.describe("en") == "every Tuesday and Friday"
    assert cal.describe("zh-TW") == "每週二及週五"


def test_an_explicit_list_of_dates() -> None:
    cal = parse_calendar("dates", ("2026-03-02", "2026-01-05", "2026-02-02"))
    assert cal.dates_of_year(2026) == [D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2)]
    assert cal.next_date(D(2026, 1, 5)) == D(2026, 2, 2)
    assert cal.next_date(D(2026, 3, 2)) is None  # the list ran out
    assert cal.previous_date(D(2026, 1, 5)) is None
    assert list(cal.upcoming(D(2026, 1, 1), 5)) == cal.dates_of_year(2026)


@pytest.mark.parametrize(
    "spec", ["monthly:", "monthly:32", "monthly:15,mid", "weekly:tuesday", "daily", "dates:x", ""]
)
def test_bad_specs_say_why(spec: str) -> None:
    with pytest.raises(CalendarError):
        parse_calendar(spec)


@pytest.mark.parametrize(
    "spec", ["monthly:15,last", "monthly:15,30", "weekly:tue,fri", "weekly:wed"]
)
def test_next_and_previous_are_inverse_and_skip_nothing(spec: str) -> None:
    cal = parse_calendar(spec)
    day = D(2023, 12, 20)
    while day < D(2025, 3, 1):
        following = cal.next_date(day)
        assert following is not None and following > day and cal.is_issue_date(following)
        assert not any(
            cal.is_issue_date(day + dt.timedelta(n)) for n in range(1, (following - day).days)
        )
        assert cal.previous_date(following) <= day
        day += dt.timedelta(1)


def test_module_functions_keep_the_sample_calendar() -> None:
    assert schedule.issue_id(D(2025, 3, 15)) == "114-05"
    assert schedule.issue_date(114, 4) == D(2025, 2, 28)
    weekly = parse_calendar("weekly:tue,fri")
    assert schedule.issue_id(D(2026, 1, 2), weekly, digits=3) == "115-001"


def test_calendar_command_prints_the_next_dates(run_cli, tmp_path) -> None:
    (tmp_path / "gazette.yaml").write_text("calendar: monthly:15,30\n", encoding="utf-8")
    code, out, _ = run_cli("calendar", "--root", tmp_path, "--from", "2024-02-01", "--count", "3")
    assert code == 0
    assert out.splitlines()[1:] == ["2024-02-15 週四", "2024-02-29 週四", "2024-03-15 週五"]
    code, out, _ = run_cli(
        "calendar", "--root", tmp_path, "--from", "2024-02-16", "--count", "2", "--format", "json"
    )
    assert (code, json.loads(out)) == (0, ["2024-02-29", "2024-03-15"])


@pytest.mark.parametrize(
    ("day", "code"), [("2024-02-29", 0), ("2024-01-30", 0), ("2024-01-31", 1), ("nope", 2)]
)
def test_is_issue_date_exit_status(run_cli, tmp_path, day: str, code: int) -> None:
    (tmp_path / "gazette.yaml").write_text("calendar: monthly:15,30\n", encoding="utf-8")
    status, _, err = run_cli("calendar", "--root", tmp_path, "--is-issue-date", day, "--lang", "en")
    assert status == code
    if code == 1:
        assert "the next one is 2024-02-15" in err


def test_is_issue_date_defaults_to_today_in_taipei(run_cli, tmp_path, monkeypatch) -> None:
    (tmp_path / "gazette.yaml").write_text("calendar: weekly:tue,fri\n", encoding="utf-8")
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: D(2026, 12, 1))
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date")[0] == 0
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: D(2026, 12, 2))
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date")[0] == 1


def test_is_issue_date_reads_the_projects_own_calendar(run_cli, tmp_path) -> None:
    (tmp_path / "gazette.yaml").write_text("calendar: weekly:tue,fri\n", encoding="utf-8")
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date", "2026-12-01")[0] == 0
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date", "2026-12-15")[0] == 0
    assert run_cli("calendar", "--root", tmp_path, "--is-issue-date", "2026-12-31")[0] == 1
