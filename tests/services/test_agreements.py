"""Agreed terms: the tracked schedule, payments recorded paid or missed, and the missed-payment prompt."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from requests_app.models import Case, PaymentRecord
from requests_app.services.formatting import long_date
from requests_app.services.negotiation.agreements import (
    NotAgreed,
    PaymentState,
    agreed_schedule,
    missed_payment_script,
    payment_record_add,
)
from requests_app.services.refusals import CaseClosed
from tests.factories import CaseFactory, PaymentFactory
from tests.wording import words

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = dt.date(2026, 12, 1)


def agreed_case(status=Case.Status.APPROVED):
    case = CaseFactory(status=status)
    for day in (dt.date(2026, 11, 20), dt.date(2026, 12, 3), dt.date(2027, 1, 3)):
        PaymentFactory(case=case, due_on=day, amount=D("1000.00"))
    return case


def add(case, due_on, result, key=None):
    return payment_record_add(
        case=case,
        by=case.owner,
        idempotency_key=key or uuid.uuid4(),
        due_on=due_on,
        result=result,
        today=TODAY,
    )


def test_no_schedule_is_tracked_before_the_lender_agrees():
    assert agreed_schedule(agreed_case(status=Case.Status.CONTACTED), today=TODAY) is None
    with pytest.raises(NotAgreed) as refused:
        add(agreed_case(status=Case.Status.CONTACTED), dt.date(2026, 12, 3), "paid")
    assert refused.value.code == "not_agreed"


def test_each_payment_has_its_state_and_the_next_one_due_soon_is_a_reminder():
    case = agreed_case()
    tracked = agreed_schedule(case, today=TODAY)
    assert [p.state for p in tracked.payments] == [
        PaymentState.UNRECORDED,
        PaymentState.DUE_SOON,
        PaymentState.UPCOMING,
    ]
    assert tracked.reminder.due_on == dt.date(2026, 12, 3)
    assert tracked.next_payment.due_on == dt.date(2026, 12, 3)
    assert [p.due_on for p in tracked.missed] == [dt.date(2026, 11, 20)]


def test_recording_paid_and_missed_and_the_latest_record_counts():
    case = agreed_case()
    add(case, dt.date(2026, 11, 20), "missed")
    assert agreed_schedule(case, today=TODAY).payments[0].state == PaymentState.MISSED
    add(case, dt.date(2026, 11, 20), "paid")
    tracked = agreed_schedule(case, today=TODAY)
    assert tracked.payments[0].state == PaymentState.PAID and tracked.missed == ()
    assert tracked.paid_total == D("1000.00")


def test_a_double_submit_records_once():
    case = agreed_case()
    key = uuid.uuid4()
    first = add(case, dt.date(2026, 12, 3), "paid", key=key)
    second = add(case, dt.date(2026, 12, 3), "paid", key=key)
    assert first.pk == second.pk and PaymentRecord.objects.count() == 1


@pytest.mark.parametrize(
    "due_on, result, field",
    [
        (dt.date(2026, 12, 4), "paid", "due_on"),  # not in the schedule
        (dt.date(2027, 1, 3), "missed", "due_on"),  # not due yet
        (dt.date(2026, 12, 3), "later", "result"),
    ],
)
def test_bad_records_are_refused_by_field(due_on, result, field):
    with pytest.raises(ValidationError) as refused:
        add(agreed_case(), due_on, result)
    assert field in refused.value.message_dict
    assert not PaymentRecord.objects.exists()


def test_a_closed_case_takes_no_records():
    with pytest.raises(CaseClosed):
        add(agreed_case(status=Case.Status.CLOSED), dt.date(2026, 12, 3), "paid")


def test_the_missed_payment_script_names_the_amount_the_next_date_and_asks_to_waive():
    case = agreed_case()
    tracked = agreed_schedule(case, today=TODAY)
    lines = missed_payment_script(case=case, missed=tracked.missed[0], next_payment=tracked.next_payment)
    text = " ".join(lines)
    assert (
        words(
            "I could not make the payment of %(amount)s due on %(date)s, and I want to put it right.",
            amount="¥1,000.00",
            date=long_date(tracked.missed[0].due_on, language="zh-hans"),
        )
        in lines
    )
    assert (
        words(
            "I will pay it together with the next payment on %(date)s, or earlier if I can.",
            date=long_date(dt.date(2026, 12, 3), language="zh-hans"),
        )
        in lines
    )
    assert words("Could you waive the penalty interest for this delay?") in lines
    assert "¥1,000.00" in text
