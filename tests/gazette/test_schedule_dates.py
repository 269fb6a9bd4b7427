"""The publication calendar: explicit cases and properties over many dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import schedule
from generator.roc import roc_long_date, to_roc

DATES = st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2400, 12, 30))


@pytest.mark.parametrize(
    ("year", "month", "expected_last"),
    [(2024, 2, 29), (2025, 2, 28), (2000, 2, 29), (2100, 2, 28), (2025, 4, 30), (2025, 12, 31)],
)
def test_last_day_follows_leap_years(year: int, month: int, expected_last: int) -> None:
    mid, end = schedule.issue_dates_of_month(year, month)
    assert (mid.day, end.day) == (15, expected_last)


@pytest.mark.parametrize(
    ("day", "issue_id"),
    [
        (dt.date(2025, 1, 15), "114-01"),
        (dt.date(2025, 1, 31), "114-02"),
        (dt.date(2024, 2, 29), "113-04"),
        (dt.date(2025, 2, 28), "114-04"),
        (dt.date(2025, 12, 31), "114-24"),
        (dt.date(2026, 1, 15), "115-01"),
        (dt.date(2026, 11, 30), "115-22"),
    ],
)
def test_issue_ids(day: dt.date, issue_id: str) -> None:
    assert schedule.issue_id(day) == issue_id
    volume, number = map(int, issue_id.split("-"))
    assert schedule.issue_date(volume, number) == day


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (dt.date(2025, 12, 31), dt.date(2026, 1, 15)),
        (dt.date(2024, 2, 15), dt.date(2024, 2, 29)),
        (dt.date(2025, 2, 15), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 28), dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 15)),
        (dt.date(2025, 3, 14), dt.date(2025, 3, 15)),
    ],
)
def test_next_issue_date(after: dt.date, expected: dt.date) -> None:
    assert schedule.next_issue_date(after) == expected


def test_off_schedule_dates_have_no_number() -> None:
    assert schedule.is_issue_date(dt.date(2025, 2, 28))
    assert not schedule.is_issue_date(dt.date(2024, 2, 28))  # leap year: the 29th is the issue
    with pytest.raises(ValueError):
        schedule.issue_number(dt.date(2025, 3, 16))
    with pytest.raises(ValueError):
        schedule.issue_date(114, 25)


def test_roc_date() -> None:
    assert to_roc(dt.date(1912, 1, 1).year) == 1
    assert roc_long_date(dt.date(2025, 5, 15)) == "中華民國114年5月15日"


@given(DATES)
def test_next_is_an_issue_date_and_nothing_in_between(day: dt.date) -> None:
    following = schedule.next_issue_date(day)
    assert following > day
    assert schedule.is_issue_date(following)
    gap = (following - day).days
    assert gap <= 16  # the longest stretch is from the 30th/31st (or Feb's end) to the 15th
    assert not any(schedule.is_issue_date(day + dt.timedelta(n)) for n in range(1, gap))


@given(DATES)
def test_previous_inverts_next(day: dt.date) -> None:
    following = schedule.next_issue_date(day)
    assert schedule.previous_issue_date(following) <= day
    assert schedule.next_issue_date(schedule.previous_issue_date(following)) == following


@given(DATES)
def test_numbers_run_on_within_a_volume(day: dt.date) -> None:
    current = schedule.next_issue_date(day)
    following = schedule.next_issue_date(current)
    number, volume = schedule.issue_number(current), to_roc(current.year)
    if number == 24:
        assert (to_roc(following.year), schedule.issue_number(following)) == (volume + 1, 1)
        assert (following.month, following.day) == (1, 15)
    else:
        assert (to_roc(following.year), schedule.issue_number(following)) == (
            volume,
            number + 1,
        )


@given(st.integers(1, 400), st.integers(1, 24))
def test_issue_date_round_trips(volume: int, number: int) -> None:
    day = schedule.issue_date(volume, number)
    assert schedule.is_issue_date(day)
    assert (to_roc(day.year), schedule.issue_number(day)) == (volume, number)


@given(DATES)
def test_exactly_two_issue_dates_a_month(day: dt.date) -> None:
    first = day.replace(day=1)
    days = [first + dt.timedelta(n) for n in range(schedule.last_day(day.year, day.month))]
    assert [d for d in days if schedule.is_issue_date(d)] == list(
        schedule.issue_dates_of_month(day.year, day.month)
    )


def test_taipei_today_crosses_midnight_before_utc() -> None:
    # 16:30 UTC on the 14th is already 00:30 on the 15th in Taipei (UTC+8, no DST).
    moment = dt.datetime(2026, 12, 14, 16, 30, tzinfo=dt.UTC)
    assert schedule.today_in_taipei(moment) == dt.date(2026, 12, 15)


@pytest.mark.parametrize(
    ("day", "code"),
    [("2026-12-15", 0), ("2026-12-31", 0), ("2026-12-16", 1), ("not-a-date", 2)],
)
def test_is_issue_date_answers_by_exit_status(day: str, code: int, run_cli) -> None:
    # The sample project (the repository) publishes on the 15th and the month's last day.
    sample = Path(__file__).resolve().parents[2]
    assert run_cli("calendar", "--root", sample, "--is-issue-date", day)[0] == code
