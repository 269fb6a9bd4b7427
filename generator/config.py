"""Constants every concern shares, and the project's own configuration (`gazette.yaml`).

The languages are defined once in `generator/languages.py`, the time zone once in the calendar
(`generator/schedule.py`, taken from here too) and ROC years in `generator/roc.py`, so
that no module spells 1911 or "Asia/Taipei" on its own. Everything that makes a project
one city's gazette (its names, publisher, address, logo, contact, licence, calendar and numbering)
is read from `gazette.yaml` at the project root by `load_config`; a project without the
file gets the sample city's values, so older projects keep building as before.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import safe_read
from generator.errors import ConfigError
from generator.limits import DEFAULT_LIMITS, Limits
from generator.models import Problem
from generator.schedule import TIMEZONE as TIMEZONE  # taken from here by the build and others
from generator.schedule import CalendarError, parse_calendar

CONFIG_FILE = "gazette.yaml"


@dataclass(frozen=True)
class Text:
    """A text in both site languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text of `lang` (zh-TW or en)."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Contact:
    """How readers reach the gazette's editors."""

    email: str = ""
    phone: str = ""
    address: Text = Text("", "")


@dataclass(frozen=True)
class Licence:
    """The licence the gazette and the datasets are released under."""

    name: str
    url: str
    title: Text


@dataclass(frozen=True)
class ProjectConfig:
    """One city's gazette: who publishes it, where, when, and how issues are numbered."""

    name: Text  # the gazette's name, as printed on every issue (市政府公報)
    site_name: Text  # the website's title
    site_description: Text
    publisher_id: str  # agency_id of the publisher in agencies.csv
    publisher: Text  # the publisher's name
    site_url: str  # absolute, ends with "/"
    logo: str  # path of the logo under content/ ("" for none)
    contact: Contact
    licence: Licence
    copyright: Text
    calendar: str  # the calendar spec (see generator.schedule)
    calendar_dates: tuple[str, ...] = ()  # the dates of a `dates` calendar (ISO)
    calendar_adopted: str = ""  # ISO date the calendar governs issues from ("": always)
    first_number: int = 1  # the number of the adoption volume's first issue (mid-year start)
    calendar_skip: tuple[str, ...] = ()  # calendar dates without an issue (ISO)
    calendar_move: tuple[tuple[str, str], ...] = ()  # (calendar date, the date it moved to)
    volume: str = "roc-year"  # volume = ROC year of the publication date
    number_digits: int = 2  # issue numbers are zero-padded to this width in ids and paths
    limits: Limits = DEFAULT_LIMITS  # how big an imported file may be (generator/limits.py)
    sections_off: frozenset[str] = frozenset()  # portal sections not published (sections.py)
    source: Path | None = field(default=None, compare=False, repr=False)  # the file read

    def text(self, name: str, lang: str) -> str:
        """Return a bilingual attribute in `lang` (e.g. text("name", "en"))."""
        return getattr(self, name).get(lang)


DEFAULT = ProjectConfig(
    name=Text("市政府公報", "City Gazette"),
    site_name=Text(
        "市政府秘書處 公報與公開資料", "City Government Secretariat — Gazette and Open Data"
    ),
    site_description=Text(
        "市政府公報、公務餽贈登錄、小額採購參考價格與施政計畫績效指標之公開資料網站。",
        "The city gazette, the official gift register, small-purchase price references and"
        " plan performance indicators as open data.",
    ),
    publisher_id="secretariat",
    publisher=Text("市政府秘書處", "City Government Secretariat"),
    site_url="https://gazette.example.gov.tw/",
    logo="",
    contact=Contact(email="opendata@gazette.example.gov.tw"),
    licence=Licence(
        "OGDL-Taiwan-1.0",
        "https://data.gov.tw/license",
        Text("政府資料開放授權條款－第1版", "Open Government Data License, version 1.0"),
    ),
    copyright=Text(
        "市政府秘書處 · 依政府資料開放授權條款第1版釋出",
        "City Government Secretariat · released under the Open Government Data License,"
        " version 1.0",
    ),
    calendar="monthly:15,last",
)


class ConfigProblem(Exception):
    """One problem in gazette.yaml, located by line and dotted field name."""

    def __init__(self, line: int | None, field_name: str, code: str, **params: Any) -> None:
        super().__init__(code)
        self.line, self.field, self.code, self.params = line, field_name, code, params


