"""The lender's answer: counter-offer terms refused when they cannot be right, the check against what the
borrower can pay and against their own plan, the Article 70 points for a bank card, accept and decline."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, CounterOffer, Lender, PlanVersion
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.negotiation.outcomes import (
    CounterOfferDecided,
    CounterOfferTerms,
    counter_offer_accept,
    counter_offer_check,
    counter_offer_decline,
    counter_offer_terms_check,
)
from requests_app.services.refusals import CaseClosed
from requests_app.services.versions import plan_version_record
from tests.factories import CaseFactory, PaymentFactory

pytestmark = pytest.mark.django_db
D = Decimal


def today():
    return timezone.localdate()


def terms(**overrides):
    values = {
        "periods": 6,
        "monthly_amount": D("520.00"),
        "fees": D("60.00"),
        "first_payment_on": today() + dt.timedelta(days=40),
    }
    values.update(overrides)
    return CounterOfferTerms(**values)


def record(case, outcome=ContactAttempt.Outcome.COUNTER_OFFER, key=None, **kwargs):
    return contact_attempt_record(
        case=case,
        by=case.owner,
        idempotency_key=key or uuid.uuid4(),
        channel="phone",
        occurred_at=timezone.now(),
        outcome=outcome,
        **kwargs,
    )


def planned_case(**fields):
    fields.setdefault("status", Case.Status.READY)
    case = CaseFactory(**fields)  # ¥3,000 due, ¥1,200 a month
    for i in range(3):
        PaymentFactory(case=case, due_on=today() + dt.timedelta(days=40 + 31 * i), amount=D("1000.00"))
    plan_version_record(case=case, by=case.owner)
    return case


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"periods": 0}, "periods"),
        ({"periods": 1000}, "periods"),
        ({"monthly_amount": D("4000.01")}, "monthly_amount"),  # above the whole income of ¥4,000
        ({"fees": D("-1")}, "fees"),
        ({"first_payment_on": dt.date(2020, 1, 1)}, "first_payment_on"),
    ],
)
def test_terms_that_cannot_be_right_are_refused_by_field(bad, field):
    case = CaseFactory()
    with pytest.raises(ValidationError) as refused:
        counter_offer_terms_check(case=case, terms=terms(**bad))
    assert set(refused.value.message_dict) == {field}


def test_a_counter_offer_is_recorded_with_its_terms_once_even_when_sent_twice():
    case = planned_case()
    key = uuid.uuid4()
    first = record(case, key=key, counter_offer=terms())
    again = record(case, key=key, counter_offer=terms(periods=9))
    assert first.pk == again.pk
    offer = CounterOffer.objects.get()
    assert (offer.periods, offer.monthly_amount, offer.fees) == (6, D("520.00"), D("60.00"))
    assert offer.decision == CounterOffer.Decision.OPEN


def test_bad_terms_on_a_contact_save_nothing_and_name_the_offer_field():
    case = planned_case()
    with pytest.raises(ValidationError) as refused:
        record(case, counter_offer=terms(periods=1000))
    assert "offer_periods" in refused.value.message_dict
    assert not ContactAttempt.objects.exists() and not CounterOffer.objects.exists()


def test_an_outcome_on_a_closed_case_is_refused_with_a_code():
    case = planned_case(status=Case.Status.CLOSED)
    with pytest.raises(CaseClosed) as refused:
        record(case, outcome=ContactAttempt.Outcome.REFUSED, refusal_reason="不符合政策")
    assert refused.value.code == "case_closed"
    assert not ContactAttempt.objects.exists()


def test_a_refusal_keeps_its_reason_and_the_refused_outcome():
    case = planned_case()
    contact = record(case, outcome=ContactAttempt.Outcome.REFUSED, refusal_reason="不符合延期政策")
    assert contact.outcome == "refused" and contact.refusal_reason == "不符合延期政策"


def test_the_check_compares_with_the_monthly_amount_and_the_own_plan_side_by_side():
    case = planned_case()
    record(case, counter_offer=terms())
    offer = CounterOffer.objects.get()
    check = counter_offer_check(case=case, offer=offer)
    assert check.fits and check.monthly_offer == D("1200.00")
    assert check.total == D("3180.00")  # 6 × ¥520 + ¥60
    assert check.own_total == D("3000.00") and check.own_count == 3
    assert check.difference == D("180.00")
    assert [f.code for f in check.findings] == ["COUNTER_COSTS_MORE"]
    assert check.article_70 is False and check.missing == ()


def test_a_counter_offer_above_the_monthly_amount_is_an_error_and_a_short_one_a_warning():
    case = planned_case()
    record(case, counter_offer=terms(periods=2, monthly_amount=D("1300.00"), fees=D("0")))
    check = counter_offer_check(case=case, offer=CounterOffer.objects.get())
    codes = {f.code: f.severity for f in check.findings}
    assert codes == {"COUNTER_ABOVE_OFFER": "error", "COUNTER_SHORT": "warning"}
    assert not check.fits


def test_a_bank_card_offer_lists_the_article_70_points_it_leaves_out_as_questions():
    card = Lender.objects.get(slug="credit-card")
    case = planned_case(lender=card)
    record(case, counter_offer=terms(covers=("balance", "breach")))
    check = counter_offer_check(case=case, offer=CounterOffer.objects.get())
    assert check.article_70
    # the schedule point is covered by the terms themselves
    assert [p.code for p in check.missing] == ["charges", "no_new_cards"]
    assert all(p.question for p in check.missing)


def test_accepting_makes_the_terms_the_plan_proposed_by_the_lender_and_agrees_the_case():
    case = planned_case()
    record(case, counter_offer=terms())
    offer = CounterOffer.objects.get()
    case.refresh_from_db()
    version = counter_offer_accept(offer=offer, by=case.owner, expected_version=case.version)
    assert version.origin == PlanVersion.Origin.LENDER
    amounts = list(case.payments.order_by("due_on").values_list("amount", flat=True))
    assert amounts == [D("520.00")] * 6
    offer.refresh_from_db()
    case.refresh_from_db()
    assert offer.decision == CounterOffer.Decision.ACCEPTED and offer.plan_version == version
    assert case.status == Case.Status.APPROVED
    with pytest.raises(CounterOfferDecided) as twice:
        counter_offer_accept(offer=offer, by=case.owner, expected_version=case.version)
    assert twice.value.code == "counter_offer_decided"


def test_declining_keeps_the_plan_and_suggests_next_steps():
    from requests_app.services.negotiation.outcomes import counter_offer_views

    case = planned_case()
    record(case, counter_offer=terms(periods=2, monthly_amount=D("1500.00"), fees=D("0")))
    offer = CounterOffer.objects.get()
    counter_offer_decline(offer=offer, by=case.owner)
    assert list(case.payments.values_list("amount", flat=True)) == [D("1000.00")] * 3
    (view,) = counter_offer_views(case)
    assert view.offer.decision == CounterOffer.Decision.DECLINED
    assert len(view.next_steps) == 4 and "¥1,200.00" in view.next_steps[0]
    with pytest.raises(CounterOfferDecided):
        counter_offer_decline(offer=offer, by=case.owner)
