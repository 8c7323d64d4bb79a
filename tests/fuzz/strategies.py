"""Hypothesis strategies for what people (and attackers) type: arbitrary text, numbers, dates and Unicode
— right-to-left overrides, emoji, NUL bytes, 100 000-character strings — mixed with values that look
right, so the examples reach past the first check of every field."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded so the whole suite stays fast: each fuzz test runs at most this many examples (no deadline:
# the first examples pay for template and catalogue loading).
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

LONG = "长" * 100_000

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202eredro\u202c",
    "\u200f\u200e\u2066\u2069",  # RTL/LTR marks and isolates
    "😀",
    "👨‍👩‍👧‍👦🏳️‍🌈",
    "\ufeff",
    "\r\n\r\n",
    "\t",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% debug %}",
    "%s %(name)s {0} %%",
    "' OR 1=1; --",
    '=HYPERLINK("http://x")',
    "file:///etc/passwd",
    "ＡＢＣ１２３",
    "الْعَرَبِيَّة",
    "x" * 5_000,
    LONG,
]

NUMBER_TEXT = [
    "0",
    "-0",
    "-1",
    "1",
    "0.01",
    "0.001",
    "12.345",
    "1e5",
    "1E-2",
    "NaN",
    "-Infinity",
    "sNaN",
    "9" * 30,
    "9" * 5_000,
    "1,234.56",
    "¥1,250.50",
    "￥３０００",
    "１２３",
    "١٢٣",
    "1_000",
    " 42 ",
    "0x1F",
    "3000.00",
    "32767",
    "32768",
    "-32768",
    "2147483648",
]

DATE_TEXT = [
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026/01/10",
    "20260110",
    "10.01.2026",
    "today",
    "2026-01-10T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-12-10T14:30",
    "2026-12-10 14:30:00+14:00",
]


def near_dates():
    """Dates around today, where the rules decide (past, today, soon, far)."""
    today = timezone.localdate()
    return st.integers(min_value=-4000, max_value=4000).map(lambda days: today + dt.timedelta(days=days))


def typed_text():
    """Anything a person could type into one field."""
    return st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.sampled_from(NUMBER_TEXT),
        st.sampled_from(DATE_TEXT),
        st.text(max_size=60),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
        st.dates().map(str),
        near_dates().map(str),
        near_dates().map(lambda d: f"{d.isoformat()}T{d.day % 24:02d}:30"),
    )


def money_text():
    """Amounts, well-formed and not."""
    return st.one_of(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2).map(str),
        typed_text(),
    )


@st.composite
def form_data(draw, valid: dict, extra_fields=()):
    """A POST-like dict: the valid values, with one to three fields (of `valid` or `extra_fields`)
    replaced by anything typed or left out, so most examples get past the first field to the rules."""
    names = list(dict.fromkeys([*valid, *extra_fields]))
    data = dict(valid)
    for name in draw(st.sets(st.sampled_from(names), min_size=1, max_size=3)):
        value = draw(st.one_of(typed_text(), st.none()))
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