def load_config(root: Path) -> ProjectConfig:
    """Return the project's configuration; the sample's values without a gazette.yaml.

    A file that cannot be used raises ConfigError (exit 2) with `gazette.yaml:LINE:FIELD`.
    """
    path = Path(root) / CONFIG_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return DEFAULT
    except OSError:
        stat = None
    key = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
    return _load(path.resolve(), *key)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> ProjectConfig:
    """Parse and check one version of gazette.yaml (the stat values key the cache)."""
    try:
        data, lines = _read(path)
        return _build(data, lines, path)
    except ConfigProblem as problem:
        raise ConfigError(
            [Problem.at(CONFIG_FILE, problem.line, problem.field, problem.code, **problem.params)]
        ) from None


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Return the YAML mapping and the line of every (dotted) key in it."""
    try:
        with path.open("rb") as handle:  # never more than the limit in memory
            raw = handle.read(safe_read.YAML_MAX_BYTES + 1)
        if len(raw) > safe_read.YAML_MAX_BYTES:
            raise safe_read.LimitError(f"more than {safe_read.YAML_MAX_BYTES} bytes")
        text = raw.decode("utf-8")
        # Size, alias expansion and depth are checked on the node graph before anything
        # walks the loaded value (`_index` below would follow every alias).
        node = safe_read.compose_yaml(text, _Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except safe_read.LimitError as error:
        raise ConfigProblem(None, "", "config-too-large", detail=str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigProblem(None, "", "config-unreadable", detail=str(error)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        detail = str(getattr(error, "problem", "") or error)
        raise ConfigProblem(line, "", "config-unreadable", detail=detail) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigProblem(1, "", "config-not-mapping")
    lines: dict[str, int] = {}
    _index(node, "", lines)
    return data, lines


class _Loader(yaml.SafeLoader):
    """YAML as written: dates stay text (2026-13-01 is reported by the calendar check)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)


def _index(node: yaml.Node | None, prefix: str, lines: dict[str, int]) -> None:
    """Record the line of each mapping key under `prefix` (e.g. "calendar.dates")."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            lines[name] = key.start_mark.line + 1
            _index(value, name + ".", lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[f"{prefix}{i}"] = item.start_mark.line + 1


FIELDS = {
    "name",
    "site_name",
    "site_description",
    "publisher",
    "site_url",
    "logo",
    "contact",
    "licence",
    "copyright",
    "calendar",
    "numbering",
    "limits",
    "sections",
}
SECTION_NAMES = ("gifts", "prices", "indicators")  # `sections:` switches (generator/sections.py)


class _Reader:
    """Typed access to the raw mapping, raising ConfigProblem at the right line."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int]) -> None:
        self.data, self.lines = data, lines

    def line(self, name: str) -> int | None:
        """Return the line of a dotted field, or of its nearest parent."""
        while name:
            if name in self.lines:
                return self.lines[name]
            name = name.rpartition(".")[0]
        return None

    def raw(self, name: str) -> Any:
        """Return the raw value of a dotted field, or None."""
        value: Any = self.data
        for part in name.split("."):
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def fail(self, name: str, code: str, **params: Any) -> ConfigProblem:
        """Return the problem to raise for field `name`."""
        return ConfigProblem(self.line(name), name, code, **params)

    def string(self, name: str, default: str) -> str:
        """Return a text field (numbers are not text: a clerk must quote them)."""
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(name, "config-field-type", expected="text")
        if "\n" in value.strip() or "<" in value:
            raise self.fail(name, "config-field-markup")
        if "{" in value or "}" in value:
            # Names are put into labels that are then filled with str.format: a brace in a
            # name would be read as a placeholder there ({volume}) and break the build.
            raise self.fail(name, "config-field-braces", value=value)
        return value.strip()

    def text(self, name: str, default: Text) -> Text:
        """Return a bilingual field: {zh: ..., en: ...}, or one string for both."""
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, str):
            single = self.string(name, "")
            return Text(single, single)
        if not isinstance(value, dict):
            raise self.fail(name, "config-field-type", expected="{zh: …, en: …}")
        unknown = set(value) - {"zh", "en"}
        if unknown:
            field_name = f"{name}.{sorted(unknown)[0]}"
            raise self.fail(field_name, "config-field-unknown", allowed="zh, en")
        zh = self.string(f"{name}.zh", default.zh)
        return Text(zh, self.string(f"{name}.en", zh if value.get("zh") else default.en))


