"""One assessment of a plan, read by every reader: each contradiction the structure review reproduced has a
test here that fails when one reader goes back to a rule of its own.

- Capacity per calendar month: two ¥500 payments in one month against ¥600 a month give the finding, the
  chart's bar over the line, the PDF's marked rows, and no "within what I can afford" sentence in the
  letter; the same payments a month apart give none of them.
- Settled cases: an approved case is never urgent and never "follow-up due" — not in the case list, the
  case page, the findings, the review queue's filters or the admin columns; an open case is, everywhere.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.utils import timezone

from requests_app.models import Case
from requests_app.services import review
from requests_app.services.assessment import (
    DUE_SOON_DAYS,
    Urgency,
    due_urgency,
    follow_up_is_due,
    month_totals,
    plan_assessment,
)
from requests_app.services.case_list import case_overview
from requests_app.services.charts import schedule_chart
from requests_app.services.pdf import plan_document
from requests_app.services.schedule import Schedule, ScheduledPayment, add_months
from requests_app.services.scripts import letter_text
from requests_app.services.validation import validate
from requests_app.services.workflow import SETTLED_STATUSES
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory

D = Decimal
Status = Case.Status
WITHIN = "Each payment is within my monthly means."  # the letter's written sentence


# --- Capacity per calendar month ------------------------------------------------------------------------


def case_with_two_payments(*, same_month: bool) -> Case:
    """¥1000 due, ¥600 a month to offer (3400 − 2500 − 300), no charges; two ¥500 payments."""
    case = CaseFactory(monthly_income=D("3400.00"), amount_due=D("1000.00"), lender__daily_overdue_rate=None)
    end = case.due_date + dt.timedelta(days=case.requested_deferral_days)
    first = add_months(end.replace(day=1), 1)
    second = first + dt.timedelta(days=14) if same_month else add_months(first, 1)
    PaymentFactory(case=case, due_on=first, amount=D("500.00"))
    PaymentFactory(case=case, due_on=second, amount=D("500.00"))
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_two_payments_in_one_month_over_the_offer_are_over_for_the_finding_chart_pdf_and_letter():
    case = case_with_two_payments(same_month=True)
    assessment = plan_assessment(case)
    assert assessment.monthly_offer == D("600.00")
    assert [(m.total, m.count, m.over_offer) for m in assessment.months] == [(D("1000.00"), 2, True)]

    assert "PAYMENT_OVER_CAPACITY" in {f.code for f in validate(case)}
    chart = schedule_chart(months=assessment.months, offer=assessment.monthly_offer)
    assert [bar.over_capacity for bar in chart.bars] == [True]
    document = plan_document(case=case, language="en")
    assert [row.over_capacity for row in document.rows] == [True, True]
    assert [bar.over_capacity for bar in document.chart.bars] == [True]
    assert WITHIN not in " ".join(letter_text(case=case, language="en").paragraphs)
    assert WITHIN not in " ".join(document.paragraphs)


@pytest.mark.django_db
def test_the_same_payments_a_month_apart_are_within_the_offer_for_every_reader():
    case = case_with_two_payments(same_month=False)
    assessment = plan_assessment(case)
    assert [m.over_offer for m in assessment.months] == [False, False]

    assert "PAYMENT_OVER_CAPACITY" not in {f.code for f in validate(case)}
    document = plan_document(case=case, language="en")
    assert [row.over_capacity for row in document.rows] == [False, False]
    assert not document.chart.any_over_capacity
    assert WITHIN in " ".join(document.paragraphs)


def test_no_month_is_over_an_offer_of_zero_or_an_unknown_one():
    one_month = Schedule(payments=(ScheduledPayment(due_on=dt.date(2027, 3, 1), amount=D("10")),))
    for offer in (None, D("0"), D("-5")):
        assert [m.over_offer for m in month_totals(one_month, offer=offer)] == [False]


@pytest.mark.django_db
def test_the_case_page_draws_the_month_over_the_line(client):
    case = case_with_two_payments(same_month=True)
    client.force_login(case.owner)
    page = client.get(case.get_absolute_url()).content.decode()
    assert page.count("chart-bar chart-bar-over") == 1


# --- Settled cases: never urgent, never follow-up due ------------------------------------------------------


def overdue_case_with_a_due_follow_up(status: str) -> Case:
    case = CaseFactory(status=status, due_date=timezone.localdate() - dt.timedelta(days=5))
    ContactAttemptFactory(
        case=case,
        occurred_at=timezone.now() - dt.timedelta(days=3),
        next_follow_up=timezone.now() - dt.timedelta(hours=2),
    )
    return Case.objects.select_related("lender").prefetch_related("payments", "contacts").get(pk=case.pk)


def urgency_everywhere(case: Case, client) -> dict:
    """What each reader says about the case's urgency and follow-up."""
    from requests_app.admin.cases import CaseAdmin

    now, today = timezone.now(), timezone.localdate()
    queued = review.review_queue(Case.objects.filter(pk=case.pk)).get()
    column = CaseAdmin(Case, admin.site).follow_up(queued)
    client.force_login(case.owner)
    page = client.get(case.get_absolute_url()).content.decode()
    return {
        "assessment": plan_assessment(case).urgency,
        "case_list": case_overview(case, today=today, now=now).urgency,
        "finding": {"DUE_DATE_PASSED", "DUE_SOON"} & {f.code for f in validate(case)},
        "queue_overdue": review.cases_overdue(Case.objects.filter(pk=case.pk)).exists(),
        "queue_follow_up": review.cases_follow_up_due(Case.objects.filter(pk=case.pk)).exists(),
        "admin_follow_up_column_due": "review-overdue" in column,
        "case_page_follow_up_due": 'data-testid="follow-up-due"' in page,
    }


