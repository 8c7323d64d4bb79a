"""Rules 9 and 10: installment figures, hardship dates and schedule rows are each judged by one function
(`services.field_rules`). The saves refuse its first code per field, the findings report its codes and
the forms refuse nothing it would accept — so the layers cannot disagree again."""

import datetime as dt
import itertools
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from requests_app.forms.wizard import ModeStepForm
from requests_app.models import Case
from requests_app.services.field_rules import (
    hardship_date_problems,
    installment_problems,
    payment_row_problems,
)
from requests_app.services.refusals import InvalidSchedule
from requests_app.services.schedule import ScheduledPayment
from requests_app.services.validation import validate
from requests_app.services.wizard import payments_check, step_values
from tests.services.test_validation import make_case

TODAY = dt.date(2026, 4, 1)


def refusal_codes(step, data):
    try:
        step_values(step, data, today=TODAY)
    except ValidationError as refused:
        return {name: errors[0].code for name, errors in refused.error_dict.items()}
    return {}


def finding_codes(case, **kwargs):
    return {finding.code for finding in validate(case, today=TODAY, **kwargs)}


# --- Rule 9: installment figures --------------------------------------------------------------------------

TOTALS, REMAINING, AMOUNTS = [-3, 0, 1, 2, 12, 360, 361, 99999], [-1, 0, 1, 12, 13], [D("0"), D("250.00")]


@pytest.mark.parametrize(
    ("total", "remaining", "amount"), list(itertools.product(TOTALS, REMAINING, AMOUNTS))
)
def test_the_save_refuses_exactly_what_the_installment_rule_says(total, remaining, amount):
    data = {
        "repayment_mode": Case.RepaymentMode.INSTALLMENTS,
        "installments_total": total,
        "installments_remaining": remaining,
        "installment_amount": amount,
    }
    problems = installment_problems(total=total, remaining=remaining, amount=amount)
    assert refusal_codes("mode", data) == {name: codes[0] for name, codes in problems.items()}


@pytest.mark.parametrize(("total", "remaining"), list(itertools.product(TOTALS, REMAINING)))
def test_the_form_leaves_the_installment_rule_to_the_service(total, remaining):
    form = ModeStepForm(
        {
            "version": "1",
            "repayment_mode": "installments",
            "installments_total": str(total),
            "installments_remaining": str(remaining),
            "installment_amount": "250",
        }
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(("total", "remaining"), [(12, 13), (12, 12), (6, 1)])
def test_the_finding_reports_more_periods_left_than_in_total_as_the_rule_does(total, remaining):
    case = make_case(
        repayment_mode=Case.RepaymentMode.INSTALLMENTS,
        installments_total=total,
        installments_remaining=remaining,
        installment_amount=D("250.00"),
    )
    problems = installment_problems(total=total, remaining=remaining, amount=D("250.00"))
    above = "periods_above_total" in problems.get("installments_remaining", ())
    assert ("INSTALLMENTS_REMAINING_ABOVE_TOTAL" in finding_codes(case, payments=[])) == above


# --- Rule 10: hardship dates ------------------------------------------------------------------------------

DAYS = [-20 * 366 - 5, -400, -1, 0, 1, 30, 10 * 366 + 5]
DATES = [None, *[TODAY + dt.timedelta(days=d) for d in DAYS]]


@pytest.mark.parametrize(("since", "end"), list(itertools.product(DATES, DATES)))
def test_the_save_and_the_findings_judge_hardship_dates_by_the_one_rule(since, end):
    problems = hardship_date_problems(since=since, end=end, today=TODAY)
    data = {"hardship_category": "job_loss", "hardship_since": since, "hardship_expected_end": end}
    assert refusal_codes("hardship", data) == {name: codes[0] for name, codes in problems.items()}
    found = finding_codes(make_case(hardship_since=since, hardship_expected_end=end), payments=[])
    assert ("HARDSHIP_SINCE_IN_FUTURE" in found) == ("date_in_future" in problems.get("hardship_since", ()))
    assert ("HARDSHIP_END_NOT_AFTER_SINCE" in found) == (
        "end_not_after_start" in problems.get("hardship_expected_end", ())
    )


# --- Rule 10: schedule rows -------------------------------------------------------------------------------

ROWS = [
    [(30, "100.00"), (60, "100.00")],
    [(-5, "100.00"), (30, "100.00")],
    [(30, "100.00"), (30, "50.00")],
    [(30, "0.00"), (60, "-1.00")],
    [(-5, "100.00"), (-5, "0.00"), (20 * 366 + 1, "10.00")],
]


@pytest.mark.parametrize("rows", ROWS)
def test_the_save_and_the_findings_judge_schedule_rows_by_the_one_rule(rows):
    payments = [ScheduledPayment(due_on=TODAY + dt.timedelta(days=d), amount=D(a)) for d, a in rows]
    problems = payment_row_problems(payments, today=TODAY)
    try:
        payments_check(payments, today=TODAY)
        refused = {}
    except InvalidSchedule as refusal:
        refused = refusal.row_codes
    assert refused == {
        row: {name: codes[0] for name, codes in fields.items()} for row, fields in problems.items()
    }
    found = finding_codes(make_case(), payments=payments)
    for field, code, finding in [
        ("amount", "amount_not_positive", "PAYMENT_NOT_POSITIVE"),
        ("due_on", "date_repeated", "PAYMENT_DATE_REPEATED"),
        ("due_on", "date_passed", "PAYMENT_IN_PAST"),
    ]:
        assert (finding in found) == any(code in fields.get(field, ()) for fields in problems.values())
