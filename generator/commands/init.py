"""`gazette init DIR --name NAME`: a new city's gazette project that validates and builds at once.

The project is made from the files in `scaffold/` (package data): the data package with all
six resources' schemas and header-only CSV files, the publisher as the first agency,
gazette.yaml, the MkDocs configs, the hand-written pages (about, licence, accessibility,
contact, how to verify) in both languages with the city's name, the GitHub workflows
(validate on push, publish on issue days) and a README for the city. `--sample` copies the
sample data of the generator's repository instead of empty files.

Everything is written into a temporary folder beside DIR first and renamed into place, so a
failure leaves nothing behind; a DIR that exists and is not empty is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from string import Template

import yaml

from generator import schedule
from generator.errors import ConfigError, Refused
from generator.gazette import editions, manifest
from generator.models import Problem
from generator.schedule import id_digits

SCAFFOLD = Path(__file__).parents[1] / "gazette" / "scaffold"
SAMPLE = Path(__file__).resolve().parents[2] / "datasets"  # the repository's sample data
DEFAULT_URL = "https://gazette.example.gov.tw/"
PUBLISHER_ID = "secretariat"
SAMPLE_CALENDAR = "monthly:15,last"
# Characters that would be Markdown, HTML or YAML syntax in the pages made from the name.
UNSAFE = re.compile(r"[<>\[\]|*_`\\{}$#:\"'\x00-\x1f\x7f]")
FORMULA_STARTS = ("=", "+", "-", "@")
CONTENT_PAGES = (
    "about.md", "accessibility.md", "contact.md", "license.md", "gazette/verify/index.md",
)  # fmt: skip
RENAMED = {"github": ".github", "gitignore": ".gitignore"}


def init_project(
    target: Path,
    name: str,
    name_en: str | None = None,
    spec: str | None = None,
    url: str | None = None,
    sample: bool = False,
) -> str:
    """Create the project in `target`; return a summary with the next steps."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused([Problem.at(str(target), None, "", "init-dir-not-empty", dir=str(target))])
    values = _values(name, name_en, spec or SAMPLE_CALENDAR, url or DEFAULT_URL, sample)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        _write(work, values, sample)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(
        [
            f"{target}: {values['name_zh']} ({values['calendar_spec']})",
            f"  gazette new-issue --root {target} --date {values['first_date']}",
            f"  gazette build --root {target}",
            f"  publishing: the secrets and variables {target}/README.md (Publishing) lists",
        ]
    )


def _check_name(option: str, value: str) -> str:
    """Return a name fit for pages, YAML and CSV; ConfigError otherwise."""
    value = value.strip()
    if not value or UNSAFE.search(value) or value.startswith(FORMULA_STARTS) or len(value) > 100:
        raise ConfigError([Problem.at("", None, option, "init-name-invalid", value=value[:60])])
    return value


def _values(name: str, name_en: str | None, spec: str, url: str, sample: bool) -> dict[str, str]:
    """Return the placeholders of the scaffold files for this city."""
    name_zh = _check_name("--name", name)
    english = _check_name("--name-en", name_en) if name_en else name_zh
    try:
        cal = schedule.parse_calendar(spec)
    except schedule.CalendarError as error:
        problem = Problem.at("", None, "--schedule", "config-calendar-invalid", detail=str(error))
        raise ConfigError([problem]) from None
    if sample and spec != SAMPLE_CALENDAR:
        problem = Problem.at("", None, "--schedule", "init-sample-calendar", calendar=spec)
        raise ConfigError([problem])
    if not re.fullmatch(r"https?://[^\s/?#<>\"'`]+(/[^\s?#<>\"'`]*)?", url):
        raise ConfigError([Problem.at("", None, "--url", "config-url-invalid", value=url)])
    url = url if url.endswith("/") else url + "/"
    government_zh = name_zh.removesuffix("公報") or name_zh
    government_en = re.sub(r"\s*Gazette$", "", english) or english
    publisher_zh = f"{government_zh}秘書處"
    publisher_en = f"Secretariat, {government_en}" if english != name_zh else publisher_zh
    host = re.sub(r"^https?://", "", url).split("/")[0].split(":")[0]
    today = schedule.today_in_taipei()
    first = today if cal.is_issue_date(today) else cal.next_date(today)
    # More than 99 issues a year (twice a week and extras) need three-digit numbers.
    digits = "3" if len(cal.dates_of_year(today.year)) > 80 else "2"
    values = {
        "name_zh": name_zh,
        "name_en": english,
        "government_zh": government_zh,
        "government_en": government_en,
        "publisher_zh": publisher_zh,
        "publisher_en": publisher_en,
        "site_url": url,
        "email": f"gazette@{host}" if "." in host else "gazette@example.gov.tw",
        "calendar_spec": spec,
        "calendar_zh": cal.describe("zh-TW"),
        "calendar_en": cal.describe("en"),
        "frequency": _frequency(cal),
        "package_name": "gazette-open-data",
        "first_date": first.isoformat() if first else "",
        "digits": digits,
    }
    # Plain YAML scalars in the descriptor: safe, since names hold no `:`, `#` or quotes.
    for key in ("name_zh", "name_en", "publisher_zh", "publisher_en"):
        values[f"{key}_q"] = values[key]
    return values