def _build(data: dict[str, Any], lines: dict[str, int], path: Path) -> ProjectConfig:
    """Check every field of the mapping and return the configuration."""
    read = _Reader(data, lines)
    for name in data:
        if name not in FIELDS:
            raise read.fail(str(name), "config-field-unknown", allowed=", ".join(sorted(FIELDS)))
    d = DEFAULT
    for group, allowed in (
        ("publisher", {"agency_id", "name"}),
        ("contact", {"email", "phone", "address"}),
        ("licence", {"name", "url", "title"}),
        ("numbering", {"volume", "digits"}),
        ("limits", set(Limits.names())),
        ("sections", set(SECTION_NAMES)),
    ):
        value = read.raw(group)
        if value is not None and not isinstance(value, dict):
            raise read.fail(group, "config-field-type", expected="mapping")
        for key in value or {}:
            if key not in allowed:
                raise read.fail(
                    f"{group}.{key}", "config-field-unknown", allowed=", ".join(sorted(allowed))
                )
    url = read.string("site_url", d.site_url)
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise read.fail("site_url", "config-url-invalid", value=url)
    url = url if url.endswith("/") else url + "/"
    licence_url = read.string("licence.url", d.licence.url)
    if licence_url and not re.fullmatch(r"https?://\S+", licence_url):
        raise read.fail("licence.url", "config-url-invalid", value=licence_url)
    agency = read.string("publisher.agency_id", d.publisher_id)
    if not re.fullmatch(r"[a-z][a-z0-9-]{1,39}", agency):
        raise read.fail("publisher.agency_id", "config-agency-invalid", value=agency)
    email = read.string("contact.email", d.contact.email)
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise read.fail("contact.email", "config-email-invalid", value=email)
    logo = read.string("logo", d.logo)
    if logo and (logo.startswith("/") or ".." in logo.split("/") or "\\" in logo):
        raise read.fail("logo", "config-logo-invalid", value=logo)
    spec, dates, rules = _calendar(read, d.calendar)
    volume = read.string("numbering.volume", d.volume)
    if volume != "roc-year":
        raise read.fail("numbering.volume", "config-field-choice", value=volume, allowed="roc-year")
    digits = read.raw("numbering.digits")
    if digits is None:
        digits = d.number_digits
    if not isinstance(digits, int) or isinstance(digits, bool) or not 2 <= digits <= 3:
        raise read.fail("numbering.digits", "config-field-choice", value=digits, allowed="2, 3")
    off = set()
    for section in SECTION_NAMES:
        switch = read.raw(f"sections.{section}")
        if switch is not None and not isinstance(switch, bool):
            raise read.fail(f"sections.{section}", "config-field-choice", value=switch,
                            allowed="true, false")  # fmt: skip
        if switch is False:
            off.add(section)
    name = read.text("name", d.name)
    publisher = read.text("publisher.name", d.publisher)
    return ProjectConfig(
        name=name,
        site_name=read.text("site_name", d.site_name),
        site_description=read.text("site_description", d.site_description),
        publisher_id=agency,
        publisher=publisher,
        site_url=url,
        logo=logo,
        contact=Contact(
            email=email,
            phone=read.string("contact.phone", d.contact.phone),
            address=read.text("contact.address", d.contact.address),
        ),
        licence=Licence(
            read.string("licence.name", d.licence.name),
            licence_url,
            read.text("licence.title", d.licence.title),
        ),
        copyright=read.text("copyright", d.copyright),
        calendar=spec,
        calendar_dates=dates,
        **rules,
        number_digits=digits,
        limits=_limits(read),
        sections_off=frozenset(off),
        source=path,
    )


def _limits(read: _Reader) -> Limits:
    """Return the `limits:` section over the defaults; each value a whole number above 0."""
    values: dict[str, int] = {}
    for name in Limits.names():
        value = read.raw(f"limits.{name}")
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise read.fail(f"limits.{name}", "config-limit-invalid", value=value)
        values[name] = value
    return Limits(**values) if values else DEFAULT_LIMITS


CALENDAR_KEYS = {"rule", "dates", "adopted", "first_number", "exceptions"}


