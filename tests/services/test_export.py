"""Exports for counselors: CSV that Excel opens with Chinese intact and that cannot run formulas, and a zip
holding one PDF per case."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
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
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, UserFactory


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_prefixed_with_a_quote(start):
    assert csv_safe(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


@given(st.text())
def test_no_text_cell_ever_starts_like_a_formula(text):
    cell = csv_safe(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


def test_numbers_dates_and_empty_values_keep_their_form():
    assert csv_safe(Decimal("-12.50")) == Decimal("-12.50")
    assert csv_safe(-3) == -3
    assert csv_safe(None) == ""
    assert csv_safe(dt.date(2026, 12, 10)) == "2026-12-10"
    assert csv_safe("花呗") == "花呗"


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
