"""Exports for counselors: CSV that Excel opens with Chinese intact and that cannot run formulas, and a zip
holding one PDF per case."""

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from requests_app.services.export import (
    FORMULA_STARTS,
    cases_csv,
    cases_csv_lines,
    cases_pdf_zip,
    csv_headers,
    csv_safe,
    pdf_file_name,
)
from requests_app.services.privacy import account_data_json
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, UserFactory


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_prefixed_with_a_quote(start):
    assert csv_safe(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


@given(st.text())
def test_no_text_cell_ever_starts_like_a_formula(text):
    cell = csv_safe(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


def test_numbers_and_empty_values_keep_their_form():
    assert csv_safe(Decimal("-12.50")) == Decimal("-12.50")
    assert csv_safe(-3) == -3
    assert csv_safe(None) == ""
    assert csv_safe("花呗") == "花呗"


def test_dates_read_as_on_every_page_in_the_language_asked_for():
    moment = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 0))
    assert csv_safe(dt.date(2026, 12, 10), language="zh-hans") == "2026年12月10日"
    assert csv_safe(dt.date(2026, 12, 10), language="en") == "10 Dec 2026"
    assert csv_safe(moment, language="zh-hans") == "2026年12月3日 10:00"
    assert csv_safe(moment, language="en") == "3 Dec 2026, 10:00"
    with translation.override("en"):
        assert csv_safe(dt.date(2026, 12, 10)) == "10 Dec 2026"  # the active language by default


def rows_of(content: bytes):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.django_db
def test_the_csv_has_a_bom_a_header_and_one_row_per_case_in_the_order_given():
    first, second = CaseFactory(), CaseFactory()
    header, *rows = rows_of(cases_csv(cases=[second, first]))
    assert header == csv_headers()
    assert [row[0] for row in rows] == [str(second.public_id), str(first.public_id)]
    assert all(len(row) == len(header) for row in rows)


@pytest.mark.django_db
def test_a_row_carries_the_figures_and_the_latest_contact():
    today = timezone.localdate()
    owner = UserFactory(username="-minus", email="m@example.com")
    case = CaseFactory(owner=owner, amount_due=Decimal("3000.00"), due_date=today - dt.timedelta(days=2))
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=40), amount=Decimal("1500.00"))
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=70), amount=Decimal("1500.00"))
    ContactAttemptFactory(case=case, occurred_at=timezone.now() - dt.timedelta(days=3), agent_id="OLD")
    ContactAttemptFactory(case=case, occurred_at=timezone.now() - dt.timedelta(days=1), agent_id="NEW1")
    header, row = rows_of(cases_csv(cases=[case], today=today))
    cell = dict(zip(header, row, strict=True))
    values = list(cell.values())
    assert "'-minus" in values  # a username may start with "-"
    assert "3000.00" in values
    assert "-2" in values  # two days overdue, a number
    assert "3000.00" in values and "2" in values  # schedule total and number of payments
    assert "NEW1" in values and "OLD" not in values


@pytest.mark.django_db
def test_the_lines_stream_one_case_at_a_time():
    cases = [CaseFactory() for _ in range(3)]
    lines = list(cases_csv_lines(cases=iter(cases)))
    assert len(lines) == 4
    assert lines[0].startswith("\ufeff")


@pytest.mark.django_db
def test_the_zip_holds_one_pdf_per_case_and_nothing_else():
    cases = [CaseFactory(), CaseFactory(letter_language="en")]
    for case in cases:
        PaymentFactory(case=case)
    archive = zipfile.ZipFile(io.BytesIO(cases_pdf_zip(cases=cases)))
    assert sorted(archive.namelist()) == sorted(pdf_file_name(case) for case in cases)
    for name in archive.namelist():
        assert archive.read(name).startswith(b"%PDF")
    assert all(case.public_id.hex[:8] in pdf_file_name(case) for case in cases)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "due", "payoff", "contacted"),
    [
        ("zh-hans", "2026年12月10日", "2027年2月1日", "2026年12月3日 10:00"),
        ("en", "10 Dec 2026", "1 Feb 2027", "3 Dec 2026, 10:00"),
    ],
)
def test_the_csv_writes_every_date_one_way_per_language(language, due, payoff, contacted):
    case = CaseFactory(due_date=dt.date(2026, 12, 10))
    PaymentFactory(case=case, due_on=dt.date(2027, 2, 1), amount=Decimal("100.00"))
    ContactAttemptFactory(case=case, occurred_at=timezone.make_aware(dt.datetime(2026, 12, 3, 10, 0)))
    # The language asked for wins over the active one, headers included.
    with translation.override("en" if language == "zh-hans" else "zh-hans"):
        header, row = rows_of(cases_csv(cases=[case], today=dt.date(2026, 12, 1), language=language))
    with translation.override(language):
        assert header == csv_headers()
        cell = dict(zip(header, row, strict=True))
        assert cell[translation.gettext("Due date")] == due
        assert cell[translation.gettext("Paid off by")] == payoff
        assert cell[translation.gettext("Last contact")] == contacted
        assert cell[translation.gettext("Amount due (CNY)")] == str(case.amount_due)  # numbers stay numbers
    assert not any(value[:4].isdigit() and value[4:5] == "-" for value in row[1:])  # no ISO date left


@pytest.mark.django_db
def test_the_lines_leave_the_callers_language_alone_between_rows():
    cases = [CaseFactory(), CaseFactory()]
    with translation.override("zh-hans"):
        for _line in cases_csv_lines(cases=iter(cases), language="en"):
            assert translation.get_language() == "zh-hans"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_borrowers_data_export_keeps_dates_machine_readable_in_any_language(language):
    """Data portability: the JSON export is for other programs, so ISO 8601 whatever the interface says."""
    case = CaseFactory(due_date=dt.date(2026, 12, 10))
    PaymentFactory(case=case, due_on=dt.date(2027, 2, 1))
    with translation.override(language):
        data = json.loads(account_data_json(user=case.owner))
    (exported,) = data["cases"]
    assert exported["due_date"] == "2026-12-10"
    assert exported["payments"][0]["due_on"] == "2027-02-01"
    assert dt.datetime.fromisoformat(data["exported_at"])
