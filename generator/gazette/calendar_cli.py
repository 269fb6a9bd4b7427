"""`gazette calendar`: the next issue dates of the project's calendar, or whether a day is one.

`gazette calendar --is-issue-date [DATE]` (default: today in Asia/Taipei) exits 0 on an
issue date and 1 otherwise; the publish workflow asks it every day, so any calendar in
gazette.yaml publishes on the right days.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from generator.config import load_config
from generator.errors import ConfigError, Refused
from generator.gazette import schedule
from generator.models import Problem

# Ten years of a weekly calendar is 520 dates; more is a typo, and 10^8 would hold the
# command (and its memory) for minutes.
MAX_COUNT = 1000
WEEKDAY_NAMES = {
    "zh-TW": ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def calendar_command(
    root: Path,
    count: int,
    start: dt.date | None,
    is_issue_date: str | None,
    lang: str,
    fmt: str = "text",
    is_publish_day: str | None = None,
) -> list[Problem]:
    """Print the next `count` issue dates from `start`, or answer `--is-issue-date`."""
    cal = schedule.calendar_of(load_config(root))
    if is_publish_day is not None:
        return _publish_day(root, cal, _day(is_publish_day))
    if is_issue_date is not None:
        day = _day(is_issue_date)
        if not cal.is_issue_date(day):
            following = cal.next_date(day)
            raise Refused(
                [
                    Problem.at(
                        "gazette.yaml",
                        None,
                        "calendar",
                        "calendar-no-issue",
                        date=day.isoformat(),
                        calendar=cal.spec,
                        next=following.isoformat() if following else "—",
                    )
                ]
            )
        print(f"{day.isoformat()} issue-date")
        return []
    if count < 1:
        raise ConfigError([Problem.at("", None, "--count", "calendar-count-invalid", value=count)])
    if count > MAX_COUNT:
        problem = Problem.at("", None, "--count", "calendar-count-too-large", value=count,
                             limit=MAX_COUNT)  # fmt: skip
        raise ConfigError([problem])
    days = list(cal.upcoming(start or schedule.today_in_taipei(), count))
    print(format_dates(days, cal, lang, json_output=fmt == "json"))
    return []


# MINIMAL VERSION (city-ops branch, for the publish workflow and its test): the calendar
# engineer's branch owns `--is-publish-day`; on merge, theirs replaces this function.
def _publish_day(root: Path, cal: schedule.Calendar, day: dt.date) -> list[Problem]:
    """Exit 0 when `day` is a calendar date or any issue (號外 included) is dated that day."""
    path = root / "datasets" / "gazette_issues.csv"
    recorded = False
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            recorded = any(
                (row.get("publication_date") or "").strip() == day.isoformat()
                for row in csv.DictReader(handle)
            )
    if recorded or cal.is_issue_date(day):
        print(f"{day.isoformat()} publish-day")
        return []
    following = cal.next_date(day)
    raise Refused(
        [
            Problem.at(
                "gazette.yaml",
                None,
                "calendar",
                "calendar-no-issue",
                date=day.isoformat(),
                calendar=cal.spec,
                next=following.isoformat() if following else "—",
            )
        ]
    )


def format_dates(
    days: list[dt.date], cal: schedule.Calendar, lang: str, json_output: bool = False
) -> str:
    """Return the dates one a line with their weekday (or as a JSON list)."""
    if json_output:
        return json.dumps([d.isoformat() for d in days])
    names = WEEKDAY_NAMES["en" if lang == "en" else "zh-TW"]
    head = f"# {cal.spec}: {cal.describe(lang)}"
    return "\n".join([head, *(f"{d.isoformat()} {names[d.weekday()]}" for d in days)])


def _day(text: str) -> dt.date:
    """Return the date asked about: ISO, or today in Taipei."""
    if text == "today":
        return schedule.today_in_taipei()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            [Problem.at("", None, "--is-issue-date", "calendar-date-invalid", value=text)]
        ) from None
