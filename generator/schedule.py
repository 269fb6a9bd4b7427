"""The gazette's publication calendar: rules and date arithmetic, no I/O.

A calendar is one of (the `calendar` field of gazette.yaml):

- `monthly:15,last`: the listed days of every month; `last` is the month's last day, and a
  day past the month's end falls on its last day (`monthly:15,30` gives 28/29 February);
- `weekly:tue,fri`: the listed weekdays (mon tue wed thu fri sat sun);
- `dates` with an explicit list of ISO dates (`calendar: {dates: [2026-01-05, …]}`).

The volume is the ROC (Minguo) year of the publication date (Gregorian year − 1911).
Numbers run 1, 2, 3… within a volume in publication order, extra issues (號外) included,
so the number of an issue comes from the issue file, not from its date (see new_issue.py).
`regular_number` gives the number a date would get in a volume with no extra issue.

The Taipei time zone is a calendar fact, defined here once (ROC years: `roc.py`);
`gazette calendar --is-issue-date` answers whether a day is an issue date.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.roc import from_roc, to_roc

TIMEZONE = ZoneInfo("Asia/Taipei")  # the city's legal calendar day


MID_MONTH_DAY = 15
TAIPEI = TIMEZONE
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_ZH = "一二三四五六日"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LAST = 0  # the `last` day of a month in a monthly rule


class CalendarError(ValueError):
    """A calendar spec that cannot be read; the message says why (English, for the log)."""


@dataclass(frozen=True)
class Calendar:
    """A publication calendar: which days an issue appears on."""

    spec: str
    month_days: tuple[int, ...] = ()  # monthly: days of the month, LAST for the last day
    weekdays: tuple[int, ...] = ()  # weekly: 0 = Monday
    dates: tuple[dt.date, ...] = ()  # dates: sorted
    skipped: frozenset[dt.date] = frozenset()  # rule dates without an issue (exceptions)
    moved: tuple[tuple[dt.date, dt.date], ...] = ()  # (rule date, the date it moved to)
    adopted: dt.date | None = None  # the calendar governs issues from this date on

    @property
    def _removed(self) -> frozenset[dt.date]:
        """Return the rule dates the exceptions take away (skipped or moved from)."""
        return self.skipped | {source for source, _ in self.moved}

    @property
    def _added(self) -> tuple[dt.date, ...]:
        """Return the dates issues were moved to, sorted."""
        return tuple(sorted(target for _, target in self.moved))

    def governs(self, day: dt.date) -> bool:
        """Return whether the calendar rules an issue dated `day` (on or after adoption)."""
        return self.adopted is None or day >= self.adopted

    def days_of_month(self, year: int, month: int) -> tuple[dt.date, ...]:
        """Return the issue dates of one month, in order, after the exceptions."""
        days = self._rule_days_of_month(year, month)
        if not self.moved and not self.skipped:
            return days
        removed = self._removed
        added = [d for d in self._added if (d.year, d.month) == (year, month)]
        return tuple(sorted({d for d in days if d not in removed} | set(added)))

    def _rule_days_of_month(self, year: int, month: int) -> tuple[dt.date, ...]:
        """Return the rule's dates of one month, before the exceptions."""
        if self.month_days:
            end = last_day(year, month)
            days = {end if d == LAST else min(d, end) for d in self.month_days}
            return tuple(dt.date(year, month, d) for d in sorted(days))
        first = dt.date(year, month, 1)
        every = (first + dt.timedelta(n) for n in range(last_day(year, month)))
        if self.weekdays:
            return tuple(d for d in every if d.weekday() in self.weekdays)
        low = bisect.bisect_left(self.dates, first)
        high = bisect.bisect_left(self.dates, dt.date(year + month // 12, month % 12 + 1, 1))
        return self.dates[low:high]

    def is_issue_date(self, day: dt.date) -> bool:
        """Return whether the gazette appears on `day` (after skipped and moved dates)."""
        if not self.moved and not self.skipped:
            return self._is_rule_date(day)
        if day in self._added:
            return True
        if day in self._removed:
            return False
        return self._is_rule_date(day)

    def _is_rule_date(self, day: dt.date) -> bool:
        """Return whether the rule alone puts an issue on `day`."""
        if self.weekdays:
            return day.weekday() in self.weekdays
        return day in self._rule_days_of_month(day.year, day.month)

    def next_date(self, after: dt.date) -> dt.date | None:
        """Return the first issue date strictly after `after` (None: a list ran out)."""
        removed = self._removed
        found = self._rule_next(after)
        while found is not None and found in removed:
            found = self._rule_next(found)
        index = bisect.bisect_right(self._added, after)
        moved = self._added[index] if index < len(self._added) else None
        return min((d for d in (found, moved) if d is not None), default=None)

    def previous_date(self, before: dt.date) -> dt.date | None:
        """Return the last issue date strictly before `before` (None: none before)."""
        removed = self._removed
        found = self._rule_previous(before)
        while found is not None and found in removed:
            found = self._rule_previous(found)
        index = bisect.bisect_left(self._added, before)
        moved = self._added[index - 1] if index else None
        return max((d for d in (found, moved) if d is not None), default=None)

    def _rule_next(self, after: dt.date) -> dt.date | None:
        """Return the rule's first date strictly after `after`."""
        if self.dates:
            index = bisect.bisect_right(self.dates, after)
            return self.dates[index] if index < len(self.dates) else None
        year, month = after.year, after.month
        for _ in range(2):  # every rule has a date in any two consecutive months
            for day in self._rule_days_of_month(year, month):
                if day > after:
                    return day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        raise AssertionError(self.spec)

    def _rule_previous(self, before: dt.date) -> dt.date | None:
        """Return the rule's last date strictly before `before`."""
        if self.dates:
            index = bisect.bisect_left(self.dates, before)
            return self.dates[index - 1] if index else None
        year, month = before.year, before.month
        for _ in range(2):
            for day in reversed(self._rule_days_of_month(year, month)):
                if day < before:
                    return day
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        raise AssertionError(self.spec)

    def upcoming(self, start: dt.date, count: int) -> Iterator[dt.date]:
        """Yield up to `count` issue dates from `start` on (inclusive)."""
        day: dt.date | None = start if self.is_issue_date(start) else self.next_date(start)
        for _ in range(count):
            if day is None:
                return
            yield day
            day = self.next_date(day)

    def dates_of_year(self, year: int) -> list[dt.date]:
        """Return every issue date of a Gregorian year."""
        return [d for month in range(1, 13) for d in self.days_of_month(year, month)]

    def regular_number(self, day: dt.date) -> int:
        """Return the number of `day`'s issue in a volume without extra issues."""
        if not self.is_issue_date(day):
            raise ValueError(f"{day.isoformat()} is not an issue date")
        before = [d for m in range(1, day.month) for d in self.days_of_month(day.year, m)]
        return len(before) + self.days_of_month(day.year, day.month).index(day) + 1

    def describe(self, lang: str) -> str:
        """Return the calendar in words, for labels and messages ("on the 15th and …")."""
        if self.month_days:
            zh = [f"{d}日" if d != LAST else "月底" for d in self.month_days]
            en = [f"the {_ordinal(d)}" if d != LAST else "the last day" for d in self.month_days]
            if lang == "en":
                return f"on {_joined(en, ', on ', ' and on ')} of each month"
            return f"每月{_joined(zh, '、', '及')}"
        if self.weekdays:
            names = [WEEKDAY_NAMES[d] for d in self.weekdays]
            if lang == "en":
                return f"every {_joined(names, ', ', ' and ')}"
            return "每" + _joined([f"週{WEEKDAYS_ZH[d]}" for d in self.weekdays], "、", "及")
        return "on the dates listed in gazette.yaml" if lang == "en" else "gazette.yaml 所列日期"


def _joined(items: list[str], sep: str, last: str) -> str:
    """Return items joined with `sep`, the last two with `last`."""
    return items[0] if len(items) == 1 else sep.join(items[:-1]) + last + items[-1]


def _ordinal(n: int) -> str:
    """Return 1st, 2nd, 15th, 30th…"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@functools.lru_cache(maxsize=32)
def parse_calendar(spec: str, dates: tuple[str, ...] = ()) -> Calendar:
    """Return the calendar of a spec; CalendarError says what is wrong with it."""
    kind, _, rest = spec.partition(":")
    items = [p.strip().lower() for p in rest.split(",")] if rest.strip() else []
    if kind == "monthly":
        days = []
        for item in items:
            if item == "last":
                days.append(LAST)
            elif item.isdigit() and 1 <= int(item) <= 31:
                days.append(int(item))
            else:
                raise CalendarError(f"'{item}' is not a day of the month (1-31 or last)")
        if not days:
            raise CalendarError("monthly: needs at least one day, e.g. monthly:15,last")
        return Calendar(spec, month_days=tuple(sorted(set(days), key=lambda d: d or 99)))
    if kind == "weekly":
        if not items or any(item not in WEEKDAYS for item in items):
            raise CalendarError(f"weekly: takes weekdays among {', '.join(WEEKDAYS)}")
        return Calendar(spec, weekdays=tuple(sorted({WEEKDAYS.index(i) for i in items})))
    if kind == "dates" and not rest:
        try:
            found = sorted({dt.date.fromisoformat(str(d)) for d in dates})
        except ValueError as error:
            raise CalendarError(f"a date is not YYYY-MM-DD: {error}") from None
        if not found:
            raise CalendarError("dates: needs at least one date")
        return Calendar(spec, dates=tuple(found))
    raise CalendarError(
        f"'{spec}' is not a calendar: use monthly:15,last, weekly:tue,fri or dates: [...]"
    )


DEFAULT = parse_calendar("monthly:15,last")


def calendar_of(config: object) -> Calendar:
    """Return the calendar of a ProjectConfig, with its adoption date and exceptions."""
    cal = parse_calendar(config.calendar, config.calendar_dates)  # type: ignore[attr-defined]
    adopted = getattr(config, "calendar_adopted", "")
    skip = getattr(config, "calendar_skip", ())
    move = getattr(config, "calendar_move", ())
    if not (adopted or skip or move):
        return cal
    return dataclasses.replace(
        cal,
        skipped=frozenset(dt.date.fromisoformat(d) for d in skip),
        moved=tuple((dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in move),
        adopted=dt.date.fromisoformat(adopted) if adopted else None,
    )


def adoption_start(config: object) -> tuple[int, int] | None:
    """Return (volume, first number) of a calendar adopted mid-year, or None.

    The volume is the ROC year of `calendar.adopted`; its numbers start at `first_number`.
    """
    adopted = getattr(config, "calendar_adopted", "")
    first = getattr(config, "first_number", 1)
    if not adopted or first == 1:
        return None
    return to_roc(int(adopted[:4])), first


# --- the sample's calendar as plain functions (monthly:15,last) -----------------------


def last_day(year: int, month: int) -> int:
    """Return the last day of the month (29 in a leap February)."""
    return _calendar.monthrange(year, month)[1]


def issue_dates_of_month(year: int, month: int) -> tuple[dt.date, dt.date]:
    """Return the two issue dates of a month in the sample's calendar: 15th and last day."""
    return dt.date(year, month, MID_MONTH_DAY), dt.date(year, month, last_day(year, month))


def is_issue_date(day: dt.date, cal: Calendar = DEFAULT) -> bool:
    """Return whether the gazette appears on `day`."""
    return cal.is_issue_date(day)


def next_issue_date(after: dt.date, cal: Calendar = DEFAULT) -> dt.date:
    """Return the first issue date strictly after `after`."""
    found = cal.next_date(after)
    if found is None:
        raise ValueError(f"the calendar has no date after {after.isoformat()}")
    return found


def previous_issue_date(before: dt.date, cal: Calendar = DEFAULT) -> dt.date:
    """Return the last issue date strictly before `before`."""
    found = cal.previous_date(before)
    if found is None:
        raise ValueError(f"the calendar has no date before {before.isoformat()}")
    return found


def issue_number(day: dt.date, cal: Calendar = DEFAULT) -> int:
    """Return the regular number of the issue on `day`; ValueError off the calendar."""
    return cal.regular_number(day)


def issue_id(day: dt.date, cal: Calendar = DEFAULT, digits: int = 2) -> str:
    """Return the id `volume-number` (e.g. 114-05) of a regular issue on `day`."""
    return format_issue_id(to_roc(day.year), issue_number(day, cal), digits)


def format_issue_id(volume: int, number: int, digits: int = 2) -> str:
    """Return the issue id of a volume and number: 114-05 (114-005 with 3 digits)."""
    return f"{volume}-{number_text(number, digits)}"


def id_digits(issue_id: str) -> int:
    """Return the numbering width an issue id was written with (115-003 → 3)."""
    return len(issue_id.rpartition("-")[2])


def number_text(number: object, digits: int = 2) -> str:
    """Return an issue number zero-padded to the project's width (gazette.yaml `numbering.digits`).

    The one place a number is padded: issue ids, page addresses, PDF and edition file names
    and messages all call it, so a project with 3 digits never shows `115/01/`.
    """
    return f"{int(str(number)):0{digits}d}"


def issue_date(volume: int, number: int, cal: Calendar = DEFAULT) -> dt.date:
    """Return the date of regular issue `number` of `volume` (inverse of issue_id)."""
    dates = cal.dates_of_year(from_roc(volume))
    if not 1 <= number <= len(dates):
        raise ValueError(f"issue number {number} is outside 1..{len(dates)}")
    return dates[number - 1]


def today_in_taipei(now: dt.datetime | None = None) -> dt.date:
    """Return today's date in Asia/Taipei (the city's legal calendar day)."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(TAIPEI).date()
