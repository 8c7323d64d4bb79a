"""What the scripts and the letter say about the household and the plan, decided once: the spoken sentences
(services.scripts.sentences) and the written ones (services.scripts.letter) only word these facts."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ...models import Case
from ..assessment import PlanAssessment
from ..budget import case_plan
from ..finances import has_monthly_offer
from ..formatting import long_date, money


def _clean(text: str) -> str:
    """User text as one sentence fragment: trimmed, without a final full stop of either language."""
    return (text or "").strip().rstrip("。.").strip()


@dataclass(frozen=True)
class HouseholdFacts:
    """Income sources as typed, the monthly offer (None without one), whether it is a token payment, and how
    many other lenders share the same budget."""

    income_notes: str
    amount: str | None
    token: bool
    others: int


def household_facts(case: Case, *, assessment: PlanAssessment) -> HouseholdFacts:
    plan = case_plan(case)
    share = plan.share_for(case) if plan else None
    notes = _clean(plan.budget.income_notes) if plan and plan.budget else ""
    if not assessment.has_offer:
        return HouseholdFacts(income_notes=notes, amount=None, token=False, others=0)
    token = (share is not None and share.is_token) or (
        plan.totals is not None and not has_monthly_offer(plan.totals.available)
    )
    others = len(plan.others(case)) if share is not None else 0
    return HouseholdFacts(
        income_notes=notes, amount=money(assessment.monthly_offer), token=token, others=others
    )


def _regular_amount(payments) -> tuple[Decimal, Decimal, Decimal]:
    """(most common, lowest, highest) amount of `payments`."""
    amounts = [payment.amount for payment in payments]
    common = Counter(amounts).most_common(1)[0][0]
    return common, min(amounts), max(amounts)


@dataclass(frozen=True)
class PlanShape:
    """How a schedule is told: SINGLE (one payment), REGULAR (every payment the same), REGULAR_THEN_LAST (the
    same each month, a different last one) or VARIED. Amounts and dates are formatted; `middle` is (lowest,
    highest) of the payments between the first and the last, if any (the spoken script tells both uneven
    kinds as first, middle, last; the letter condenses REGULAR_THEN_LAST into one sentence)."""

    SINGLE = "single"
    REGULAR = "regular"
    REGULAR_THEN_LAST = "regular_then_last"
    VARIED = "varied"

    kind: str
    count: int
    first_date: str
    first_amount: str
    monthly: str
    last_date: str
    last_amount: str
    middle: tuple[str, str] | None
    payoff_date: str
    total: str
    within_offer: bool


def plan_shape(assessment: PlanAssessment) -> PlanShape | None:
    """The schedule's shape and figures; None without a schedule."""
    schedule = assessment.schedule
    payments = schedule.payments
    if not payments:
        return None
    first, last = payments[0], payments[-1]
    common, low, high = _regular_amount(payments)
    if len(payments) == 1:
        kind = PlanShape.SINGLE
    elif low == high:
        kind = PlanShape.REGULAR
    elif len({payment.amount for payment in payments[:-1]}) == 1:
        kind = PlanShape.REGULAR_THEN_LAST
        common = first.amount
    else:
        kind = PlanShape.VARIED
    middle = None
    if kind in (PlanShape.REGULAR_THEN_LAST, PlanShape.VARIED) and payments[1:-1]:
        _common, m_low, m_high = _regular_amount(payments[1:-1])
        middle = (money(m_low), money(m_high))
    return PlanShape(
        kind=kind,
        count=len(payments),
        first_date=long_date(first.due_on),
        first_amount=money(first.amount),
        monthly=money(common),
        last_date=long_date(last.due_on),
        last_amount=money(last.amount),
        middle=middle,
        payoff_date=long_date(schedule.payoff_date),
        total=money(schedule.total),
        within_offer=assessment.within_offer,
    )
