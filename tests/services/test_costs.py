import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from requests_app.models import Case, Lender
from requests_app.services.costs import WaitingCost, case_cost_comparison, cost_of_waiting
from requests_app.services.schedule import ScheduledPayment

D = Decimal
TODAY = dt.date(2026, 5, 1)


def test_cost_of_waiting_is_unpaid_times_rate_times_days():
    assert cost_of_waiting(unpaid=D("3000.00"), daily_rate=D("0.0005"), days=30) == D("45.00")


def test_cost_of_waiting_rounds_half_up_to_the_cent():
    assert cost_of_waiting(unpaid=D("1.00"), daily_rate=D("0.0005"), days=10) == D("0.01")  # 0.005
    assert cost_of_waiting(unpaid=D("1.00"), daily_rate=D("0.0005"), days=9) == D("0.00")  # 0.0045
    assert cost_of_waiting(unpaid=D("333.33"), daily_rate=D("0.0005"), days=7) == D("1.17")  # 1.166655


def test_nothing_unpaid_or_no_days_cost_nothing():
    assert cost_of_waiting(unpaid=D("0"), daily_rate=D("0.0005"), days=30) == D("0.00")
    assert cost_of_waiting(unpaid=D("100"), daily_rate=D("0.0005"), days=0) == D("0.00")


def test_negative_days_or_rates_are_refused():
    with pytest.raises(ValueError):
        cost_of_waiting(unpaid=D("100"), daily_rate=D("0.0005"), days=-1)
    with pytest.raises(ValueError):
        cost_of_waiting(unpaid=D("100"), daily_rate=D("-0.0005"), days=1)


@given(
    unpaid=st.decimals(min_value=D("0"), max_value=D("9999999999.99"), places=2),
    rate=st.decimals(min_value=D("0"), max_value=D("0.999999"), places=6),
    days=st.integers(0, 3650),
)
def test_cost_of_waiting_is_the_exact_product_rounded_and_grows_with_time(unpaid, rate, days):
    cost = cost_of_waiting(unpaid=unpaid, daily_rate=rate, days=days)
    assert cost == (unpaid * rate * days).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert cost >= 0
    assert cost_of_waiting(unpaid=unpaid, daily_rate=rate, days=days + 1) >= cost


def lender(**overrides):
    fields = {
        "name_zh": "花呗",
        "name_en": "Huabei",
        "daily_overdue_rate": D("0.000500"),
        "overdue_rate_confidence": "reported",
        "overdue_rate_source": "news",
    }
    fields.update(overrides)
    return Lender(**fields)


def case(**overrides):
    fields = {
        "lender": lender(),
        "amount_due": D("3000.00"),
        "due_date": dt.date(2026, 5, 10),
        "requested_deferral_days": 30,
    }
    fields.update(overrides)
    return Case(**fields)


PLAN = [
    ScheduledPayment(due_on=dt.date(2026, 6, 9), amount=D("1015.00")),
    ScheduledPayment(due_on=dt.date(2026, 7, 9), amount=D("1015.00")),
    ScheduledPayment(due_on=dt.date(2026, 8, 9), amount=D("1015.00")),
]


def test_comparison_shows_waiting_for_the_deferral_a_month_and_three_months():
    comparison = case_cost_comparison(case(requested_deferral_days=45), today=TODAY, payments=PLAN)
    assert comparison.rate_known
    assert comparison.waiting == (
        WaitingCost(days=30, cost=D("45.00")),
        WaitingCost(days=45, cost=D("67.50")),
        WaitingCost(days=90, cost=D("135.00")),
    )
    assert comparison.waiting_for_deferral == D("67.50")
    assert comparison.per_day == D("1.50")


def test_comparison_sets_the_plans_charges_against_paying_late_without_agreement():
    comparison = case_cost_comparison(case(), today=TODAY, payments=PLAN)
    assert comparison.plan_total == D("3045.00")
    assert comparison.plan_charges == D("45.00")
    # 1015 × 30 days + 1015 × 60 days + 970 × 91 days, at 0.05% a day
    assert comparison.overdue_along_plan == D("89.81")
    assert comparison.days_overdue == 0
    assert comparison.accrued_so_far == D("0.00")


def test_a_plan_that_does_not_cover_the_debt_has_no_overdue_estimate():
    comparison = case_cost_comparison(case(), today=TODAY, payments=PLAN[:2])
    assert comparison.overdue_along_plan is None


def test_interest_already_accrued_when_the_due_date_has_passed():
    comparison = case_cost_comparison(case(due_date=dt.date(2026, 4, 21)), today=TODAY, payments=PLAN)
    assert comparison.days_overdue == 10
    assert comparison.accrued_so_far == D("15.00")


def test_basis_names_the_rate_and_the_amount():
    with translation.override("en"):
        comparison = case_cost_comparison(case(), today=TODAY, payments=PLAN)
    assert "0.05%" in comparison.basis and "¥3,000.00" in comparison.basis and "Huabei" in comparison.basis
    assert comparison.rate_confidence == "reported"


def test_an_unknown_rate_says_to_ask_the_lender_and_estimates_nothing():
    with translation.override("zh-hans"):
        comparison = case_cost_comparison(
            case(lender=lender(daily_overdue_rate=None)), today=TODAY, payments=PLAN
        )
    assert not comparison.rate_known
    assert comparison.waiting == ()
    assert comparison.waiting_for_deferral is None
    assert comparison.plan_charges is None and comparison.overdue_along_plan is None
    assert "花呗" in comparison.basis
    assert comparison.plan_total == D("3045.00")


def test_without_a_lender_the_rate_is_unknown():
    comparison = case_cost_comparison(case(lender=None), today=TODAY, payments=[])
    assert not comparison.rate_known
    assert comparison.basis


def test_no_comparison_without_an_amount_due():
    assert case_cost_comparison(case(amount_due=None), today=TODAY, payments=[]) is None
    assert case_cost_comparison(case(amount_due=D("0")), today=TODAY, payments=[]) is None


def test_no_deferral_requested_compares_a_month_and_three_months():
    comparison = case_cost_comparison(case(requested_deferral_days=None), today=TODAY, payments=[])
    assert [w.days for w in comparison.waiting] == [30, 90]
    assert comparison.waiting_for_deferral is None
    assert comparison.plan_charges == D("0.00")
    assert comparison.overdue_along_plan is None
