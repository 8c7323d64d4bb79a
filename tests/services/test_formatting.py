import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from requests_app.services.formatting import day_count, long_date, money, month_count, percent, to_cents


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234.5"), "¥1,234.50"),
        (Decimal("0"), "¥0.00"),
        (Decimal("1000000"), "¥1,000,000.00"),
        (Decimal("0.005"), "¥0.01"),
        (Decimal("-5"), "-¥5.00"),
    ],
)
def test_money_has_the_yuan_sign_separators_and_two_decimals(amount, expected):
    assert money(amount) == expected
    assert money(amount, language="en") == expected


def test_to_cents_rounds_half_up():
    assert to_cents(Decimal("2.345")) == Decimal("2.35")
    assert to_cents(Decimal("2.344")) == Decimal("2.34")


def test_long_date_reads_as_chinese_in_chinese_and_english_in_english():
    day = dt.date(2026, 12, 10)
    assert long_date(day, language="zh-hans") == "2026年12月10日"
    assert long_date(day, language="en") == "10 Dec 2026"


def test_long_date_follows_the_active_language_by_default():
    day = dt.date(2026, 3, 1)
    with translation.override("en"):
        assert long_date(day) == "1 Mar 2026"
    with translation.override("zh-hans"):
        assert long_date(day) == "2026年3月1日"


def test_day_and_month_counts_are_translated_and_pluralised():
    # Wording kept on purpose: the translation and plural form of the unit is what is tested here.
    assert day_count(1, language="en") == "1 day"
    assert day_count(30, language="en") == "30 days"
    assert month_count(12, language="en") == "12 months"
    assert day_count(30, language="zh-hans") == "30 天"
    assert month_count(1, language="zh-hans") == "1 个月"


def test_percent_drops_trailing_zeros():
    assert percent(Decimal("0.000500")) == "0.05%"
    assert percent(Decimal("0.1")) == "10%"
