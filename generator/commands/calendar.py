"""`gazette calendar`: the next issue dates of the project's calendar, or whether a day is one.

`gazette calendar --is-issue-date [DATE]` (default: today in Asia/Taipei) exits 0 on an
issue date of the calendar (after its skipped and moved dates) and 1 otherwise.
`--is-publish-day [DATE]` also exits 0 when gazette_issues.csv records any issue on DATE
(an extra issue, a moved one): the publish workflow asks it every day, so every issue is
published on its day whatever the calendar says.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from generator import schedule
from generator.config import load_config
from generator.data.load import load_descriptor, parse_csv, read_text, resource_path
from generator.errors import ConfigError, Refused
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
    """Print the next `count` issue dates from `start`, or answer `--is-issue-date` or
    `--is-publish-day`."""
    cal = schedule.calendar_of(load_config(root))
    if is_publish_day is not None:
        day = _day(is_publish_day, "--is-publish-day")
        if cal.is_issue_date(day) or day in recorded_dates(root):
            print(f"{day.isoformat()} publish-day")
            return []
        raise _not_on(cal, day, "calendar-no-publish")
    if is_issue_date is not None:
        day = _day(is_issue_date)
        if not cal.is_issue_date(day):
            raise _not_on(cal, day, "calendar-no-issue")
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


def _not_on(cal: schedule.Calendar, day: dt.date, code: str) -> Refused:
    """Return the refusal (exit 1) of a day that is not an issue or publish day."""
    following = cal.next_date(day)
    problem = Problem.at(
        "gazette.yaml", None, "calendar", code, date=day.isoformat(), calendar=cal.spec,
        next=following.isoformat() if following else "—",
    )  # fmt: skip
    return Refused([problem])


def format_dates(
    days: list[dt.date], cal: schedule.Calendar, lang: str, json_output: bool = False
) -> str:
    """Return the dates one a line with their weekday (or as a JSON list)."""
    if json_output:
        return json.dumps([d.isoformat() for d in days])
    names = WEEKDAY_NAMES["en" if lang == "en" else "zh-TW"]
    head = f"# {cal.spec}: {cal.describe(lang)}"
    return "\n".join([head, *(f"{d.isoformat()} {names[d.weekday()]}" for d in days)])


def recorded_dates(root: Path) -> set[dt.date]:
    """Return the publication dates gazette_issues.csv records (unreadable cells skipped:
    validation reports them; this answer only adds days to publish on)."""
    try:
        spec = next(
            r for r in load_descriptor(root)["resources"] if r.get("name") == "gazette_issues"
        )
        header, rows, _ = parse_csv(read_text(root / resource_path(spec)))
    except (StopIteration, OSError, UnicodeDecodeError):
        return set()
    if "publication_date" not in header:
        return set()
    column = header.index("publication_date")
    found = set()
    for row in rows:
        try:
            found.add(dt.date.fromisoformat(row[column].strip()))
        except (IndexError, ValueError):
            continue
    return found


def _day(text: str, option: str = "--is-issue-date") -> dt.date:
    """Return the date asked about: ISO, or today in Taipei."""
    if text == "today":
        return schedule.today_in_taipei()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            [Problem.at("", None, option, "calendar-date-invalid", value=text)]
        ) from None


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette calendar`; return the problems to report (empty on success)."""
    return calendar_command(
        args.root.absolute(), args.count, args.start, args.is_issue_date, args.lang, args.format,
        is_publish_day=args.is_publish_day,
    )  # fmt: skip
