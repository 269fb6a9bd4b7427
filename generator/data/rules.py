"""Domain rules that Table Schema cannot express, checked on whole columns at once.

Each rule only looks at cells that passed their type check (`Sheet.usable`), so a bad
cell is reported once, by the schema check, and not again by every rule that reads it.
Rules whose columns are missing from a file are skipped: the header check reports those.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from generator import cache
from generator.config import load_config
from generator.data.clean_bodies import CleanBodies
from generator.data.constraints import Sheet
from generator.data.import_options import configured_limits
from generator.data.load import InsideFolder
from generator.data.textsafety import (
    FORMULA_START,
    HIDDEN_OR_LONE_CR,
    column_may_hold,
    first_invisible,
    has_lone_cr,
    invisible_character,
    looks_like_formula,
    snippet,
)
from generator.markup.markdown_limits import MAX_BODY_NESTING, shown_underscores, too_deep
from generator.models import Problem
from generator.roc import to_roc
from generator.schedule import Calendar, adoption_start, calendar_of

CORRIGENDUM = "更正"
RECEIVED, PRESENTED = "受贈", "致贈"
# 公務員廉政倫理規範: thresholds above which a received gift must be handled and recorded.
STAKEHOLDER_LIMIT, UNIT_LIMIT, TOTAL_LIMIT = 500, 3000, 10000
TOLERANCE = 1e-6  # weights are percentages with a few decimals
# Resources whose rules read files besides their own (gazette entries open their bodies):
# their verdict depends on more than their bytes, so it is never reused from a cache.
READS_FILES = frozenset({"gazette_entries"})


def check_rules(root: Path, sheets: dict[str, Sheet], reuse: bool = True) -> list[Problem]:
    """Return the problems found by every domain rule, on the sheets given.

    A rule that reads two resources must follow a foreign key between them (entries refer
    to issues): the validation cache relies on it, keying a resource by the bytes of the
    resources its keys point to, and leaving out of `sheets` a leaf proved clean before.
    With `reuse`, body texts found clean before are not scanned again (clean_bodies.py).
    """
    problems: list[Problem] = []
    config = load_config(root)  # the calendar and numbering of this gazette
    calendar = calendar_of(config)
    for sheet in sheets.values():
        problems += check_formulas(sheet) + check_invisible(sheet) + check_links(sheet)
    rules: list[tuple[str, Callable[..., list[Problem]]]] = [
        ("plan_indicators", check_objectives),
        ("plan_indicators", check_indicator_weights),
        ("gifts", check_gift_totals),
        ("gifts", check_gift_outcomes),
        ("procurement_prices", check_price_ranges),
        ("gazette_issues", lambda sheet: check_issue_ids(sheet, config.number_digits)),
        ("gazette_issues", lambda sheet: check_issue_calendar(sheet, calendar)),
        ("gazette_issues", lambda sheet: check_issue_numbers(sheet, adoption_start(config))),
        ("gazette_issues", check_issue_order),
        ("gazette_entries", check_entry_ids),
    ]
    for name, rule in rules:
        if name in sheets:
            problems += rule(sheets[name])
    if "agencies" in sheets and config.source is not None:
        problems += check_config_publisher(config.publisher_id, sheets["agencies"])
    if "gazette_entries" in sheets:
        entries = sheets["gazette_entries"]
        problems += check_bodies(root, entries, reuse) + check_corrects_category(entries)
        if "gazette_issues" in sheets:
            problems += check_signed_dates(entries, sheets["gazette_issues"])
            problems += check_corrigenda(entries, sheets["gazette_issues"])
    return problems


def _has(sheet: Sheet, *names: str) -> bool:
    """Tell whether every named column is in the file."""
    return all(n in sheet.fields for n in names)


def _ok(sheet: Sheet, *names: str) -> pd.Series:
    """Return the rows where every named cell is filled and well typed."""
    return sheet.usable[list(names)].all(axis=1)


def show(value: object) -> str:
    """Return a number as a clerk writes it: 60 not 60.0, 12.5 as is."""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.6g}"


def text_fields(sheet: Sheet) -> list[str]:
    """Return every string field of the file, patterned, enumerated or free."""
    return [name for name, spec in sheet.fields.items() if spec.get("type", "string") == "string"]


def check_formulas(sheet: Sheet) -> list[Problem]:
    """Refuse text a spreadsheet would run as a formula, in every text field.

    A pattern does not make a field safe: `=1+2字第1150041613號` matches the 發文字號
    pattern. See generator.data.textsafety for what counts as a formula start.
    """
    problems: list[Problem] = []
    for name in text_fields(sheet):
        cells = sheet.cells[name]
        if not column_may_hold(FORMULA_START, cells):
            continue
        starts = np.fromiter(map(looks_like_formula, cells), bool, len(cells))
        problems += sheet.emit(sheet.usable[name] & starts, name, "formula-injection")
    return problems


def check_invisible(sheet: Sheet) -> list[Problem]:
    """Refuse invisible characters (bidi controls, zero-width spaces, controls) in text fields.

    A lone carriage return (CR not followed by LF) is refused too: one reader shows it as a
    line break, another does not, and a line-based tool splits the row there.
    """
    problems: list[Problem] = []
    for name in text_fields(sheet):
        cells = sheet.cells[name]
        if not column_may_hold(HIDDEN_OR_LONE_CR, cells):  # one scan for both
            continue
        for i, value in enumerate(cells):
            if value.isprintable():
                continue
            point = invisible_character(value)
            if point is not None:
                problems.append(sheet.at(i, name, "invisible-character", codepoint=point))
            if has_lone_cr(value):
                problems.append(sheet.at(i, name, "text-lone-cr"))
    return problems


def check_links(sheet: Sheet) -> list[Problem]:
    """Refuse URI cells that are not http(s): javascript: or data: links must not be published."""
    problems: list[Problem] = []
    for name, spec in sheet.fields.items():
        if spec.get("format") == "uri":
            web = sheet.cells[name].str.match(r"(?i)https?://")
            problems += sheet.emit(sheet.usable[name] & ~web, name, "url-unsafe")
    return problems


def _first_rows(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return each group's first row (in file order), keeping the row number as `_row`."""
    return frame.reset_index(names="_row").drop_duplicates(keys, keep="first")


