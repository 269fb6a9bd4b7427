"""Write the realistic sample corpus: six canonical CSV files and the gazette entry bodies.

The output is a function of the parameters only (a seeded random.Random, no clock), so two
runs with the same parameters are byte-identical. Defaults reproduce the committed sample;
larger parameters give a synthetic archive for benchmarks:

    python tools/sample_corpus.py --out .                     # refresh the repo's datasets
    python tools/sample_corpus.py --out /tmp/big --first-year 2015 --entries-per-issue 40
    python tools/sample_corpus.py --out /tmp/busy --issues-per-year 104   # twice a week
"""

from __future__ import annotations

import argparse
import calendar
import csv
import random
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

# Make `python tools/sample_corpus.py` work from any folder: the text pools live next door.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import sample_corpus_text as text  # noqa: E402

from generator.schedule import parse_calendar  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "datasets" / "datapackage.yaml"
GPN = "2009305678"  # invented; one number for the whole gazette, as a GPN is per serial
FORMULA_STARTS = ("=", "+", "-", "@")
# Issues a year → the publication calendar (gazette.yaml `calendar`) a city with that many
# issues keeps: the project's own calendar rules give the dates, so a busy archive's issues
# fall where `gazette new-issue` and the validator expect them (weekly:tue,fri has 104 or
# 105 dates a year).
CALENDARS = {
    12: "monthly:last",
    24: "monthly:15,last",
    52: "weekly:fri",
    104: "weekly:tue,fri",
    156: "weekly:mon,wed,fri",
}


@dataclass(frozen=True)
class Params:
    """Hold the knobs of the corpus; the defaults give the committed sample."""

    first_year: int = 2025
    last_year: int = 2026
    issues_per_year: int = 24  # a key of CALENDARS
    entries_per_issue: int | None = None  # None: 5 to 9 per issue, varying
    gifts: int = 252
    price_items: int = 96
    surveys_per_item: int = 4
    indicator_years: tuple[int, ...] = (107, 113, 114, 115)
    records_until: date = date(2026, 11, 20)  # last day with gift or price records
    seed: int = 115


# --------------------------------------------------------------------------- helpers


def roc(year: int) -> int:
    """Return the ROC (Minguo) year of a Gregorian year."""
    return year - 1911


def roc_date_zh(day: date) -> str:
    """Return a date the way Chinese official documents print it, e.g. 115年3月5日."""
    return f"{roc(day.year)}年{day.month}月{day.day}日"


def date_en(day: date) -> str:
    """Return a date in the English style of the site, e.g. 5 March 2026."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def fmt_number(value: float) -> str:
    """Return a number without thousands separators or a useless trailing .0."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def cell(value: Any) -> str:
    """Return the canonical CSV text of one value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | int):
        return fmt_number(value)
    return str(value)


def schema_fields(descriptor: dict[str, Any]) -> dict[str, list[str]]:
    """Return each resource's field names in schema order."""
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}


