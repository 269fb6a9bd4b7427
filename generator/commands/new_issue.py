"""`gazette new-issue`: append the next issue of the gazette to datasets/gazette_issues.csv.

Issues are only ever added at the end, on the next free date of the project's calendar
(`generator.schedule`, from gazette.yaml): a date off the calendar, an issue that
already exists or one that would leave a calendar date empty is refused and the file is left
byte for byte as it was. An extra issue (號外, `extra=True`) is the one exception to the
calendar: it goes between the latest issue and the next calendar date, marked in the
`extra` column. Numbers run on within the volume in publication order. The new row is
appended as one line, so the diff under review is exactly one added line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator import schedule
from generator.config import DEFAULT, ProjectConfig, Text, load_config
from generator.data.csv_append import BOM, append_rows
from generator.data.load import load_descriptor, parse_csv, read_text, resource_path
from generator.errors import ConfigError, DataInvalid, Refused
from generator.models import Problem
from generator.roc import to_roc

RESOURCE = "gazette_issues"
EXTRA = "extra"  # the boolean column marking an extra issue (號外)


@dataclass(frozen=True)
class Slot:
    """Where an issue goes: its volume, number within the volume and date."""

    volume: int
    number: int
    date: dt.date


def new_issue(root: Path, date: dt.date | None = None, extra: bool = False) -> str:
    """Append the issue published on `date` (default: the next slot); return a summary line.

    With `extra`, the issue is an extra issue (號外): off the calendar, dated after the
    latest issue and before the next calendar date (default: today in Taipei).
    """
    config = load_config(root)
    cal = schedule.calendar_of(config)
    resource = _resource(root)
    rel = resource_path(resource)
    path = root / rel
    text = _read(path, rel)
    header, rows, lines = parse_csv(text.removeprefix(BOM))  # the BOM is the file's, kept
    if not header:
        raise DataInvalid([Problem.at(rel, 1, "issue_id", "issue-column-missing")])
    new_line = _terminated(text).count("\n") + 1  # the editor line the new row will get
    if extra and EXTRA not in header:
        raise Refused([Problem.at(rel, 1, EXTRA, "issue-extra-column-missing")])
    previous = _pattern_row(header, rows)
    latest = _latest_date(header, rows, lines, rel) if rows else None
    target = date or _default_date(cal, latest, extra, rel, new_line)
    first = config.first_number if cal.adopted and target >= cal.adopted else 1
    _check_slot(cal, target, latest, header, rows, lines, rel, new_line, extra,
                config.number_digits, first)  # fmt: skip
    slot = Slot(to_roc(target.year), _next_number(header, rows, target, first), target)
    row = _new_row(config, header, previous, slot, extra)
    append_rows(path, [[row[name] for name in header]], rel)
    return f"{row['issue_id']} {target.isoformat()} {row.get('title_zh', '')}".rstrip()


def _default_date(
    cal: schedule.Calendar, latest: dt.date | None, extra: bool, rel: str, new_line: int
) -> dt.date:
    """Return the date of the new issue when none was given."""
    if extra:
        return schedule.today_in_taipei()
    start = _calendar_start(cal, latest)
    if start is None:  # the very first issue: the first calendar date from today on
        today = schedule.today_in_taipei()
        found = today if cal.is_issue_date(today) else cal.next_date(today)
    else:
        found = cal.next_date(start)
    if found is None:
        raise Refused([Problem.at(rel, new_line, "publication_date", "issue-calendar-ended")])
    return found


def _calendar_start(cal: schedule.Calendar, latest: dt.date | None) -> dt.date | None:
    """Return the day after which the next calendar issue falls: the latest issue, or the
    eve of adoption when every issue so far is older (adoption mid-year)."""
    if cal.adopted is None:
        return latest
    eve = cal.adopted - dt.timedelta(days=1)
    return eve if latest is None or latest < eve else latest


def _pattern_row(header: list[str], rows: list[list[str]]) -> dict[str, str]:
    """Return the row whose titles the new one follows: the latest regular issue.

    Latest by date, not by place in the file: imported back-catalogue issues are appended
    at the end, and a new issue must not take its title from a 2012 issue.
    """
    regular = [r for r in rows if not _is_extra(header, r) and not _is_marked(header, r)]
    candidates = regular or rows
    if not candidates:
        return {}
    chosen = max(
        enumerate(candidates), key=lambda p: (_cell(header, p[1], "publication_date"), p[0])
    )
    return dict(zip(header, chosen[1], strict=False))


def _is_marked(header: list[str], row: list[str]) -> bool:
    """Tell whether a raw row is marked as a back-catalogue issue."""
    return _cell(header, row, "back_catalogue").lower() in ("true", "1", "yes")


def _is_extra(header: list[str], row: list[str]) -> bool:
    """Tell whether a raw row is marked as an extra issue."""
    if EXTRA not in header:
        return False
    index = header.index(EXTRA)
    return index < len(row) and row[index].strip().lower() in ("true", "1", "yes")


def _cell(header: list[str], row: list[str], name: str) -> str:
    """Return a row's cell of column `name` ('' when the column or the cell is missing)."""
    index = header.index(name) if name in header else len(row)
    return row[index].strip() if index < len(row) else ""