def check_objectives(sheet: Sheet) -> list[Problem]:
    """Every row of one objective repeats its first row's name and weight."""
    keys = ["plan_year", "objective_no"]
    if not _has(sheet, *keys):
        return []
    frame = sheet.typed[_ok(sheet, *keys)]
    problems: list[Problem] = []
    for field in ("objective_zh", "objective_weight"):
        if not _has(sheet, field):
            continue
        rows = frame[sheet.usable.loc[frame.index, field]]
        first = _first_rows(rows, keys)[[*keys, field, "_row"]]
        joined = rows.reset_index(names="row").merge(first, on=keys, suffixes=("", "_first"))
        differ = joined[joined[field] != joined[f"{field}_first"]]
        for values in differ.to_dict("records"):
            problems.append(
                sheet.at(
                    int(values["row"]),
                    field,
                    "objective-inconsistent",
                    plan_year=int(values["plan_year"]),
                    objective_no=int(values["objective_no"]),
                    first=sheet.cells[field].iat[int(values["_row"])],
                    first_line=int(sheet.lines[int(values["_row"])]),
                )
            )
    return problems


def check_indicator_weights(sheet: Sheet) -> list[Problem]:
    """Indicator weights of an objective add up to its weight; objectives of a year to ≤ 100."""
    keys = ["plan_year", "objective_no"]
    if not _has(sheet, *keys, "objective_weight", "indicator_weight"):
        return []
    frame = sheet.typed[_ok(sheet, *keys)]
    frame = frame.assign(_complete=sheet.usable.loc[frame.index, "indicator_weight"])
    groups = frame.groupby(keys, sort=False)
    first = _first_rows(frame, keys).set_index(keys)
    summary = first.assign(
        actual=groups["indicator_weight"].sum(),
        complete=groups["_complete"].all(),
    )
    problems: list[Problem] = []
    wrong = summary[
        summary["complete"]
        & summary["objective_weight"].notna()
        & ((summary["actual"] - summary["objective_weight"]).abs() > TOLERANCE)
    ]
    for (year, number), row in wrong.iterrows():
        problems.append(
            sheet.at(
                int(row["_row"]),
                "indicator_weight",
                "indicator-weights-sum",
                plan_year=int(year),
                objective_no=int(number),
                expected=show(row["objective_weight"]),
                actual=show(row["actual"]),
            )
        )
    years = first.reset_index().groupby("plan_year", sort=False)
    totals = years.agg(total=("objective_weight", "sum"), _row=("_row", "min"))
    for year, row in totals[totals["total"] > 100 + TOLERANCE].iterrows():
        problems.append(
            sheet.at(
                int(row["_row"]),
                "objective_weight",
                "objective-weights-over-100",
                plan_year=int(year),
                actual=show(row["total"]),
            )
        )
    return problems