def _frequency(cal: schedule.Calendar) -> str:
    """Return the data package's update_frequency for a calendar."""
    if cal.month_days:
        return {1: "monthly", 2: "semimonthly"}.get(len(cal.month_days), "irregular")
    if cal.weekdays:
        return {1: "weekly", 2: "semiweekly"}.get(len(cal.weekdays), "irregular")
    return "irregular"


def _write(root: Path, values: dict[str, str], sample: bool) -> None:
    """Write every file of the new project under `root`."""
    (root / "gazette.yaml").write_text(config_text(values), encoding="utf-8")
    datasets = root / "datasets"
    datasets.mkdir()
    descriptor = _fill(SCAFFOLD / "datapackage.yaml", values)
    descriptor = descriptor.replace(
        "update_frequency: semimonthly", f"update_frequency: {values['frequency']}"
    )
    (datasets / "datapackage.yaml").write_text(descriptor, encoding="utf-8")
    if sample:
        _copy_sample(datasets)
        _copy_sample_editions(root)
    else:
        _empty_tables(datasets, yaml.safe_load(descriptor), values)
    for lang in ("zh", "en"):
        for page in CONTENT_PAGES:
            path = root / "content" / lang / page
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_fill(SCAFFOLD / "content" / lang / page, values), encoding="utf-8")
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copyfile(SCAFFOLD / name, root / name)
    workflows = root / RENAMED["github"] / "workflows"
    workflows.mkdir(parents=True)
    for workflow in sorted((SCAFFOLD / "github" / "workflows").glob("*.yml")):
        shutil.copyfile(workflow, workflows / workflow.name)
    shutil.copyfile(SCAFFOLD / "gitignore", root / RENAMED["gitignore"])
    (root / "README.md").write_text(_fill(SCAFFOLD / "README.md", values), encoding="utf-8")


def _fill(path: Path, values: dict[str, str]) -> str:
    """Return a scaffold file with its ${placeholders} filled."""
    return Template(path.read_text(encoding="utf-8")).safe_substitute(values)