def _next_number(header: list[str], rows: list[list[str]], target: dt.date, first: int = 1) -> int:
    """Return the next number in the target's volume: numbers run on in publication order.

    `first` is the number a calendar adopted mid-year starts at (gazette.yaml
    `calendar.first_number`): the printed issues before it are not in the file.
    """
    volume = str(to_roc(target.year))
    if "volume" not in header or "number" not in header:
        return first
    v, n = header.index("volume"), header.index("number")
    numbers = [
        int(row[n])
        for row in rows
        if len(row) > max(v, n) and row[v].strip() == volume and row[n].strip().isdigit()
    ]
    return max(max(numbers, default=0) + 1, first)


def _resource(root: Path) -> dict:
    """Return the gazette_issues resource descriptor."""
    descriptor = load_descriptor(root)
    return next(r for r in descriptor["resources"] if r.get("name") == RESOURCE)


def _read(path: Path, rel: str) -> str:
    """Return the CSV text, or raise ConfigError when it cannot be read."""
    try:
        return read_text(path)
    except FileNotFoundError:
        raise ConfigError([Problem.at(rel, None, "", "file-missing")]) from None
    except (OSError, UnicodeDecodeError) as error:
        problem = Problem.at(rel, None, "", "issue-file-unreadable", detail=str(error))
        raise ConfigError([problem]) from None


def _latest_date(header: list[str], rows: list[list[str]], lines: list[int], rel: str) -> dt.date:
    """Return the latest publication date in the file; DataInvalid if one is unreadable."""
    if "publication_date" not in header:
        raise DataInvalid([Problem.at(rel, 1, "publication_date", "issue-column-missing")])
    column = header.index("publication_date")
    dates, problems = [], []
    for row, line in zip(rows, lines, strict=True):
        value = row[column] if column < len(row) else ""
        try:
            dates.append(dt.date.fromisoformat(value))
        except ValueError:
            problems.append(
                Problem.at(rel, line, "publication_date", "issue-date-unreadable", value=value)
            )
    if problems:
        raise DataInvalid(problems)
    return max(dates)


def _check_slot(
    cal: schedule.Calendar,
    target: dt.date,
    latest: dt.date | None,
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    rel: str,
    new_line: int,
    extra: bool,
    digits: int = 2,
    first: int = 1,
) -> None:
    """Refuse a date off the calendar, an existing issue, a back-dated one or a gap."""
    day = target.isoformat()

    def refuse(line: int, field: str, code: str, **params: object) -> Refused:
        return Refused([Problem.at(rel, line, field, code, date=day, **params)])

    on_calendar = cal.is_issue_date(target)
    if not extra and not on_calendar and cal.governs(target):
        following = cal.next_date(target)
        raise refuse(
            new_line,
            "publication_date",
            "issue-off-schedule",
            next=following.isoformat() if following else "—",
            calendar=cal.spec,
        )
    for row, line in zip(rows, lines, strict=True):
        # Validation lets issues share a date (imported back issues); new-issue adds one a day.
        if _cell(header, row, "publication_date") == day:
            issue = _cell(header, row, "issue_id") or day
            raise refuse(line, "issue_id", "issue-duplicate", issue=issue)
    if latest is None:
        return
    if target < latest:
        raise refuse(new_line, "publication_date", "issue-backdated", latest=latest.isoformat())
    start = _calendar_start(cal, latest)
    expected = cal.next_date(start) if start is not None and cal.governs(target) else None
    if extra and on_calendar and target == expected:
        raise refuse(new_line, "publication_date", "issue-extra-on-calendar")
    if expected is not None and target > expected:
        number = _next_number(header, rows, expected, first)
        issue = schedule.format_issue_id(to_roc(expected.year), number, digits)
        raise refuse(
            new_line,
            "publication_date",
            "issue-gap",
            expected=expected.isoformat(),
            issue=issue,
        )


