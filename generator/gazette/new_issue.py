"""`gazette new-issue`: append the next issue of the gazette to datasets/gazette_issues.csv.

Issues are only ever added at the end, on the next free slot of the calendar
(`generator.gazette.schedule`): a date off the schedule, an issue that already exists or one that
would leave a slot empty is refused and the file is left byte for byte as it was. The new
row is appended as one line, so the diff under review is exactly one added line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from generator.data.load import load_descriptor, parse_csv, read_text, resource_path
from generator.errors import ConfigError, DataInvalid, Refused
from generator.gazette import schedule
from generator.models import Problem

RESOURCE = "gazette_issues"


def new_issue(root: Path, date: dt.date | None = None) -> str:
    """Append the issue published on `date` (default: the next slot); return a summary line."""
    resource = _resource(root)
    rel = resource_path(resource)
    path = root / rel
    text = _read(path, rel)
    header, rows, lines = parse_csv(text)
    if not rows:
        raise Refused([Problem.at(rel, None, "", "issue-no-previous")])
    previous = dict(zip(header, rows[-1], strict=False))
    latest = _latest_date(header, rows, lines, rel)
    target = date or schedule.next_issue_date(latest)
    new_line = _terminated(text).count("\n") + 1  # the editor line the new row will get
    _check_slot(target, latest, header, rows, lines, rel, new_line)
    row = _new_row(header, previous, target)
    path.write_bytes(_appended(text, header, row).encode("utf-8"))
    return f"{row['issue_id']} {target.isoformat()} {row.get('title_zh', '')}".rstrip()


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
    target: dt.date,
    latest: dt.date,
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    rel: str,
    new_line: int,
) -> None:
    """Refuse a date off the schedule, an existing issue, a back-dated one or a gap."""
    day = target.isoformat()
    if not schedule.is_issue_date(target):
        raise Refused(
            [
                Problem.at(
                    rel,
                    new_line,
                    "publication_date",
                    "issue-off-schedule",
                    date=day,
                    next=schedule.next_issue_date(target).isoformat(),
                )
            ]
        )
    ids = [row[header.index("issue_id")] if "issue_id" in header else "" for row in rows]
    dates = [row[header.index("publication_date")] for row in rows]
    wanted = schedule.issue_id(target)
    for row_id, row_date, line in zip(ids, dates, lines, strict=True):
        if row_id == wanted or row_date == day:
            raise Refused(
                [Problem.at(rel, line, "issue_id", "issue-duplicate", issue=wanted, date=day)]
            )
    expected = schedule.next_issue_date(latest)
    if target < expected:
        raise Refused(
            [
                Problem.at(
                    rel,
                    new_line,
                    "publication_date",
                    "issue-backdated",
                    date=day,
                    latest=latest.isoformat(),
                )
            ]
        )
    if target > expected:
        raise Refused(
            [
                Problem.at(
                    rel,
                    new_line,
                    "publication_date",
                    "issue-gap",
                    date=day,
                    expected=expected.isoformat(),
                    issue=schedule.issue_id(expected),
                )
            ]
        )


def _new_row(header: list[str], previous: dict[str, str], target: dt.date) -> dict[str, str]:
    """Return the new issue's row: calendar fields, titles after the previous row's pattern."""
    prev_date = dt.date.fromisoformat(previous["publication_date"])
    row = {name: "" for name in header}
    row.update(
        issue_id=schedule.issue_id(target),
        volume=str(schedule.roc_year(target)),
        number=str(schedule.issue_number(target)),
        publication_date=target.isoformat(),
    )
    for name in ("publisher_id", "gpn"):
        if name in header:
            row[name] = previous.get(name, "")
    for name in ("title_zh", "title_en"):
        if name in header:
            row[name] = retitle(previous.get(name, ""), prev_date, target, name)
    return {name: row[name] for name in header}


def retitle(title: str, old: dt.date, new: dt.date, field: str = "title_zh") -> str:
    """Return `title` with the old issue's volume, number and date replaced by the new one's.

    The previous row is the pattern (e.g. "市政府公報 第114卷第5期" or "City Gazette
    Vol. 114 No. 5"): each number in it that equals the old volume, number, year, month or
    day is swapped for the new value, keeping zero padding. A title without any of them gets
    a default pattern, so the new row never repeats the previous title.
    """
    old_parts = _date_parts(old)
    new_parts = _date_parts(new)
    used: list[str] = []

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
    volume, number = schedule.roc_year(new), schedule.issue_number(new)
    if field == "title_en":
        return f"City Gazette, Vol. {volume}, No. {number}"
    return f"市政府公報 第{volume}卷第{number}期"


def _date_parts(day: dt.date) -> dict[str, int]:
    """Return the numbers a title may contain for the issue published on `day`."""
    return {
        "volume": schedule.roc_year(day),
        "number": schedule.issue_number(day),
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def _order(used: list[str]) -> list[str]:
    """Return the title fields to try, in order, each used once (volume first)."""
    return [k for k in ("volume", "number", "year", "month", "day") if k not in used]


def _appended(text: str, header: list[str], row: dict[str, str]) -> str:
    """Return the CSV text with `row` appended as one LF-terminated line."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row[name] for name in header])
    return _terminated(text) + buffer.getvalue()


def _terminated(text: str) -> str:
    """Return the text ending with a line feed, so an appended row starts on its own line."""
    return text if text.endswith("\n") or not text else text + "\n"