def write_csv(path: Path, names: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write rows as UTF-8 CSV with LF endings, quoting only where needed."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            values = [cell(row.get(name)) for name in names]
            for name, value in zip(names, values, strict=True):
                # Spreadsheets would run such a cell as a formula; the validator refuses it.
                if value.startswith(FORMULA_STARTS):
                    raise ValueError(f"{path.name}: {name} starts like a formula: {value!r}")
            writer.writerow(values)


def month_ends(year: int) -> list[date]:
    """Return the gazette's publication dates of one year: the 15th and the last day."""
    days = []
    for month in range(1, 13):
        days.append(date(year, month, 15))
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
    return days


# --------------------------------------------------------------------------- agencies


def agency_rows(rng: random.Random) -> list[dict[str, Any]]:
    """Return the agency code list."""
    rows = []
    for agency_id, name_zh, name_en, parent in text.AGENCIES:
        website = (
            "" if agency_id.startswith("secretariat-") else f"https://{agency_id}.example.gov.tw/"
        )
        rows.append(
            {
                "agency_id": agency_id,
                "name_zh": name_zh,
                "name_en": name_en,
                "parent_id": parent,
                "website": website,
            }
        )
    return rows


# --------------------------------------------------------------------------- gazette


@dataclass
class Entry:
    """Hold one gazette entry while the corpus is planned and written."""

    issue: dict[str, Any]
    category: str
    agency_id: str
    signed_date: date
    prefix: str = ""
    doc_number: str = ""
    entry_id: str = ""
    title_zh: str = ""
    title_en: str = ""
    body_zh: str = ""
    body_en: str = ""
    has_en_title: bool = True
    has_en_body: bool = True
    corrects: Entry | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def calendar_spec(issues_per_year: int) -> str:
    """Return the calendar spec of a city with `issues_per_year` issues; ValueError if none."""
    if issues_per_year not in CALENDARS:
        known = ", ".join(str(n) for n in CALENDARS)
        raise ValueError(f"--issues-per-year takes one of {known}, not {issues_per_year}")
    return CALENDARS[issues_per_year]


def number_digits(issues_per_year: int) -> int:
    """Return the issue-number width (gazette.yaml `numbering.digits`): 3 past 99 a year."""
    return 3 if issues_per_year > 99 else 2


def issue_dates(year: int, issues_per_year: int) -> list[date]:
    """Return the publication dates of one year on the calendar of that many issues."""
    if issues_per_year == 24:
        return month_ends(year)
    return parse_calendar(calendar_spec(issues_per_year)).dates_of_year(year)


def issue_rows(params: Params) -> list[dict[str, Any]]:
    """Return every issue between first_year and last_year."""
    rows = []
    digits = number_digits(params.issues_per_year)
    for year in range(params.first_year, params.last_year + 1):
        volume = roc(year)
        for number, day in enumerate(issue_dates(year, params.issues_per_year), start=1):
            rows.append(
                {
                    "issue_id": f"{volume}-{number:0{digits}d}",
                    "volume": volume,
                    "number": number,
                    "publication_date": day,
                    "title_zh": f"市政府公報 {volume}年第{number}期",
                    "title_en": f"City Gazette, Vol. {volume} No. {number}",
                    "publisher_id": "secretariat",
                    "gpn": GPN,
                }
            )
    return rows


def plan_categories(rng: random.Random, params: Params, issues: list[dict]) -> list[list[str]]:
    """Return the categories of each issue's entries, every category present in every year."""
    weights = text.CATEGORY_WEIGHTS
    plan: list[list[str]] = []
    for index, _issue in enumerate(issues):
        count = params.entries_per_issue or rng.randint(5, 9)
        cats = rng.choices(list(weights), weights=list(weights.values()), k=count)
        if index < 2:  # nothing earlier to correct yet
            cats = [c if c != "更正" else "公告" for c in cats]
        plan.append(cats)
    for year in range(params.first_year, params.last_year + 1):
        in_year = [i for i, issue in enumerate(issues) if issue["volume"] == roc(year)]
        ensure_year_coverage(rng, plan, in_year)
        for i in in_year:
            make_room_for_scheduled(plan, in_year, i, len(text.scheduled(issues[i])))
    for cats in plan:
        cats.sort(key=text.CATEGORY_ORDER.index)  # gazettes print regulations first
    return plan


def ensure_year_coverage(rng: random.Random, plan: list[list[str]], in_year: list[int]) -> None:
    """Overwrite a few 公告 slots so every category, and two corrigenda, appear in a year."""
    needed = [c for c in text.CATEGORY_ORDER if c != "更正"]
    late = [i for i in in_year if i >= 2] or in_year
    needed += ["更正"] * max(0, 2 - sum(plan[i].count("更正") for i in in_year))
    for category in needed:
        if category != "更正" and any(category in plan[i] for i in in_year):
            continue
        pool = late if category == "更正" else in_year
        for _ in range(200):
            i = rng.choice(pool)
            slots = [k for k, c in enumerate(plan[i]) if c == "公告"]
            if slots:
                plan[i][rng.choice(slots)] = category
                break


def make_room_for_scheduled(plan: list[list[str]], in_year: list[int], i: int, due: int) -> None:
    """Turn slots into 公告 until issue i can carry its `due` calendar notices.

    Only categories that also appear elsewhere in the year give up a slot, so the
    every-category-every-year coverage survives.
    """
    counts = Counter(c for j in in_year for c in plan[j])
    for k, category in sorted(enumerate(plan[i]), key=lambda kc: -counts[kc[1]]):
        if plan[i].count("公告") >= due:
            return
        floor = 2 if category == "更正" else 1
        if category != "公告" and counts[category] > floor:
            plan[i][k] = "公告"
            counts[category] -= 1


def plan_entries(rng: random.Random, params: Params, issues: list[dict]) -> list[Entry]:
    """Return all entries with category, agency, signing date and text, doc numbers still empty."""
    entries: list[Entry] = []
    by_issue: list[list[Entry]] = []
    for issue, cats in zip(issues, plan_categories(rng, params, issues), strict=True):
        mine = []
        for seq, category in enumerate(cats, start=1):
            lag = rng.choices(range(15), weights=[1, 4, 5, 6, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2])[0]
            entry = Entry(issue, category, "", issue["publication_date"] - timedelta(days=lag))
            entry.entry_id = f"{issue['issue_id']}-{seq:03d}"
            entry.has_en_title = rng.random() < 0.8
            entry.has_en_body = entry.has_en_title and rng.random() < 0.875
            mine.append(entry)
        by_issue.append(mine)
        entries.extend(mine)
    for index, mine in enumerate(by_issue):
        due = text.scheduled(mine[0].issue)
        for entry in mine:
            if entry.category == "更正":
                entry.corrects = pick_corrected(rng, by_issue, index)
                entry.agency_id = entry.corrects.agency_id
                entry.prefix = entry.corrects.prefix
                # A correction is signed after the erroneous issue came out, never before.
                printed = entry.corrects.issue["publication_date"] + timedelta(days=1)
                entry.signed_date = max(entry.signed_date, printed)
            else:
                name = due.pop(0) if due and entry.category == "公告" else None
                text.compose(rng, entry, name)
                entry.prefix = text.doc_prefix(entry.agency_id, entry.category)
    assign_doc_numbers(rng, entries)
    for entry in entries:
        if entry.category == "更正":
            text.compose_corrigendum(rng, entry)
    return entries


def pick_corrected(rng: random.Random, by_issue: list[list[Entry]], index: int) -> Entry:
    """Return a non-corrigendum entry from one of the few issues before `index`."""
    for _ in range(100):
        earlier = by_issue[rng.randint(max(0, index - 6), index - 1)]
        candidates = [e for e in earlier if e.category not in ("更正", "人事")]
        if candidates:
            return rng.choice(candidates)
    return next(e for e in by_issue[index - 1] if e.category != "更正")


def assign_doc_numbers(rng: random.Random, entries: list[Entry]) -> None:
    """Give every entry a unique document number, rising with the signing date per prefix."""
    counters: dict[tuple[str, int], int] = {}
    for entry in sorted(entries, key=lambda e: (e.signed_date, e.entry_id)):
        year = roc(entry.signed_date.year)
        key = (entry.prefix, year)
        counters[key] = counters.get(key, rng.randint(1000, 60000)) + rng.randint(3, 60)
        entry.doc_number = f"{entry.prefix}字第{year:03d}{counters[key]:07d}號"


def entry_rows(entries: list[Entry]) -> list[dict[str, Any]]:
    """Return the gazette_entries rows."""
    rows = []
    for e in entries:
        folder = f"entries/{e.issue['volume']}"
        rows.append(
            {
                "entry_id": e.entry_id,
                "issue_id": e.issue["issue_id"],
                "category": e.category,
                "agency_id": e.agency_id,
                "doc_number": e.doc_number,
                "signed_date": e.signed_date,
                "title_zh": e.title_zh,
                "title_en": e.title_en if e.has_en_title else "",
                "body_zh": f"{folder}/{e.entry_id}.zh.md",
                "body_en": f"{folder}/{e.entry_id}.en.md" if e.has_en_body else "",
                "corrects": e.corrects.entry_id if e.corrects else "",
            }
        )
    return rows


def write_bodies(datasets: Path, entries: list[Entry]) -> None:
    """Write each entry's Markdown bodies under datasets/entries/<volume>/."""
    for e in entries:
        folder = datasets / "entries" / str(e.issue["volume"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{e.entry_id}.zh.md").write_text(e.body_zh, encoding="utf-8", newline="\n")
        if e.has_en_body:
            (folder / f"{e.entry_id}.en.md").write_text(e.body_en, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- gifts


def gift_rows(rng: random.Random, params: Params) -> list[dict[str, Any]]:
    """Return the gift register: mostly presented local specialties, some received gifts."""
    start = date(params.first_year - 1, 1, 1)
    span = (params.records_until - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(params.gifts))
    rows, per_year = [], {}
    for day in days:
        per_year[day.year] = per_year.get(day.year, 0) + 1
        row = text.gift(rng, day)
        row["gift_id"] = f"G{day.year}-{per_year[day.year]:04d}"
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- prices


def survey_dates(params: Params) -> list[date]:
    """Return the quarterly survey dates up to records_until."""
    days = [
        date(year, month, 10)
        for year in range(params.first_year, params.last_year + 1)
        for month in (2, 5, 8, 11)
    ]
    return [d for d in days if d <= params.records_until]


def item_survey_dates(rng: random.Random, quarters: list[date], wanted: int, n: int) -> list[date]:
    """Return the survey dates of the n-th item: a rotating cohort spread over the whole span.

    Items are surveyed in turns (every other quarter with the defaults), so each quarter has
    data; a few items get one survey less or an extra one, as happens in practice.
    """
    step = max(1, len(quarters) // max(1, wanted))
    days = quarters[n % step :: step][-wanted:]
    roll = rng.random()
    if roll < 0.08 and len(days) > 1:
        days = days[1:]
    elif roll < 0.16:
        extra = [d for d in quarters if d not in days][-1:]
        days = sorted(days + extra)
    return days


def price_rows(rng: random.Random, params: Params) -> list[dict[str, Any]]:
    """Return the price surveys: each item a few quarters, prices drifting upwards mostly."""
    quarters = survey_dates(params)
    rows = []
    for n, item in enumerate(text.price_items(params.price_items)):
        price = item["base"] * rng.uniform(0.92, 1.08)
        source = item["source"]
        for day in item_survey_dates(rng, quarters, params.surveys_per_item, n):
            price *= 1 + rng.uniform(-0.015, 0.035)
            rows.append(price_row(rng, item, day, price, source, "本市"))
            if rng.random() < 0.1:
                region = rng.choice(["北部", "全國"])
                rows.append(
                    price_row(rng, item, day, price * rng.uniform(0.95, 1.05), source, region)
                )
    return rows


def price_row(
    rng: random.Random, item: dict, day: date, price: float, source: str, region: str
) -> dict[str, Any]:
    """Return one survey row with min <= reference <= max."""
    digits = 1 if price < 30 else 0
    ref = round(price, digits)
    if source == "共同供應契約":
        quotes = rng.choice([1, 1, 1, 2, 3])
        low, high = ref, round(price * rng.uniform(1.0, 1.06), digits)
    else:
        quotes = rng.randint(2, 8)
        low = round(price * rng.uniform(0.8, 0.97), digits)
        high = round(price * rng.uniform(1.03, 1.25), digits)
    return {
        "item_id": item["item_id"],
        "name_zh": item["name_zh"],
        "name_en": item["name_en"],
        "category": item["category"],
        "specification": item["spec"],
        "unit": item["unit"],
        "reference_price": ref,
        "min_price": min(low, ref),
        "max_price": max(high, ref),
        "quotes": quotes,
        "survey_date": day,
        "source": source,
        "region": region,
        "agency_id": "secretariat-procurement",
    }


# --------------------------------------------------------------------------- indicators


def indicator_rows(rng: random.Random, params: Params) -> list[dict[str, Any]]:
    """Return the plan indicators of every requested plan year."""
    current = roc(params.records_until.year)
    rows = []
    for year in params.indicator_years:
        objectives = text.TAOYUAN_107 if year == 107 else text.midterm_plan(year)
        for obj_no, objective in enumerate(objectives, start=1):
            for ind_no, ind in enumerate(objective["indicators"], start=1):
                rows.append(indicator_row(rng, year, obj_no, objective, ind_no, ind, current))
    return rows


def indicator_row(
    rng: random.Random, year: int, obj_no: int, obj: dict, ind_no: int, ind: dict, current: int
) -> dict[str, Any]:
    """Return one indicator row; years not yet over have mostly no actual value."""
    measured = year < current or (year == current and ind.get("early", False))
    return {
        "indicator_id": f"{year}-{obj_no:02d}-{ind_no:02d}",
        "plan_year": year,
        "objective_no": obj_no,
        "objective_zh": obj["zh"],
        "objective_en": obj.get("en", ""),
        "objective_weight": obj["weight"],
        "indicator_no": ind_no,
        "indicator_zh": ind["zh"],
        "indicator_en": ind.get("en", ""),
        "indicator_weight": ind["weight"],
        "measure_zh": ind["measure_zh"],
        "measure_en": ind.get("measure_en", ""),
        "unit_zh": ind["unit_zh"],
        "unit_en": ind.get("unit_en", ""),
        "target_value": ind["target"],
        "actual_value": text.actual_value(rng, ind) if measured else None,
        "higher_is_better": ind.get("higher", True),
        "data_source_zh": ind.get("source_zh", ""),
        "data_source_en": ind.get("source_en", ""),
        "agency_id": ind.get("agency", obj.get("agency", "secretariat")),
    }


# --------------------------------------------------------------------------- the whole corpus


def write_corpus(out: Path, **params: Any) -> None:
    """Write a complete project folder layout under `out` (datasets/ with schema, CSVs, bodies)."""
    p = Params(**params)
    rng = random.Random(p.seed)
    datasets = Path(out) / "datasets"
    datasets.mkdir(parents=True, exist_ok=True)
    target = datasets / "datapackage.yaml"
    if not (target.exists() and target.resolve() == SCHEMA.resolve()):
        shutil.copyfile(SCHEMA, target)
    names = schema_fields(yaml.safe_load(SCHEMA.read_text(encoding="utf-8")))
    issues = issue_rows(p)
    entries = plan_entries(random.Random(rng.random()), p, issues)
    tables = {
        "agencies": agency_rows(rng),
        "gazette_issues": issues,
        "gazette_entries": entry_rows(entries),
        "gifts": gift_rows(random.Random(rng.random()), p),
        "procurement_prices": price_rows(random.Random(rng.random()), p),
        "plan_indicators": indicator_rows(random.Random(rng.random()), p),
    }
    for name, rows in tables.items():
        write_csv(datasets / f"{name}.csv", names[name], rows)
    # Stale bodies from an earlier, larger run would be orphans; start the folder afresh.
    shutil.rmtree(datasets / "entries", ignore_errors=True)
    write_bodies(datasets, entries)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the command-line options."""
    defaults = Params()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="project folder to write into")
    parser.add_argument("--first-year", type=int, default=defaults.first_year)
    parser.add_argument("--last-year", type=int, default=defaults.last_year)
    parser.add_argument("--entries-per-issue", type=int, default=None)
    parser.add_argument(
        "--issues-per-year",
        type=int,
        choices=sorted(CALENDARS),
        default=defaults.issues_per_year,
        help="issues a year, on the calendar such a city keeps (104: weekly:tue,fri)",
    )
    parser.add_argument("--gifts", type=int, default=defaults.gifts)
    parser.add_argument("--price-items", type=int, default=defaults.price_items)
    parser.add_argument("--surveys-per-item", type=int, default=defaults.surveys_per_item)
    parser.add_argument(
        "--indicator-years", type=int, nargs="+", default=list(defaults.indicator_years)
    )
    parser.add_argument("--records-until", type=date.fromisoformat, default=defaults.records_until)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line."""
    args = vars(parse_args(argv))
    out = args.pop("out")
    known = {f.name for f in fields(Params)}
    args = {k: v for k, v in args.items() if k in known}
    args["indicator_years"] = tuple(args["indicator_years"])
    write_corpus(out, **args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
