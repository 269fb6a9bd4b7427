"""The gazette's publication calendar: pure date arithmetic, no I/O.

The gazette appears on the 15th and on the last day of every month. The volume is the
ROC (Minguo) year of the publication date (Gregorian year − 1911) and the number runs
1..24 within a volume: the 15th of month m is number 2m−1, its last day number 2m.
So a volume always starts with number 1 on 15 January and ends with number 24 on
31 December.

Run as `python -m generator.gazette.schedule is-issue-date [YYYY-MM-DD]` to ask whether a date
(default: today in Asia/Taipei) is an issue date; exit 0 means yes, 1 means no. The
publish workflow uses this to skip the cron days that are not issue days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import sys
from collections.abc import Sequence

from generator.config import ROC_OFFSET, TIMEZONE

MID_MONTH_DAY = 15
ISSUES_PER_VOLUME = 24
TAIPEI = TIMEZONE


def last_day(year: int, month: int) -> int:
    """Return the last day of the month (29 in a leap February)."""
    return calendar.monthrange(year, month)[1]


def issue_dates_of_month(year: int, month: int) -> tuple[dt.date, dt.date]:
    """Return the two issue dates of a month: the 15th and the last day."""
    return dt.date(year, month, MID_MONTH_DAY), dt.date(year, month, last_day(year, month))


def is_issue_date(day: dt.date) -> bool:
    """Return whether the gazette appears on `day`."""
    return day in issue_dates_of_month(day.year, day.month)


def next_issue_date(after: dt.date) -> dt.date:
    """Return the first issue date strictly after `after`."""
    mid, end = issue_dates_of_month(after.year, after.month)
    if after < mid:
        return mid
    if after < end:
        return end
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    return issue_dates_of_month(year, month)[0]


def previous_issue_date(before: dt.date) -> dt.date:
    """Return the last issue date strictly before `before`."""
    mid = dt.date(before.year, before.month, MID_MONTH_DAY)
    if before > mid:
        return mid
    year, month = (before.year - 1, 12) if before.month == 1 else (before.year, before.month - 1)
    return issue_dates_of_month(year, month)[1]


def roc_year(day: dt.date) -> int:
    """Return the ROC year of a date (2025 → 114)."""
    return day.year - ROC_OFFSET


def issue_number(day: dt.date) -> int:
    """Return the number (1..24) of the issue published on `day`; ValueError off schedule."""
    if not is_issue_date(day):
        raise ValueError(f"{day.isoformat()} is not an issue date")
    return day.month * 2 - (1 if day.day == MID_MONTH_DAY else 0)


def issue_id(day: dt.date) -> str:
    """Return the issue id `volume-number` (e.g. 114-05) of an issue date."""
    return f"{roc_year(day)}-{issue_number(day):02d}"


def issue_date(volume: int, number: int) -> dt.date:
    """Return the publication date of issue `number` of `volume` (inverse of issue_id)."""
    if not 1 <= number <= ISSUES_PER_VOLUME:
        raise ValueError(f"issue number {number} is outside 1..{ISSUES_PER_VOLUME}")
    year, month = volume + ROC_OFFSET, (number + 1) // 2
    mid, end = issue_dates_of_month(year, month)
    return mid if number % 2 else end


def roc_date_zh(day: dt.date) -> str:
    """Return a date the way the gazette prints it: 中華民國114年5月15日."""
    return f"中華民國{roc_year(day)}年{day.month}月{day.day}日"


def today_in_taipei(now: dt.datetime | None = None) -> dt.date:
    """Return today's date in Asia/Taipei (the city's legal calendar day)."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(TAIPEI).date()


def main(argv: Sequence[str] | None = None) -> int:
    """Answer `is-issue-date [DATE]` with exit 0 (yes) or 1 (no); 2 on bad usage."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "is-issue-date" or len(args) > 2:
        usage = "usage: python -m generator.gazette.schedule is-issue-date [YYYY-MM-DD]"
        print(usage, file=sys.stderr)
        return 2
    try:
        day = dt.date.fromisoformat(args[1]) if len(args) == 2 else today_in_taipei()
    except ValueError:
        print(f"expected YYYY-MM-DD, got {args[1]!r}", file=sys.stderr)
        return 2
    answer = is_issue_date(day)
    print(f"{day.isoformat()} {issue_id(day) if answer else 'no-issue'}")
    return 0 if answer else 1


if __name__ == "__main__":
    sys.exit(main())