@pytest.mark.django_db
def test_an_approved_case_is_neither_urgent_nor_follow_up_due_anywhere(client):
    case = overdue_case_with_a_due_follow_up(Status.APPROVED)
    assert urgency_everywhere(case, client) == {
        "assessment": Urgency.NONE,
        "case_list": Urgency.NONE,
        "finding": set(),
        "queue_overdue": False,
        "queue_follow_up": False,
        "admin_follow_up_column_due": False,
        "case_page_follow_up_due": False,
    }


@pytest.mark.django_db
def test_an_open_case_in_the_same_state_is_overdue_and_follow_up_due_everywhere(client):
    case = overdue_case_with_a_due_follow_up(Status.CONTACTED)
    assert urgency_everywhere(case, client) == {
        "assessment": Urgency.OVERDUE,
        "case_list": Urgency.OVERDUE,
        "finding": {"DUE_DATE_PASSED"},
        "queue_overdue": True,
        "queue_follow_up": True,
        "admin_follow_up_column_due": True,
        "case_page_follow_up_due": True,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("days", [-5, 0, DUE_SOON_DAYS, DUE_SOON_DAYS + 1])
def test_the_review_queue_filters_say_what_due_urgency_says(status, days):
    today = timezone.localdate()
    case = CaseFactory(status=status, due_date=today + dt.timedelta(days=days))
    rule = due_urgency(due_date=case.due_date, status=status, today=today)
    only = Case.objects.filter(pk=case.pk)
    assert review.cases_overdue(only, today=today).exists() == (rule == Urgency.OVERDUE)
    assert review.cases_due_soon(only, today=today).exists() == (rule == Urgency.DUE_SOON)


@pytest.mark.django_db
@pytest.mark.parametrize("status", Status.values)
def test_the_review_queue_follow_up_filter_says_what_follow_up_is_due_says(status):
    case = overdue_case_with_a_due_follow_up(status)
    now = timezone.now()
    contact = case.contacts.get()
    rule = follow_up_is_due(at=contact.next_follow_up, status=status, now=now)
    assert rule == (status not in SETTLED_STATUSES)
    assert review.cases_follow_up_due(Case.objects.filter(pk=case.pk), now=now).exists() == rule
    assert plan_assessment(case, now=now).follow_up_due == rule