def check_gift_totals(sheet: Sheet) -> list[Problem]:
    """The total value is the quantity times the unit value."""
    names = ("quantity", "unit_value", "total_value")
    if not _has(sheet, *names):
        return []
    typed = sheet.typed
    expected = typed["quantity"] * typed["unit_value"]
    wrong = _ok(sheet, *names) & (expected != typed["total_value"])
    problems = []
    for i in Sheet.rows(wrong):
        problems.append(
            sheet.at(
                i,
                "total_value",
                "gift-total-mismatch",
                quantity=int(typed["quantity"].iat[i]),
                unit_value=int(typed["unit_value"].iat[i]),
                expected=int(expected.iat[i]),
            )
        )
    return problems


def over_gift_limits(stakeholder: Any, unit_value: Any, total_value: Any) -> Any:
    """Return whether a received gift is over the ethics thresholds (must be handled).

    The one test of 公務員廉政倫理規範, shared by the rule below (on columns) and the gift
    register's filter (on one row), so the page and validation can never disagree:
    from a stakeholder above STAKEHOLDER_LIMIT a unit, or above UNIT_LIMIT a unit, or
    above TOTAL_LIMIT in total.
    """
    return (
        (stakeholder & (unit_value > STAKEHOLDER_LIMIT))
        | (unit_value > UNIT_LIMIT)
        | (total_value > TOTAL_LIMIT)
    )


def check_gift_outcomes(sheet: Sheet) -> list[Problem]:
    """A received gift over the ethics thresholds has an outcome; a presented one has none."""
    names = ("direction", "unit_value", "total_value", "outcome")
    if not _has(sheet, *names):
        return []
    typed, cells = sheet.typed, sheet.cells
    stakeholder = (
        typed["stakeholder"].fillna(False).astype(bool) if _has(sheet, "stakeholder") else False
    )
    unit, total = typed["unit_value"], typed["total_value"]
    over = over_gift_limits(stakeholder, unit, total)
    received = _ok(sheet, "direction", "unit_value", "total_value") & (
        cells["direction"] == RECEIVED
    )
    missing = received & over.fillna(False) & (cells["outcome"] == "")
    problems = []
    for i in Sheet.rows(missing):
        problems.append(
            sheet.at(
                i,
                "outcome",
                "gift-outcome-missing",
                unit_value=int(unit.iat[i]),
                total_value=int(total.iat[i]),
            )
        )
    presented = (cells["direction"] == PRESENTED) & (cells["outcome"] != "")
    return problems + sheet.emit(presented, "outcome", "gift-outcome-presented")


def check_price_ranges(sheet: Sheet) -> list[Problem]:
    """The reference price lies within the observed minimum and maximum."""
    names = ("reference_price", "min_price", "max_price")
    if not _has(sheet, *names):
        return []
    typed = sheet.typed
    inside = (typed["min_price"] <= typed["reference_price"]) & (
        typed["reference_price"] <= typed["max_price"]
    )
    outside = _ok(sheet, *names) & ~inside.fillna(True)
    problems = []
    for i in Sheet.rows(outside):
        problems.append(
            sheet.at(
                i,
                "reference_price",
                "price-out-of-range",
                min=show(typed["min_price"].iat[i]),
                max=show(typed["max_price"].iat[i]),
            )
        )
    return problems


