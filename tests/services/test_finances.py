from decimal import Decimal

from requests_app.models import Case, Lender
from requests_app.services.finances import (
    amount_to_repay,
    case_monthly_offer,
    daily_interest,
    estimated_deferral_charges,
    monthly_capacity,
)
from tests.factories import attach_budget


def test_capacity_is_income_less_expenses_and_other_debt():
    assert monthly_capacity(
        income=Decimal("4000"), expenses=Decimal("2500"), other_debt=Decimal("300")
    ) == Decimal("1200.00")


def test_capacity_can_be_negative():
    assert monthly_capacity(income=Decimal("1000"), expenses=Decimal("1500"), other_debt=None) == Decimal(
        "-500.00"
    )


def test_unknown_other_debt_counts_as_none():
    assert monthly_capacity(income=Decimal("1000"), expenses=Decimal("400"), other_debt=None) == Decimal(
        "600.00"
    )


def test_capacity_is_unknown_without_income_or_expenses():
    assert monthly_capacity(income=None, expenses=Decimal("1"), other_debt=Decimal("0")) is None
    assert monthly_capacity(income=Decimal("1"), expenses=None, other_debt=Decimal("0")) is None


def test_case_capacity_is_the_cases_share_of_the_household_budget():
    case = attach_budget(
        Case(amount_due=Decimal("5000")),
        monthly_income=Decimal("3000"),
        essential_expenses=Decimal("1000"),
        other_debt_payments=None,
    )
    assert case_monthly_offer(case) == Decimal("2000.00")
    assert case_monthly_offer(Case(amount_due=Decimal("5000"))) is None  # no budget yet


def test_daily_interest_is_rounded_half_up_and_never_negative():
    assert daily_interest(principal=Decimal("3000"), daily_rate=Decimal("0.0005"), days=30) == Decimal(
        "45.00"
    )
    assert daily_interest(principal=Decimal("1"), daily_rate=Decimal("0.0005"), days=10) == Decimal("0.01")
    assert daily_interest(principal=Decimal("1"), daily_rate=Decimal("0.0005"), days=9) == Decimal("0.00")
    assert daily_interest(principal=Decimal("100"), daily_rate=Decimal("0.0005"), days=0) == Decimal("0.00")


def test_deferral_charges_use_the_lenders_daily_rate_for_the_requested_days():
    lender = Lender(daily_overdue_rate=Decimal("0.000500"))
    case = Case(lender=lender, amount_due=Decimal("3000.00"), requested_deferral_days=30)
    assert estimated_deferral_charges(case) == Decimal("45.00")
    assert amount_to_repay(case) == Decimal("3000.00")  # a risk to ask about, never part of the offer


def test_no_charges_are_estimated_when_the_rate_is_unknown():
    case = Case(
        lender=Lender(daily_overdue_rate=None), amount_due=Decimal("3000.00"), requested_deferral_days=30
    )
    assert estimated_deferral_charges(case) == Decimal("0.00")
    assert amount_to_repay(case) == Decimal("3000.00")
    assert amount_to_repay(Case(amount_due=None)) is None
