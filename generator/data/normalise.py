"""Pure converters from what staff type into spreadsheets to the datasets' canonical form.

Every parser returns `None` for text it cannot read, so the caller decides how to report it.
Canonical forms: ISO 8601 dates, plain decimal numbers, `true`/`false`, LF line breaks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from generator.config import TIMEZONE
from generator.roc import from_roc, to_roc

_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_ASCII[0x3000] = 0x20  # ideographic space
# Only digits and Latin letters: free Chinese text keeps its full-width punctuation (，。：（）).
_FULLWIDTH_ALNUM = {
    code: code - 0xFEE0
    for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, end + 1)
}

_ROC_PREFIX = r"(?:中華民國|民國|民)?"
_SEP_DATE = re.compile(r"(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})")
_CJK_DATE = re.compile(r"(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_ROC_MARK = re.compile(r"^(?:中華民國|民國|民)\s*")
_CURRENCY = re.compile(r"^(?:NT\$|NTD|TWD|新臺幣|新台幣|\$)|(?:元整|元|NTD|TWD)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_TRUE = {"是", "y", "yes", "true", "t", "1", "✓", "✔", "v", "○", "有", "o"}
_FALSE = {"否", "n", "no", "false", "f", "0", "✗", "✘", "x", "×", "無"}


def to_halfwidth(text: str) -> str:
    """Return `text` with full-width ASCII characters and the ideographic space made half-width."""
    return text.translate(_FULLWIDTH_ASCII)


def to_halfwidth_alnum(text: str) -> str:
    """Return `text` with only full-width digits and Latin letters made half-width."""
    return text.translate(_FULLWIDTH_ALNUM)


def to_fullwidth(text: str) -> str:
    """Return `text` with printable ASCII made full-width (the inverse of `to_halfwidth`)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# Line breaks other systems write inside a cell: Word's and Excel's manual break (VT), a
# page break (FF), and Unicode's line and paragraph separators. Validation refuses them as
# invisible characters; the importer turns them into the LF they stand for.
_OTHER_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})