def check_issue_ids(sheet: Sheet, digits: int = 2) -> list[Problem]:
    """issue_id is volume-NN; the volume is the ROC year of the publication date."""
    problems: list[Problem] = []
    typed = sheet.typed
    if _has(sheet, "issue_id", "volume", "number"):
        number = typed["number"].astype(str).str.zfill(digits)
        expected = typed["volume"].astype(str) + "-" + number
        wrong = _ok(sheet, "issue_id", "volume", "number") & (sheet.cells["issue_id"] != expected)
        for i in Sheet.rows(wrong):
            problems.append(sheet.at(i, "issue_id", "issue-id-mismatch", expected=expected.iat[i]))
    if not _has(sheet, "publication_date", "volume"):
        return problems
    dates = pd.to_datetime(typed["publication_date"])
    dated = sheet.usable["publication_date"]
    roc = to_roc(dates.dt.year)
    wrong = dated & sheet.usable["volume"] & (typed["volume"] != roc)
    for i in Sheet.rows(wrong):
        problems.append(
            sheet.at(
                i,
                "volume",
                "issue-volume-mismatch",
                expected=int(roc.iat[i]),
                date=sheet.cells["publication_date"].iat[i],
            )
        )
    return problems


def check_config_publisher(agency_id: str, agencies: Sheet) -> list[Problem]:
    """gazette.yaml's publisher is an agency of agencies.csv."""
    if not _has(agencies, "agency_id") or agency_id in set(agencies.cells["agency_id"]):
        return []
    return [Problem.at("gazette.yaml", None, "publisher.agency_id", "config-publisher-missing",
                       agency=agency_id)]  # fmt: skip


def check_issue_calendar(sheet: Sheet, calendar: Calendar) -> list[Problem]:
    """A regular issue appears on a calendar date; an extra issue (號外) may not.

    The calendar governs issues from its adoption on: issues dated before `adopted` and
    back-catalogue issues followed the calendar of their time and are exempt.
    """
    if not _has(sheet, "publication_date"):
        return []
    dates = sheet.typed["publication_date"]
    dated = sheet.usable["publication_date"]
    on = np.fromiter(
        (bool(d) and (not calendar.governs(d) or calendar.is_issue_date(d)) for d in dates),
        bool,
        len(dates),
    )
    exempt = _extra_flags(sheet) | _back_catalogue_flags(sheet)
    return sheet.emit(
        dated & ~on & ~exempt, "publication_date", "issue-date-off-schedule", calendar=calendar.spec
    )


def _back_catalogue_flags(sheet: Sheet) -> np.ndarray:
    """Return which rows are marked back-catalogue (False where the column is absent)."""
    if not _has(sheet, "back_catalogue"):
        return np.zeros(len(sheet.cells), bool)
    values = sheet.typed["back_catalogue"]
    return np.asarray(sheet.usable["back_catalogue"] & values.fillna(False).astype(bool), bool)


def _extra_flags(sheet: Sheet) -> np.ndarray:
    """Return which rows are marked as extra issues (False where the column is absent)."""
    if not _has(sheet, "extra"):
        return np.zeros(len(sheet.cells), bool)
    values = sheet.typed["extra"]
    return np.asarray(sheet.usable["extra"] & values.fillna(False).astype(bool), dtype=bool)


def check_issue_order(sheet: Sheet) -> list[Problem]:
    """Within a volume, numbers follow publication order: a later issue has a higher number.

    Several issues may share a date (a regular issue and a 號外, or two back-catalogue
    issues of one sitting day); their numbers give their order.
    """
    names = ("volume", "number", "publication_date")
    if not _has(sheet, *names):
        return []
    frame = sheet.typed.loc[_ok(sheet, *names), list(names)].reset_index(names="_row")
    frame = frame.sort_values(["volume", "number"], kind="stable")
    problems = []
    for _volume, group in frame.groupby("volume", sort=False):
        latest = None
        for row, day in zip(group["_row"], group["publication_date"], strict=True):
            if latest is not None and day < latest:
                problems.append(
                    sheet.at(int(row), "number", "issue-number-order", latest=latest.isoformat())
                )
            latest = day if latest is None or day > latest else latest
    return problems