def _empty_tables(datasets: Path, descriptor: dict, values: dict[str, str]) -> None:
    """Write header-only CSV files; the agencies file holds the publisher."""
    for resource in descriptor["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        lines = [",".join(names)]
        if resource["name"] == "agencies":
            row = {
                "agency_id": PUBLISHER_ID,
                "name_zh": values["publisher_zh"],
                "name_en": values["publisher_en"],
                "website": values["site_url"],
            }
            lines.append(",".join(_csv_cell(row.get(n, "")) for n in names))
        text = "\n".join(lines) + "\n"
        (datasets / resource["path"]).write_text(text, encoding="utf-8")
    (datasets / "entries").mkdir()


def _csv_cell(value: str) -> str:
    """Return a CSV cell, quoted when it holds a comma or a quote."""
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _copy_sample(datasets: Path) -> None:
    """Copy the sample's CSV files, entry texts and manifest (not its descriptor)."""
    if not (SAMPLE / "datapackage.yaml").is_file():
        raise ConfigError(
            [Problem.at("", None, "--sample", "init-sample-missing", path=str(SAMPLE))]
        )
    for item in sorted(SAMPLE.iterdir()):
        if item.name == "datapackage.yaml":
            continue
        if item.is_dir():
            shutil.copytree(item, datasets / item.name)
        else:
            shutil.copyfile(item, datasets / item.name)


def _copy_sample_editions(root: Path) -> None:
    """Copy every edition file the sample's chain vouches for (originals and reissues).

    The chain names editions by hash; without their files the first build stops at
    "editions/<vol>/<nn>.pdf 不存在", and rendering them again would not give those bytes.
    An issue recorded without an edition is frozen by the first publish build instead.
    """
    recorded, _ = manifest.load(root / manifest.MANIFEST_PATH, manifest.MANIFEST_PATH)
    records = (recorded or {}).get("issues", [])
    numbers = editions._repo_numbers(root)
    vouched = editions.versions(records, numbers)
    files = {v.file for chained in vouched.values() for v in chained}  # must be there
    for record in filter(manifest.is_issue_record, records):  # frozen before hashing began
        issue_id = record["issue_id"]
        if issue_id in numbers and issue_id not in vouched:
            rel = editions.relative_path(*numbers[issue_id], id_digits(issue_id))
            if (SAMPLE.parent / rel).is_file():
                files.add(rel)
    for rel in sorted(files):
        source = SAMPLE.parent / rel
        if not source.is_file():  # the repository itself lacks a recorded edition
            raise ConfigError(
                [Problem.at(rel, None, "--sample", "init-sample-missing", path=str(source))]
            )
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def config_text(values: dict[str, str]) -> str:
    """Return the gazette.yaml of a new project, with a comment on every field."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar

    ogdl = "Open Government Data License, version 1.0"
    description_en = (
        f"The {values['name_en']}, the official gift register, small-purchase price"
        " references and plan performance indicators as open data."
    )
    publisher_en = values["publisher_en"]
    copyright_en = f"{publisher_en} · released under the {ogdl}"

    return f"""# {values["name_zh"]}: identity, calendar and numbering (see README.md).

# The gazette's name as printed on every issue, page and feed.
name:
  zh: {q(values["name_zh"])}
  en: {q(values["name_en"])}

# The website's title and description.
site_name:
  zh: {q(values["publisher_zh"] + " 公報與公開資料")}
  en: {q(values["publisher_en"] + " — Gazette and Open Data")}
site_description:
  zh: {q(values["name_zh"] + "、公務餽贈登錄、小額採購參考價格與施政計畫績效指標之公開資料網站。")}
  en: {q(description_en)}

# The publishing agency: its agency_id in datasets/agencies.csv, and its name.
publisher:
  agency_id: {PUBLISHER_ID}
  name:
    zh: {q(values["publisher_zh"])}
    en: {q(values["publisher_en"])}

# The public address of the Chinese site; the English site is under en/.
site_url: {q(values["site_url"])}

# The logo in the header: a file under content/zh/ and content/en/ (empty: the theme's icon).
logo: ""

# How readers reach the editors.
contact:
  email: {q(values["email"])}

# The licence of the gazette and the datasets.
licence:
  name: OGDL-Taiwan-1.0
  url: https://data.gov.tw/license
  title:
    zh: 政府資料開放授權條款－第1版
    en: {ogdl}

# The line at the foot of every page.
copyright:
  zh: {q(values["publisher_zh"] + " · 依政府資料開放授權條款第1版釋出")}
  en: {q(copyright_en)}

# When regular issues appear: monthly:15,last | monthly:15,30 | weekly:tue,fri |
# {{dates: [2026-01-06, 2026-01-20, …]}}. Extra issues (號外): gazette new-issue --extra.
calendar: {q(values["calendar_spec"])}

# The volume is the ROC year; numbers run 1, 2, 3… in publication order, zero-padded to
# `digits` in issue ids and addresses (3 when a volume may have more than 99 issues).
numbering:
  volume: roc-year
  digits: {values["digits"]}

# The portal sections this city publishes. `false` leaves a section out of the site, its
# navigation, the catalogue, data.gov.tw and the data package (then also edit
# site_description above and the description in datasets/datapackage.yaml).
sections:
  gifts: true
  prices: true
  indicators: true
"""


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette init` and print where the new project is."""
    print(
        init_project(args.dir, args.name, args.name_en, args.schedule, args.url, sample=args.sample)
    )
    return []
