import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.models import Case, Lender
from requests_app.services.schedule import (
    DEFAULT_MAX_MONTHS,
    NoScheduleFits,
    Schedule,
    ScheduledPayment,
    add_months,
    case_schedule,
    deferral_end,
    schedule_from_payments,
    suggest_schedule,
    suggest_schedule_for_case,
)
from tests.factories import attach_budget

START = dt.date(2026, 1, 31)


def amounts(schedule):
    return [p.amount for p in schedule.payments]


def test_equal_payments_in_the_fewest_months_that_fit():
    schedule = suggest_schedule(amount=Decimal("3000"), capacity=Decimal("1200"), start=START, max_months=12)
    assert amounts(schedule) == [Decimal("1000.00")] * 3
    assert schedule.total == Decimal("3000.00")
    assert schedule.months == 3


def test_one_payment_when_capacity_covers_the_whole_amount():
    schedule = suggest_schedule(amount=Decimal("500"), capacity=Decimal("500"), start=START, max_months=12)
    assert amounts(schedule) == [Decimal("500.00")]


def test_one_cent_more_than_capacity_needs_a_second_payment():
    schedule = suggest_schedule(amount=Decimal("500.01"), capacity=Decimal("500"), start=START, max_months=12)
    assert amounts(schedule) == [Decimal("250.00"), Decimal("250.01")]


def test_the_leftover_cents_go_on_the_last_payment():
    schedule = suggest_schedule(amount=Decimal("100"), capacity=Decimal("40"), start=START, max_months=12)
    assert amounts(schedule) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_leftover_cents_are_spread_when_the_last_payment_would_exceed_capacity():
    # 100.02 in three: 33.34 each would be exact; 100.05 over three at capacity 33.35 puts 33.35 on the
    # last two instead of 33.37 on the last one.
    schedule = suggest_schedule(
        amount=Decimal("100.05"), capacity=Decimal("33.35"), start=START, max_months=12
    )
    assert amounts(schedule) == [Decimal("33.35"), Decimal("33.35"), Decimal("33.35")]
    schedule = suggest_schedule(
        amount=Decimal("100.04"), capacity=Decimal("33.35"), start=START, max_months=12
    )
    assert amounts(schedule) == [Decimal("33.34"), Decimal("33.35"), Decimal("33.35")]
    assert schedule.largest <= Decimal("33.35")


def test_dates_are_monthly_on_the_same_day_clamped_to_the_month_end():
    schedule = suggest_schedule(amount=Decimal("400"), capacity=Decimal("100"), start=START, max_months=12)
    assert [p.due_on for p in schedule.payments] == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    ]
    assert schedule.first_date == START
    assert schedule.payoff_date == dt.date(2026, 4, 30)


def test_add_months_handles_leap_years_and_year_ends():
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2026, 11, 30), 14) == dt.date(2028, 1, 30)


def test_exactly_max_months_fits_and_one_more_does_not():
    schedule = suggest_schedule(amount=Decimal("1200"), capacity=Decimal("100"), start=START, max_months=12)
    assert len(schedule) == 12
    with pytest.raises(NoScheduleFits) as excinfo:
        suggest_schedule(amount=Decimal("1200.01"), capacity=Decimal("100"), start=START, max_months=12)
    assert excinfo.value.reason == "term_too_long"
    assert excinfo.value.minimum_monthly == Decimal("100.01")
    assert "¥100.01" in excinfo.value.message


@pytest.mark.parametrize("capacity", [Decimal("0"), Decimal("-10"), Decimal("0.004")])
def test_no_schedule_fits_without_capacity(capacity):
    with pytest.raises(NoScheduleFits) as excinfo:
        suggest_schedule(amount=Decimal("1200"), capacity=capacity, start=START, max_months=12)
    assert excinfo.value.reason == "no_capacity"
    assert excinfo.value.minimum_monthly == Decimal("100.00")


def test_nothing_to_repay_is_not_a_schedule():
    with pytest.raises(NoScheduleFits) as excinfo:
        suggest_schedule(amount=Decimal("0"), capacity=Decimal("10"), start=START, max_months=12)
    assert excinfo.value.reason == "nothing_to_repay"


def test_empty_schedule_properties():
    empty = Schedule(payments=())
    assert empty.total == Decimal("0.00")
    assert empty.months == 0
    assert empty.first_date is None and empty.payoff_date is None and empty.largest is None


def test_months_counts_calendar_months_from_first_to_last_payment():
    schedule = Schedule(
        payments=(
            ScheduledPayment(due_on=dt.date(2026, 1, 31), amount=Decimal("1")),
            ScheduledPayment(due_on=dt.date(2026, 3, 1), amount=Decimal("1")),
        )
    )
    assert schedule.months == 3


def test_deferral_end_is_due_date_plus_requested_days():
    assert deferral_end(Case(due_date=dt.date(2026, 5, 10), requested_deferral_days=30)) == dt.date(
        2026, 6, 9
    )
    assert deferral_end(Case(due_date=dt.date(2026, 5, 10), requested_deferral_days=None)) is None
    assert deferral_end(Case(due_date=None, requested_deferral_days=30)) is None