def check_issue_numbers(sheet: Sheet, start: tuple[int, int] | None = None) -> list[Problem]:
    """Numbers run on from 1 within a volume; report each gap at the issue after it.

    `start` is (volume, first number) of a calendar adopted mid-year: that volume's numbers
    may start there, as the printed issues before adoption are not in the archive.
    """
    if not _has(sheet, "volume", "number"):
        return []
    frame = sheet.typed.loc[_ok(sheet, "volume", "number"), ["volume", "number"]]
    frame = frame[~frame["volume"].isin(back_catalogue_volumes(sheet))]  # digitised with gaps
    frame = frame.drop_duplicates().sort_values(["volume", "number"], kind="stable")
    previous = frame.groupby("volume")["number"].shift(fill_value=0)
    if start is not None:
        volume, first = start
        in_volume = frame["volume"] == volume
        if in_volume.any() and frame.loc[in_volume, "number"].min() >= first:
            head = in_volume & (previous == 0)
            previous = previous.mask(head, first - 1)
    gaps = frame[frame["number"] - previous > 1]
    problems = []
    for row, number in gaps["number"].items():
        low, high = int(previous[row]) + 1, int(number) - 1
        missing = str(low) if low == high else f"{low}–{high}"
        problems.append(
            sheet.at(
                int(row),
                "number",
                "issue-number-gap",
                volume=int(frame.at[row, "volume"]),
                missing=missing,
            )
        )
    return problems


def back_catalogue_volumes(sheet: Sheet) -> set[int]:
    """Return the volumes holding a back-catalogue issue: their numbers may have gaps."""
    if not _has(sheet, "back_catalogue", "volume"):
        return set()
    marked = _ok(sheet, "back_catalogue", "volume") & sheet.typed["back_catalogue"].eq(True)
    return {int(v) for v in sheet.typed.loc[marked.fillna(False), "volume"]}


def check_entry_ids(sheet: Sheet) -> list[Problem]:
    """An entry's ID starts with its issue's ID."""
    if not _has(sheet, "entry_id", "issue_id"):
        return []
    prefix = sheet.cells["entry_id"].str.rsplit("-", n=1).str[0]
    wrong = _ok(sheet, "entry_id", "issue_id") & (prefix != sheet.cells["issue_id"])
    problems = []
    for i in Sheet.rows(wrong):
        problems.append(
            sheet.at(i, "entry_id", "entry-id-mismatch", issue=sheet.cells["issue_id"].iat[i])
        )
    return problems


def _issue_dates(issues: Sheet) -> pd.Series:
    """Return publication dates indexed by issue ID (first row wins for duplicates)."""
    if not _has(issues, "issue_id", "publication_date"):
        return pd.Series(dtype=object)
    ok = _ok(issues, "issue_id", "publication_date")
    dates = pd.Series(
        issues.typed.loc[ok, "publication_date"].to_numpy(),
        index=issues.cells.loc[ok, "issue_id"].to_numpy(),
    )
    return dates[~dates.index.duplicated()]


def check_signed_dates(entries: Sheet, issues: Sheet) -> list[Problem]:
    """An entry is signed no later than its issue appears."""
    if not _has(entries, "issue_id", "signed_date"):
        return []
    published = entries.cells["issue_id"].map(_issue_dates(issues))
    ok = _ok(entries, "issue_id", "signed_date") & published.notna()
    late = pd.Series(False, index=entries.cells.index)
    late[ok] = entries.typed.loc[ok, "signed_date"] > published[ok]
    problems = []
    for i in Sheet.rows(late):
        problems.append(
            entries.at(
                i,
                "signed_date",
                "entry-signed-after-issue",
                issue=entries.cells["issue_id"].iat[i],
                date=str(published.iat[i]),
            )
        )
    return problems


def check_corrects_category(entries: Sheet) -> list[Problem]:
    """A corrigendum names the entry it corrects; other entries leave `corrects` empty."""
    if not _has(entries, "category", "corrects"):
        return []
    cells = entries.cells
    corrigendum = cells["category"] == CORRIGENDUM
    problems = entries.emit(
        corrigendum & (cells["corrects"] == ""), "corrects", "corrigendum-missing-corrects"
    )
    other = entries.usable["category"] & ~corrigendum & (cells["corrects"] != "")
    for i in Sheet.rows(other):
        problems.append(
            entries.at(i, "corrects", "corrects-not-corrigendum", category=cells["category"].iat[i])
        )
    return problems


def check_corrigenda(entries: Sheet, issues: Sheet) -> list[Problem]:
    """A corrigendum corrects an entry published in an earlier issue."""
    if not _has(entries, "entry_id", "issue_id", "category", "corrects"):
        return []
    cells = entries.cells
    dates = _issue_dates(issues)
    issue_of = pd.Series(cells["issue_id"].to_numpy(), index=cells["entry_id"].to_numpy())
    issue_of = issue_of[~issue_of.index.duplicated()]
    target_issue = cells["corrects"].map(issue_of)
    own, target = cells["issue_id"].map(dates), target_issue.map(dates)
    ok = (cells["category"] == CORRIGENDUM) & own.notna() & target.notna()
    late = pd.Series(False, index=cells.index)
    late[ok] = target[ok] >= own[ok]
    problems = []
    for i in Sheet.rows(late):
        problems.append(
            entries.at(
                i,
                "corrects",
                "corrigendum-not-earlier",
                target=target_issue.iat[i],
                issue=cells["issue_id"].iat[i],
            )
        )
    return problems


