"""Monthly capacity (what a person can pay each month), the amount a plan repays, and the estimate of what
the lender may charge during the deferral (a risk shown to the borrower, never added to the offer)."""

from decimal import Decimal

from .budget import case_share
from .formatting import to_cents

ZERO = Decimal("0.00")


def monthly_capacity(
    *, income: Decimal | None, expenses: Decimal | None, other_debt: Decimal | None
) -> Decimal | None:
    """Income − essential expenses − other debt payments, in cents; may be zero or negative.
    None when income or expenses are unknown; unknown other debt payments count as none."""
    if income is None or expenses is None:
        return None
    return to_cents(Decimal(income) - Decimal(expenses) - Decimal(other_debt or 0))


def case_monthly_offer(case) -> Decimal | None:
    """What `case` can offer the lender each month: every comparison of a plan against what the person can
    pay reads this (see services.assessment, decision 1). It is the case's share of the owner's household
    budget (services.budget.case_share: pro rata, a token, a chosen or an agreed amount); None when the
    owner has no budget yet or the case is not in the split (closed, no amount due)."""
    share = case_share(case)
    return None if share is None else share.offer


def has_monthly_offer(offer: Decimal | None) -> bool:
    """Rule 4, its one spelling: a monthly amount is an offer a plan is measured against (the chart's line,
    the months over it, the letter's sentence, a suggested schedule, a counter-offer's fit) only when it is
    known and above zero. Zero or less means nothing is left after essentials (a token offer); None, not
    known yet."""
    return offer is not None and offer > 0


def daily_interest(*, principal: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    """Simple interest principal × daily_rate × days, rounded half-up to the cent; never negative."""
    if principal <= 0 or daily_rate <= 0 or days <= 0:
        return ZERO
    return to_cents(Decimal(principal) * Decimal(daily_rate) * days)


def lender_daily_rate(case) -> Decimal | None:
    """The daily overdue rate of the case's lender, or None when there is no lender or it is unknown."""
    lender = case.lender
    if lender is None or lender.daily_overdue_rate is None:
        return None
    return Decimal(lender.daily_overdue_rate)


def estimated_deferral_charges(case) -> Decimal:
    """What the lender may charge for the requested deferral: the lender's daily overdue rate on the whole
    amount due for every requested day (an upper estimate: grace days and waivers are not counted).
    Zero when the rate, the amount or the deferral is unknown."""
    rate = lender_daily_rate(case)
    if rate is None or case.amount_due is None or not case.requested_deferral_days:
        return ZERO
    return daily_interest(principal=case.amount_due, daily_rate=rate, days=case.requested_deferral_days)


def amount_to_repay(case) -> Decimal | None:
    """The total the borrower's own schedule must repay: the amount due, and nothing more. Estimated overdue
    charges are a cost of waiting the borrower asks the lender to waive, never part of the offer (a lender
    programme's own stated fee is added only where the plan follows that programme). None when unknown."""
    if case.amount_due is None:
        return None
    return to_cents(case.amount_due)