def clean_text(text: str) -> str:
    """Return a cell with every line break made LF and outer whitespace (incl. U+3000)
    removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_OTHER_BREAKS)
    return text.strip()


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None if it does not exist (e.g. 2月30日)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_NUMBER = re.compile(r"[〇○零一二兩三四五六七八九十百]+")


def chinese_number(text: str) -> int | None:
    """Return the value of numerals in words: 九十六 → 96, 一百零三 → 103, 一一三 → 113."""
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    if "十" not in text and "百" not in text:  # digit by digit, as years are often written
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            unit = 10 if char == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
    return total + (digit or 0)


def words_to_digits(text: str) -> str:
    """Return `text` with every run of Chinese numerals replaced by Arabic digits."""
    return _CN_NUMBER.sub(lambda m: str(chinese_number(m.group()) or m.group()), text)


# What an official long form adds after the date: the weekday in brackets, then the time of
# day (中華民國101年9月18日（星期二）上午10時9分). Both are read, checked and dropped.
_WEEKDAY = re.compile(r"\s*[（(]\s*(?:星期|週|周|礼拜|禮拜)\s*([一二三四五六日天])\s*[)）]")
_CJK_TIME = re.compile(
    r"\s*(?:上午|下午|中午|晚上|早上)?\s*\d{1,2}\s*[時点點](?:\s*\d{1,2}\s*分)?(?:\s*\d{1,2}\s*秒)?\s*$"
)
_WEEKDAY_INDEX = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
# An ISO 8601 date-time with its zone: the instant is read as the Taipei date it falls on.
_ZONED = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})",
    re.IGNORECASE,
)


def _strip_long_form(text: str) -> tuple[str, int | None] | None:
    """Return the date part of an official long form and its weekday (None: none given).

    None for the whole result when the weekday is written but cannot be read.
    """
    weekday: int | None = None
    match = _WEEKDAY.search(text)
    if match is not None:
        tail = words_to_digits(text[match.end() :])
        if tail.strip() and not _CJK_TIME.fullmatch(tail):
            return None
        weekday = _WEEKDAY_INDEX[match.group(1)]
        text = text[: match.start()]
    else:
        text = words_to_digits(text)
        text = _CJK_TIME.sub("", text) if "日" in text else text
    return text.strip(), weekday


def _weekday_fits(day: dt.date | None, weekday: int | None) -> dt.date | None:
    """Return the date when the printed weekday (if any) is its weekday, else None."""
    if day is None or weekday is None or day.weekday() == weekday:
        return day
    return None


def parse_zoned_datetime(text: str) -> dt.datetime | None:
    """Return the instant of an ISO 8601 date-time with a zone (…T16:00:00.000Z), or None."""
    plain = to_halfwidth(text).strip()
    if _ZONED.fullmatch(plain) is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(re.sub(r"[zZ]$", "+00:00", plain.replace(",", ".")))
    except ValueError:  # e.g. 2012-02-30T…, or an hour 25
        return None
    return moment if moment.tzinfo is not None else None


def taipei_date(text: str) -> dt.date | None:
    """Return the Asia/Taipei date of a zoned ISO date-time (2012-07-31T16:00:00Z → 2012-08-01).

    Old systems store a Taipei midnight as the UTC instant before it; cutting the time off
    would make every date a day early, so the instant is moved to Taipei first.
    """
    moment = parse_zoned_datetime(text)
    return moment.astimezone(TIMEZONE).date() if moment is not None else None


def parse_roc_date(text: str) -> dt.date | None:
    """Return the date written in the ROC calendar (113/01/15, 民國113年1月15日, 1130115), or None.

    Years of one to three digits are ROC years; a 民國 prefix makes any year an ROC year.
    Numerals in words are read too: 中華民國九十六年九月二十日.
    """
    stripped = _strip_long_form(to_halfwidth(text).strip())
    if stripped is None:
        return None
    text, weekday = stripped
    text = words_to_digits(text)
    marked = _ROC_MARK.match(text) is not None
    body = _ROC_MARK.sub("", text)
    if re.fullmatch(r"\d{7}", body):
        return _make_date(from_roc(int(body[:3])), int(body[3:5]), int(body[5:]))
    match = _SEP_DATE.fullmatch(body) or _CJK_DATE.fullmatch(body)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year < 1 or (len(match.group(1)) > 3 and not marked):
        return None
    return _weekday_fits(_make_date(from_roc(year), month, day), weekday)


def format_roc(day: dt.date, style: str = "/") -> str:
    """Return `day` in the ROC calendar: style '/', '-' or '.' (113/01/15), '年' or '7'."""
    year = to_roc(day.year)
    if year < 1:
        raise ValueError(f"{day} is before ROC year 1")
    if style == "年":
        return f"民國{year}年{day.month}月{day.day}日"
    if style == "7":
        return f"{year:03d}{day.month:02d}{day.day:02d}"
    return f"{year}{style}{day.month:02d}{style}{day.day:02d}"


def parse_gregorian_date(text: str) -> dt.date | None:
    """Return the date written with a four-digit Western year (2024/1/15, 20240115), or None.

    A date-time without a zone keeps its date (it is local time); one with a zone is read by
    `taipei_date`, never here, so that no UTC instant loses its day.
    """
    if _ZONED.fullmatch(to_halfwidth(text).strip()):
        return taipei_date(text)
    stripped = _strip_long_form(to_halfwidth(text).strip())
    if stripped is None:
        return None
    text, weekday = stripped
    if re.fullmatch(r"\d{8}", text):
        return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]))
    text = re.sub(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", "", text)  # an exported time
    match = _SEP_DATE.fullmatch(text) or _CJK_DATE.fullmatch(text)
    if match is None or len(match.group(1)) != 4:
        return None
    year, month, day = (int(part) for part in match.groups())
    return _weekday_fits(_make_date(year, month, day), weekday)


def parse_date(text: str) -> dt.date | None:
    """Return the date in ROC or Western notation, or None if it is neither."""
    return parse_roc_date(text) or parse_gregorian_date(text)


def parse_number(text: str) -> Decimal | None:
    """Return the number in '1,200', '1，200', 'NT$1,200', '1,200元', '３０%', or None."""
    text = to_halfwidth(text).strip().replace(" ", "")
    text = _CURRENCY.sub("", text).removesuffix("%")
    text = _CURRENCY.sub("", text)  # both a prefix and a suffix: NT$1,200元
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?", text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None


def format_number(value: Decimal) -> str:
    """Return a plain decimal without exponent or trailing zeros: 1200, 12.5, -0.25."""
    if value == 0:
        return "0"  # not "-0"
    text = format(value, "f")  # exact: normalize() would round to the context's 28 digits
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_bool(text: str) -> bool | None:
    """Return True for 是/Y/true/✓, False for 否/N/false/✗, None for anything else."""
    key = unicodedata.normalize("NFKC", text).strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def header_key(text: str) -> str:
    """Return the form headers are compared in: NFKC, casefolded, no spaces or '*' marks."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s*]+", "", folded)


_DOC_SEPARATORS = re.compile(r"\s*[;；、\n]\s*")


def split_doc_numbers(text: str) -> list[str]:
    """Return the document numbers in one cell: split on ; ； 、 and line breaks."""
    return [part for part in _DOC_SEPARATORS.split(to_halfwidth_alnum(text).strip()) if part]


def join_doc_numbers(numbers: list[str]) -> str:
    """Return document numbers in their canonical cell form: joined with ';'."""
    return ";".join(numbers)