def check_bodies(root: Path, entries: Sheet, reuse: bool = True) -> list[Problem]:
    """Full-text files exist under datasets/, are UTF-8, do not lead outside it and render.

    A body nested deeper than markdown_limits.MAX_BODY_NESTING is reported at its own file
    and line: the build would otherwise cut it short (or, before, crash on it).
    """
    inside = InsideFolder(root / "datasets")
    # A body committed straight into datasets/ is bounded like an imported one.
    max_chars = configured_limits(load_config(root).limits).body_chars
    # Texts that passed before are not scanned again.
    clean = CleanBodies(root if reuse else None, max_chars)
    problems: list[Problem] = []
    for field in ("body_zh", "body_en"):
        if not _has(entries, field):
            continue
        cells = entries.cells[field]
        verdicts = {
            value: _body_verdict(inside, value, max_chars, clean)
            for value in set(cells[entries.usable[field]])
        }
        found = cells.map(verdicts)
        for i in Sheet.rows(found.notna()):
            code, line, params = found.iat[i]
            if line is None:
                problems.append(entries.at(i, field, code, **params))
                continue
            entry = entries.cells["entry_id"].iat[i] if _has(entries, "entry_id") else ""
            where = f"datasets/{cells.iat[i]}"
            problems.append(Problem.at(where, line, field, code, entry=entry, **params))
    clean.save()
    return problems


Verdict = tuple[str, int | None, dict[str, object]]


def _body_verdict(
    inside: InsideFolder, value: str, max_chars: int, clean: CleanBodies | None = None
) -> Verdict | None:
    """Return (problem code, body line, message values) for one full-text path, or None.

    A file larger than `max_chars` could be in UTF-8 (4 bytes a character) is refused
    before it is read, so a huge file costs a `stat`, not the memory to hold it."""
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value or ":" in value:
        return "body-outside-datasets", None, {}
    try:
        real = inside.real(value)
        if real is None:  # a symlink that leads out
            return "body-outside-datasets", None, {}
        if not os.path.isfile(real):
            return "body-missing", None, {}
        size = os.path.getsize(real)
        if size > 4 * max_chars:
            return "body-over-limit", None, _over(f"{size:,} bytes", max_chars)
        with open(real, "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):  # a name too long, a loop of links, no permission
        return "body-missing", None, {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "body-not-utf8", None, {}
    if data.startswith(b"\xef\xbb\xbf"):
        return "body-not-utf8", None, {}
    sha = cache.sha256(data)
    if clean is not None and clean.passed(sha):
        return None
    verdict = _text_verdict(text, max_chars)
    if verdict is None and clean is not None:
        clean.passes(sha)
    return verdict


def _text_verdict(text: str, max_chars: int) -> Verdict | None:
    """Return the verdict on a body's text (decoded): its length and what it holds."""
    if len(text) > max_chars:
        return "body-over-limit", None, _over(f"{len(text):,} characters", max_chars)
    # The full text is published like any cell: the same invisible characters are refused.
    hidden = first_invisible(text)
    if hidden is not None:
        line, column, char = hidden
        code = "body-lone-cr" if char == "\r" else "body-invisible-character"
        shown = {"codepoint": f"U+{ord(char):04X}", "column": column,
                 "context": snippet(text, line, column)}  # fmt: skip
        return code, line, shown
    deep = too_deep(text)
    if deep is not None:
        return "body-too-deep", deep[0], {"depth": deep[1], "limit": MAX_BODY_NESTING}
    underscored = shown_underscores(text)
    if underscored is not None:
        return "body-underscore-shown", underscored[0], {"found": underscored[1]}
    return None


def _over(found: str, max_chars: int) -> dict[str, object]:
    """Return the message values of a body over the `limits.body_bytes` bound."""
    return {"found": found, "limit": f"{max_chars:,}"}