def _case(**overrides):
    fields = {
        "lender": Lender(daily_overdue_rate=Decimal("0.000500"), max_installment_months=12),
        "amount_due": Decimal("3000.00"),
        "due_date": dt.date(2026, 5, 10),
        "requested_deferral_days": 30,
    }
    finances = {
        "monthly_income": Decimal("4000"),
        "essential_expenses": Decimal("2500"),
        "other_debt_payments": Decimal("300"),
    }
    for name in list(finances):
        if name in overrides:
            finances[name] = overrides.pop(name)
    fields.update(overrides)
    return attach_budget(Case(**fields), **finances)


def test_case_suggestion_repays_the_amount_due_without_estimated_charges_from_the_deferral_end():
    schedule = suggest_schedule_for_case(_case(), today=dt.date(2026, 5, 1))
    assert schedule.total == Decimal("3000.00")
    assert schedule.first_date == dt.date(2026, 6, 9)
    assert schedule.largest <= Decimal("1200.00")
    assert len(schedule) == 3


def test_case_suggestion_starts_today_when_the_deferral_end_has_passed():
    schedule = suggest_schedule_for_case(_case(), today=dt.date(2026, 7, 1))
    assert schedule.first_date == dt.date(2026, 7, 1)


def test_case_suggestion_uses_the_default_term_when_the_lender_limit_is_unknown():
    case = _case(
        lender=Lender(daily_overdue_rate=None, max_installment_months=None),
        amount_due=Decimal("1300"),
        monthly_income=Decimal("2900"),  # capacity 100
    )
    with pytest.raises(NoScheduleFits) as excinfo:
        suggest_schedule_for_case(case, today=dt.date(2026, 5, 1))
    assert excinfo.value.minimum_monthly == (Decimal("1300") / DEFAULT_MAX_MONTHS).quantize(
        Decimal("0.01"), rounding="ROUND_CEILING"
    )


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"amount_due": None}, "amount_missing"),
        ({"due_date": None}, "due_date_missing"),
        ({"monthly_income": None, "essential_expenses": None}, "capacity_missing"),
        # Nothing left: the token ¥50 a month cannot repay ¥3,045 within the lender's 12 months.
        ({"monthly_income": Decimal("2800")}, "term_too_long"),
    ],
)
def test_case_suggestion_says_what_is_missing(overrides, reason):
    with pytest.raises(NoScheduleFits) as excinfo:
        suggest_schedule_for_case(_case(**overrides), today=dt.date(2026, 5, 1))
    assert excinfo.value.reason == reason
    assert excinfo.value.message


def test_schedule_from_payments_sorts_by_date():
    rows = [
        ScheduledPayment(due_on=dt.date(2026, 3, 1), amount=Decimal("2")),
        ScheduledPayment(due_on=dt.date(2026, 1, 1), amount=Decimal("1")),
    ]
    assert [p.amount for p in schedule_from_payments(rows)] == [Decimal("1"), Decimal("2")]


def test_case_schedule_reads_saved_payments(db, django_assert_num_queries):
    from tests.factories import CaseFactory, PaymentFactory

    case = CaseFactory()
    PaymentFactory(case=case, due_on=dt.date(2026, 8, 1), amount=Decimal("500.00"))
    PaymentFactory(case=case, due_on=dt.date(2026, 7, 1), amount=Decimal("700.00"))
    schedule = case_schedule(case)
    assert schedule.total == Decimal("1200.00")
    assert schedule.first_date == dt.date(2026, 7, 1)
    assert case_schedule(Case()) == Schedule(payments=())


money_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2)
capacities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2)
starts = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=400, deadline=None)
@given(amount=money_amounts, capacity=capacities, start=starts, max_months=st.integers(1, 120))
def test_a_suggested_schedule_sums_exactly_fits_capacity_and_dates_increase(
    amount, capacity, start, max_months
):
    try:
        schedule = suggest_schedule(amount=amount, capacity=capacity, start=start, max_months=max_months)
    except NoScheduleFits as exc:
        assert exc.reason == "term_too_long"
        assert amount > capacity * max_months
        assert exc.minimum_monthly * max_months >= amount
        return
    assert schedule.total == amount
    assert all(p.amount > 0 and p.amount <= capacity for p in schedule.payments)
    assert all(p.amount == p.amount.quantize(Decimal("0.01")) for p in schedule.payments)
    dates = [p.due_on for p in schedule.payments]
    assert dates[0] == start
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))
    assert len(schedule) <= max_months
    assert schedule.months == len(schedule)
    # shortest term: one payment fewer could not fit
    assert (len(schedule) - 1) * capacity < amount
    # equal payments: they differ by less than the number of payments in cents
    assert schedule.largest - min(p.amount for p in schedule.payments) < Decimal("0.01") * len(schedule)
