"""What waiting costs against what the plan costs, from the lender profile's daily overdue rate.

All figures are estimates in CNY, Decimal, rounded half-up to the cent: simple interest on the unpaid amount
(no compounding, no grace days, no late fees), always shown with their basis and "check with the lender"."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .finances import daily_interest, estimated_deferral_charges, lender_daily_rate
from .formatting import money, percent, to_cents
from .schedule import payment_rows, schedule_from_payments

# Besides the requested deferral, what paying nothing for a month and for three months would cost.
WAITING_PERIODS_DAYS = (30, 90)


def cost_of_waiting(*, unpaid: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    """Overdue interest on `unpaid` for `days` at `daily_rate` (a fraction: 0.0005 is 0.05% a day):
    unpaid × rate × days, rounded half-up to the cent; 0.00 when nothing is unpaid. Refuses negative days
    or rates (ValueError)."""
    if days < 0:
        raise ValueError("days must not be negative")
    if daily_rate < 0:
        raise ValueError("daily_rate must not be negative")
    return daily_interest(principal=Decimal(unpaid), daily_rate=Decimal(daily_rate), days=days)


@dataclass(frozen=True)
class WaitingCost:
    """Paying nothing for `days` days costs `cost`."""

    days: int
    cost: Decimal


@dataclass(frozen=True)
class CostComparison:
    """What waiting costs against what the plan costs, for one case.

    When the lender's rate is unknown (`rate_known` False) every estimate is None or empty and `basis` says
    to ask the lender. `waiting` covers the requested deferral and WAITING_PERIODS_DAYS. `plan_charges` is
    what the lender may charge for the requested deferral (a risk the borrower asks to have waived, never part
    of the plan);
    `overdue_along_plan` is the overdue interest if the plan's payments were made without the lender's
    agreement (None when the schedule does not cover the amount due); `accrued_so_far` is what has built up
    since the due date if it has passed. `basis` is a translated sentence giving the rate and the amount."""

    unpaid: Decimal
    rate_known: bool
    daily_rate: Decimal | None
    rate_confidence: str
    rate_source: str
    per_day: Decimal | None
    deferral_days: int
    waiting: tuple[WaitingCost, ...]
    days_overdue: int
    accrued_so_far: Decimal | None
    plan_total: Decimal
    plan_charges: Decimal | None
    overdue_along_plan: Decimal | None
    basis: str

    @property
    def waiting_for_deferral(self) -> Decimal | None:
        """What paying nothing for the requested deferral would cost, or None."""
        for item in self.waiting:
            if item.days == self.deferral_days:
                return item.cost
        return None


def _overdue_along(*, unpaid: Decimal, rate: Decimal, due_date: dt.date, schedule) -> Decimal | None:
    """Interest on each part of the debt from the due date until the payment that clears it."""
    remaining, interest = unpaid, Decimal("0")
    for payment in schedule.payments:
        if remaining <= 0:
            break
        part = min(max(payment.amount, Decimal("0")), remaining)
        interest += part * rate * max((payment.due_on - due_date).days, 0)
        remaining -= part
    if remaining > 0:
        return None
    return to_cents(interest)


def _basis(case, *, rate: Decimal | None, unpaid: Decimal) -> str:
    lender = case.lender
    if lender is None:
        return _("Choose your lender to see what waiting would cost.")
    if rate is None:
        return _(
            "We don't know %(lender)s's overdue rate, so we can't estimate what waiting costs. Ask them how "
            "much they charge a day on an overdue amount."
        ) % {"lender": lender.name}
    return _(
        "Estimated at %(lender)s's overdue rate of %(rate)s a day on %(unpaid)s, as simple interest without "
        "grace days or late fees. Check the figure with %(lender)s."
    ) % {"lender": lender.name, "rate": percent(rate), "unpaid": money(unpaid)}


def case_cost_comparison(
    case, *, today: dt.date | None = None, payments: Iterable | None = None
) -> CostComparison | None:
    """The cost comparison for `case` (see CostComparison); None when the amount due is unknown or zero.
    `payments` defaults to `case.payments.all()`."""
    if case.amount_due is None or case.amount_due <= 0:
        return None
    today = today or timezone.localdate()
    unpaid = to_cents(case.amount_due)
    rate = lender_daily_rate(case)
    lender = case.lender
    deferral_days = case.requested_deferral_days or 0
    schedule = schedule_from_payments(payment_rows(case, payments=payments))
    days_overdue = max((today - case.due_date).days, 0) if case.due_date else 0
    if rate is None:
        waiting: tuple[WaitingCost, ...] = ()
        per_day = accrued = plan_charges = overdue_along_plan = None
    else:
        periods = sorted({*WAITING_PERIODS_DAYS, *([deferral_days] if deferral_days else [])})
        waiting = tuple(
            WaitingCost(days=days, cost=cost_of_waiting(unpaid=unpaid, daily_rate=rate, days=days))
            for days in periods
        )
        per_day = cost_of_waiting(unpaid=unpaid, daily_rate=rate, days=1)
        accrued = cost_of_waiting(unpaid=unpaid, daily_rate=rate, days=days_overdue)
        plan_charges = estimated_deferral_charges(case)
        overdue_along_plan = (
            _overdue_along(unpaid=unpaid, rate=rate, due_date=case.due_date, schedule=schedule)
            if case.due_date and schedule.payments
            else None
        )
    return CostComparison(
        unpaid=unpaid,
        rate_known=rate is not None,
        daily_rate=rate,
        rate_confidence=lender.overdue_rate_confidence if lender else "",
        rate_source=lender.overdue_rate_source if lender else "",
        per_day=per_day,
        deferral_days=deferral_days,
        waiting=waiting,
        days_overdue=days_overdue,
        accrued_so_far=accrued,
        plan_total=schedule.total,
        plan_charges=plan_charges,
        overdue_along_plan=overdue_along_plan,
        basis=_basis(case, rate=rate, unpaid=unpaid),
    )
