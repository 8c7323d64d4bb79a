"""Rule 4, one threshold: a monthly amount is an offer only when it is known and above zero
(`finances.has_monthly_offer`). The chart's line, the months over it, the suggestion, the letter's
sentences and the assessment all answer the same for the same amount."""

import datetime as dt
from decimal import Decimal

import pytest

from requests_app.services.assessment import month_totals, plan_assessment
from requests_app.services.charts import schedule_chart
from requests_app.services.finances import has_monthly_offer
from requests_app.services.letters.sentences import capacity_sentence, offer_terms
from requests_app.services.schedule import NoScheduleFits, Schedule, ScheduledPayment, suggest_schedule
from tests.factories import CaseFactory

OFFERS = [None, Decimal("-5.00"), Decimal("0.00"), Decimal("0.01"), Decimal("600.00")]
START = dt.date(2030, 1, 10)


def test_the_threshold():
    assert [has_monthly_offer(offer) for offer in OFFERS] == [False, False, False, True, True]


@pytest.mark.parametrize("offer", OFFERS)
def test_the_chart_the_months_over_and_the_suggestion_follow_it(offer):
    schedule = Schedule(payments=(ScheduledPayment(due_on=START, amount=Decimal("700.00")),))
    months = month_totals(schedule, offer=offer)
    chart = schedule_chart(months=months, offer=offer)
    assert (chart.capacity is not None) == has_monthly_offer(offer)
    assert months[0].over_offer == (has_monthly_offer(offer) and Decimal("700.00") > offer)
    if offer is not None:
        try:
            suggest_schedule(amount=Decimal("700.00"), capacity=offer, start=START, max_months=360)
            refused_for = ""
        except NoScheduleFits as refused:
            refused_for = refused.code  # "term_too_long" for ¥0.01: an offer, too small for 360 months
        assert (refused_for == "no_capacity") == (not has_monthly_offer(offer))


@pytest.mark.django_db
@pytest.mark.parametrize("offer", [Decimal("0.00"), Decimal("600.00")])
def test_the_letter_and_the_assessment_follow_it(offer):
    case = CaseFactory(offer_override=offer, offer_override_reason="先还清这笔小额欠款")
    assessment = plan_assessment(case)
    assert assessment.monthly_offer == offer
    assert assessment.has_offer == has_monthly_offer(offer)
    assert bool(capacity_sentence(case)) == has_monthly_offer(offer)
    assert (offer_terms(case).monthly is not None) == has_monthly_offer(offer)
