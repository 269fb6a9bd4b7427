"""Unit and property tests of the converters in generator.data.normalise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.data import normalise as norm

ROC_DATES = st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2910, 12, 31))


@given(ROC_DATES, st.sampled_from(["/", "-", ".", "年", "7"]))
def test_roc_date_round_trips_in_every_style(day: dt.date, style: str) -> None:
    assert norm.parse_roc_date(norm.format_roc(day, style)) == day


@given(ROC_DATES)
def test_roc_date_reads_unpadded_fullwidth_and_prefixed_forms(day: dt.date) -> None:
    year = day.year - 1911
    assert norm.parse_date(f"{year}.{day.month}.{day.day}") == day
    assert norm.parse_date(norm.to_fullwidth(f"{year}/{day.month:02d}/{day.day:02d}")) == day
    assert norm.parse_date(f"中華民國{year}年{day.month}月{day.day}日") == day


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_western_dates_round_trip(day: dt.date) -> None:
    assert norm.parse_date(day.isoformat()) == day
    assert norm.parse_date(f"{day.year}/{day.month}/{day.day}") == day
    assert norm.parse_date(day.strftime("%Y%m%d").zfill(8)) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("113/01/15", "2024-01-15"),
        ("113-01-15", "2024-01-15"),
        ("113.1.15", "2024-01-15"),
        ("民國113年1月15日", "2024-01-15"),
        ("中華民國113年1月15日", "2024-01-15"),
        ("1130115", "2024-01-15"),
        ("99/12/31", "2010-12-31"),
        ("2024/1/15", "2024-01-15"),
        ("2024年1月15日", "2024-01-15"),
        ("2024-01-15 00:00:00", "2024-01-15"),
        ("１１３／０１／１５", "2024-01-15"),
    ],
)
def test_parse_date_accepts_staff_notations(text: str, expected: str) -> None:
    assert norm.parse_date(text) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text", ["113/02/30", "12/31/2024", "0/01/01", "2024", "113年", "明天", "", "1130230"]
)
def test_parse_date_rejects_impossible_or_ambiguous_text(text: str) -> None:
    assert norm.parse_date(text) is None


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_numbers_with_thousands_separators_round_trip(n: int) -> None:
    grouped = f"{n:,}"
    assert norm.parse_number(grouped) == n
    assert norm.parse_number(grouped.replace(",", "，")) == n
    assert norm.parse_number(f"NT${grouped}") == n
    assert norm.parse_number(f"{grouped}元") == n
    assert norm.parse_number(norm.to_fullwidth(grouped)) == n


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4))
def test_format_number_is_canonical_and_exact(value: Decimal) -> None:
    text = norm.format_number(value)
    assert Decimal(text) == value
    assert "E" not in text and not (("." in text) and text.endswith("0"))
    assert norm.format_number(norm.parse_number(text)) == text


@pytest.mark.parametrize("text", ["1,20", "12,00,000", "1.2.3", "abc", "", "NT$", "1 200 x"])
def test_parse_number_rejects_malformed_text(text: str) -> None:
    assert norm.parse_number(text) is None


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_halfwidth_inverts_fullwidth(text: str) -> None:
    assert norm.to_halfwidth(norm.to_fullwidth(text)) == text


def test_halfwidth_alnum_keeps_chinese_punctuation() -> None:
    text = "第１２次會議（ＡＢ組），決議：通過。"
    assert norm.to_halfwidth_alnum(text) == "第12次會議（AB組），決議：通過。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("是", True), ("否", False), ("Y", True), ("n", False), ("TRUE", True), ("false", False),
     ("✓", True), ("Ｙ", True), (" 是 ", True), ("也許", None), ("", None)],
)  # fmt: skip
def test_parse_bool(text: str, expected: bool | None) -> None:
    assert norm.parse_bool(text) is expected


def test_clean_text_makes_line_breaks_lf_and_trims_ideographic_space() -> None:
    assert norm.clean_text("\u3000第一行\r\n第二行\r第三行 ") == "第一行\n第二行\n第三行"
    # Word's manual break (VT), a page break and the Unicode separators are line breaks too.
    assert norm.clean_text("甲\x0b乙\x0c丙\u2028丁\u2029戊") == "甲\n乙\n丙\n丁\n戊"


def test_header_key_ignores_case_space_width_and_required_marks() -> None:
    assert norm.header_key("Unit value (TWD)") == norm.header_key("ｕｎｉｔ　ＶＡＬＵＥ（ＴＷＤ）*")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012-07-31T16:00:00.000Z", "2012-08-01"),  # a Taipei midnight stored in UTC
        ("2012-07-31T15:59:59Z", "2012-07-31"),
        ("2012-07-31T16:00:00+00:00", "2012-08-01"),
        ("2012-08-01T00:00:00+08:00", "2012-08-01"),
        ("2012-07-31 20:00:00-05:00", "2012-08-01"),
    ],
)
def test_zoned_timestamps_are_read_as_their_taipei_date(text: str, expected: str) -> None:
    assert norm.taipei_date(text) == dt.date.fromisoformat(expected)
    assert norm.parse_date(text) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中華民國101年9月18日（星期二）上午10時9分", "2012-09-18"),
        ("中華民國101年9月18日(星期二)", "2012-09-18"),
        ("民國101年9月18日（週二）下午3時", "2012-09-18"),
        ("中華民國一百零一年九月十八日（星期二）上午十時九分", "2012-09-18"),
        ("101年9月18日 上午10時9分30秒", "2012-09-18"),
        ("2012年9月18日（星期二）", "2012-09-18"),
    ],
)
def test_official_long_forms_with_weekday_and_time(text: str, expected: str) -> None:
    assert norm.parse_date(text) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        "中華民國101年9月18日（星期三）",  # 2012-09-18 was a Tuesday: a typo in day or weekday
        "中華民國101年9月18日（星期二）附件",
        "2012-02-30T00:00:00Z",
        "2012-07-31T16:00:00",  # no zone: local, kept as 2012-07-31 by parse_date, not taipei_date
    ],
)
def test_long_forms_that_do_not_add_up_are_not_taipei_dates(text: str) -> None:
    assert norm.taipei_date(text) is None
    if "T16" not in text:
        assert norm.parse_date(text) is None


@given(st.datetimes(min_value=dt.datetime(1913, 1, 1), max_value=dt.datetime(2900, 1, 1)))
def test_utc_instants_land_on_the_taipei_day(moment: dt.datetime) -> None:
    utc = moment.replace(tzinfo=dt.UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert norm.taipei_date(text) == utc.astimezone(norm.TIMEZONE).date()