def _calendar(read: _Reader, default: str) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """Return the calendar spec, the dates of a list, and adoption and exceptions; check all.

    `calendar` is a rule (`weekly:tue,fri`), `{dates: [...]}`, or a mapping with `rule` or
    `dates` and optionally `adopted`, `first_number` and `exceptions: {skip, move}`.
    """
    value = read.raw("calendar")
    if value is None:
        return default, (), {}
    if isinstance(value, dict):
        unknown = sorted(set(value) - CALENDAR_KEYS)
        if unknown:
            raise read.fail(
                f"calendar.{unknown[0]}",
                "config-field-unknown",
                allowed=", ".join(sorted(CALENDAR_KEYS)),
            )
        if ("rule" in value) == ("dates" in value):
            raise read.fail(
                "calendar",
                "config-field-type",
                expected="{rule: weekly:tue,fri} or {dates: [YYYY-MM-DD, …]}",
            )
    if isinstance(value, dict) and "dates" in value:
        if not isinstance(value["dates"], list):
            raise read.fail("calendar", "config-field-type", expected="{dates: [YYYY-MM-DD, …]}")
        dates = []
        for i, item in enumerate(value["dates"]):
            text = item.isoformat() if hasattr(item, "isoformat") else str(item)
            dates.append(text)
            try:
                parse_calendar("dates", (text,))
            except CalendarError as error:
                field_name = f"calendar.dates.{i}"
                raise read.fail(field_name, "config-calendar-invalid", detail=str(error)) from None
        spec: str = "dates"
        found: tuple[str, ...] = tuple(dates)
    elif isinstance(value, dict | str):
        rule = value.get("rule") if isinstance(value, dict) else value
        if not isinstance(rule, str):
            raise read.fail("calendar.rule", "config-field-type", expected="text")
        spec, found = rule.strip(), ()
    else:
        raise read.fail("calendar", "config-field-type", expected="text")
    try:
        cal = parse_calendar(spec, found)
    except CalendarError as error:
        raise read.fail("calendar", "config-calendar-invalid", detail=str(error)) from None
    rules = _calendar_rules(read, value, cal) if isinstance(value, dict) else {}
    return spec, found, rules


def _iso_day(read: _Reader, name: str, value: Any) -> str:
    """Return a date setting as ISO text, or fail at its line."""
    import datetime as dt

    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise read.fail(name, "config-calendar-date", value=text) from None


def _calendar_rules(read: _Reader, value: dict[str, Any], cal: Any) -> dict[str, Any]:
    """Return adoption, first number and exceptions of a calendar mapping, checked."""
    import datetime as dt

    rules: dict[str, Any] = {}
    if value.get("adopted") is not None:
        rules["calendar_adopted"] = _iso_day(read, "calendar.adopted", value["adopted"])
    first = value.get("first_number")
    if first is not None:
        if not isinstance(first, int) or isinstance(first, bool) or not 1 <= first <= 999:
            raise read.fail("calendar.first_number", "config-field-type", expected="1–999")
        if "calendar_adopted" not in rules:
            raise read.fail("calendar.first_number", "config-first-number-alone")
        rules["first_number"] = first
    exceptions = value.get("exceptions")
    if exceptions is None:
        return rules
    if not isinstance(exceptions, dict) or set(exceptions) - {"skip", "move"}:
        raise read.fail(
            "calendar.exceptions",
            "config-field-type",
            expected="{skip: [YYYY-MM-DD], move: {YYYY-MM-DD: YYYY-MM-DD}}",
        )
    skip = exceptions.get("skip") or []
    move = exceptions.get("move") or {}
    if not isinstance(skip, list):
        raise read.fail("calendar.exceptions.skip", "config-field-type", expected="[YYYY-MM-DD, …]")
    if not isinstance(move, dict):
        raise read.fail(
            "calendar.exceptions.move", "config-field-type", expected="{YYYY-MM-DD: YYYY-MM-DD}"
        )
    skipped = []
    for i, item in enumerate(skip):
        name = f"calendar.exceptions.skip.{i}"
        day = _iso_day(read, name, item)
        if not cal.is_issue_date(dt.date.fromisoformat(day)):  # a typo would skip nothing
            raise read.fail(name, "config-exception-not-issue-date", value=day, calendar=cal.spec)
        skipped.append(day)
    moved = []
    for source, target in move.items():
        name = f"calendar.exceptions.move.{source}"
        day = _iso_day(read, name, source)
        to = _iso_day(read, name, target)
        if not cal.is_issue_date(dt.date.fromisoformat(day)) or day in skipped:
            raise read.fail(name, "config-exception-not-issue-date", value=day, calendar=cal.spec)
        if cal.is_issue_date(dt.date.fromisoformat(to)) or to in {t for _, t in moved}:
            raise read.fail(name, "config-exception-move-taken", value=day, target=to)
        moved.append((day, to))
    rules["calendar_skip"] = tuple(sorted(skipped))
    rules["calendar_move"] = tuple(sorted(moved))
    return rules


def replace(config: ProjectConfig, **changes: Any) -> ProjectConfig:
    """Return a copy of `config` with some fields changed (for tests and `gazette init`)."""
    return dataclasses.replace(config, **changes)