def _new_row(
    config: ProjectConfig,
    header: list[str],
    previous: dict[str, str],
    slot: Slot,
    extra: bool,
) -> dict[str, str]:
    """Return the new issue's row: calendar fields, titles after the previous row's pattern."""
    row = {name: "" for name in header}
    row.update(
        issue_id=schedule.format_issue_id(slot.volume, slot.number, config.number_digits),
        volume=str(slot.volume),
        number=str(slot.number),
        publication_date=slot.date.isoformat(),
        publisher_id=previous.get("publisher_id") or config.publisher_id,
    )
    if EXTRA in header:
        row[EXTRA] = "true" if extra else ""
    if "gpn" in header:
        row["gpn"] = previous.get("gpn", "")
    old = _slot_of(previous)
    for name in ("title_zh", "title_en"):
        if name in header:
            title = retitle(previous.get(name, ""), old, slot, name, config.name)
            if extra:
                title += " (Extra)" if name == "title_en" else " 號外"
            row[name] = title
    return {name: row[name] for name in header}


def _slot_of(row: dict[str, str]) -> Slot | None:
    """Return the slot of an existing row, or None when it cannot be read."""
    try:
        return Slot(
            int(row["volume"]), int(row["number"]), dt.date.fromisoformat(row["publication_date"])
        )
    except (KeyError, ValueError):
        return None


def retitle(
    title: str,
    old: dt.date | Slot | None,
    new: dt.date | Slot,
    field: str = "title_zh",
    name: Text | None = None,
) -> str:
    """Return `title` with the old issue's volume, number and date replaced by the new one's.

    The previous row is the pattern (e.g. "市政府公報 第114卷第5期" or "City Gazette
    Vol. 114 No. 5"): each number in it that equals the old volume, number, year, month or
    day is swapped for the new value, keeping zero padding. A title without any of them gets
    a default pattern with the gazette's `name`, so the new row never repeats the previous
    title. Dates stand for the regular issue of the sample's calendar on that day.
    """
    new_slot = _as_slot(new)
    used: list[str] = []
    if old is not None:
        old_parts = _date_parts(_as_slot(old))
        new_parts = _date_parts(new_slot)

        def swap(match: re.Match[str]) -> str:
            text = match.group(0)
            for key in _order(used):
                if int(text) == old_parts[key] and (len(text) > 1 or old_parts[key] < 10):
                    used.append(key)
                    value = new_parts[key]
                    return str(value).zfill(len(text)) if text.startswith("0") else str(value)
            return text

        renamed = re.sub(r"\d+", swap, title)
        if title and renamed != title:
            return renamed
    gazette = name or DEFAULT.name
    volume, number = new_slot.volume, new_slot.number
    if field == "title_en":
        return f"{gazette.en}, Vol. {volume}, No. {number}"
    return f"{gazette.zh} 第{volume}卷第{number}期"


def _as_slot(value: dt.date | Slot) -> Slot:
    """Return a slot; a bare date is the sample calendar's regular issue on it."""
    if isinstance(value, Slot):
        return value
    return Slot(to_roc(value.year), schedule.issue_number(value), value)


def _date_parts(slot: Slot) -> dict[str, int]:
    """Return the numbers a title may contain for an issue."""
    return {
        "volume": slot.volume,
        "number": slot.number,
        "year": slot.date.year,
        "month": slot.date.month,
        "day": slot.date.day,
    }


def _order(used: list[str]) -> list[str]:
    """Return the title fields to try, in order, each used once (volume first)."""
    return [k for k in ("volume", "number", "year", "month", "day") if k not in used]


def _terminated(text: str) -> str:
    """Return the text ending with a line feed, so an appended row starts on its own line."""
    return text if text.endswith("\n") or not text else text + "\n"


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette new-issue` and print the row it appended."""
    print(new_issue(args.root.absolute(), args.date, extra=args.extra))
    return []
