"""The assessment of a plan: the money, time and status facts of one case, computed once per request.

`plan_assessment(case)` returns a frozen `PlanAssessment`. Validation, the case page, the chart, the
scripts and the letter, the PDF, the case list, the admin columns and the export all read it (or the
small rule functions below, for a queryset); none of them re-derives a figure. The decisions each of
those readers used to make on its own, made once:

1. What the case can offer each month is `monthly_offer`, read through `finances.case_monthly_offer`. Today
   it is the case's own capacity (income − essential expenses − other debt payments). When several debts
   share one household budget, `case_monthly_offer` returns this case's share instead, and every reader
   follows. An offer of zero or less, or an unknown one, is "no offer" (`has_offer` is False): no line on
   the chart, no month over it, no sentence about affordability in the letter; the findings say why
   (FINANCES_MISSING, CAPACITY_NOT_POSITIVE).
2. The offer is compared per calendar month, everywhere. A month is over when the payments due in it add
   up to more than the offer; every payment in such a month is marked over (PDF rows), the chart draws one
   bar per calendar month, validation reports PAYMENT_OVER_CAPACITY and the letter says "within what I
   can afford" only when no month is over. Two ¥500 payments in one month against ¥600 are over.
3. One verdict on the plan's total (`total_code`, a finding code; its severity is validation's RULES):
   less than the amount due is SCHEDULE_SHORT (an error); more than the amount due plus the stated fee of
   the lender programme the plan follows (`programme_fee`, negotiation.programmes.allowed_fee) is
   SCHEDULE_OVER (a warning). The estimated overdue charges (`charges`) are never part of what a plan must
   repay: they are a risk shown to the borrower, who asks the lender to waive them. The wizard's live
   totals are rendered by the server from the same verdict.
4. Settled statuses (workflow.SETTLED_STATUSES: approved, closed) are never urgent and never "follow-up
   due", anywhere: the case list, the case page, the findings (no DUE_SOON or DUE_DATE_PASSED), the review
   queue's filters and the admin columns. Partly approved and refused cases are still open.
5. Due soon: the due date is today or within DUE_SOON_DAYS (3) days; overdue: the due date has passed.
6. Follow-up due: the follow-up planned at the latest contact in effect has come (`follow_up_is_due`),
   and the case is not settled. The review queue's SQL twin (review.cases_follow_up_due) is pinned to it
   by a test.

Reads `case.payments.all()` and `case.contacts.all()` (prefetch them) unless `payments` / `contacts` are
given, and `case.lender` for the charges. No other query.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone

from .contact_history import FollowUp, case_follow_up
from .finances import ZERO, amount_to_repay, case_monthly_offer, estimated_deferral_charges, has_monthly_offer
from .formatting import to_cents
from .negotiation.programmes import allowed_fee
from .schedule import Schedule, ScheduledPayment, deferral_end, payment_rows, schedule_from_payments
from .workflow import SETTLED_STATUSES

__all__ = [
    "DUE_SOON_DAYS",
    "URGENCY_ORDER",
    "MonthTotal",
    "PlanAssessment",
    "Urgency",
    "case_monthly_offer",
    "due_urgency",
    "follow_up_is_due",
    "is_settled",
    "month_totals",
    "plan_assessment",
]

#: "Due soon": the due date is today or within this many days.
DUE_SOON_DAYS = 3


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    FOLLOW_UP_DUE = "follow_up_due"
    NONE = "none"


URGENCY_ORDER = {Urgency.OVERDUE: 0, Urgency.DUE_SOON: 1, Urgency.FOLLOW_UP_DUE: 2, Urgency.NONE: 3}


def is_settled(status: str) -> bool:
    """The lender has decided for good or the case has ended (decision 4)."""
    return status in SETTLED_STATUSES


def due_urgency(*, due_date: dt.date | None, status: str, today: dt.date) -> Urgency:
    """OVERDUE when the due date has passed, DUE_SOON when it is today or within DUE_SOON_DAYS; NONE
    otherwise, without a due date, or once the case is settled (decisions 4 and 5)."""
    if due_date is None or is_settled(status):
        return Urgency.NONE
    days = (due_date - today).days
    if days < 0:
        return Urgency.OVERDUE
    if days <= DUE_SOON_DAYS:
        return Urgency.DUE_SOON
    return Urgency.NONE


def follow_up_is_due(*, at: dt.datetime | None, status: str, now: dt.datetime) -> bool:
    """A planned follow-up whose time has come, on a case that is not settled (decision 6)."""
    return at is not None and at <= now and not is_settled(status)


@dataclass(frozen=True)
class MonthTotal:
    """The payments due in one calendar month: `month` is its first day, `first_due_on` the date of the
    month's first payment."""

    month: dt.date
    first_due_on: dt.date
    total: Decimal
    count: int
    over_offer: bool


@dataclass(frozen=True)
class PlanAssessment:
    """The money, time and status facts of a case (see the module docstring for each rule)."""

    amount_due: Decimal | None
    charges: Decimal
    programme_fee: Decimal
    amount_to_repay: Decimal | None
    monthly_offer: Decimal | None
    schedule: Schedule
    months: tuple[MonthTotal, ...]
    deferral_end: dt.date | None
    due_date: dt.date | None
    days_to_due: int | None
    settled: bool
    due_urgency: Urgency
    follow_up: FollowUp | None
    follow_up_due: bool

    @property
    def has_offer(self) -> bool:
        """The offer is known and above zero: the only case in which a plan is compared against it."""
        return has_monthly_offer(self.monthly_offer)

    @property
    def months_over(self) -> tuple[MonthTotal, ...]:
        return tuple(month for month in self.months if month.over_offer)

    @property
    def within_offer(self) -> bool:
        """There is a plan and an offer, and no calendar month asks for more than the offer."""
        return self.has_offer and bool(self.schedule.payments) and not self.months_over

    def payment_over_offer(self, payment: ScheduledPayment) -> bool:
        """The payment falls in a month whose payments add up to more than the offer."""
        month = payment.due_on.replace(day=1)
        return any(m.month == month for m in self.months_over)

    @property
    def total(self) -> Decimal:
        return self.schedule.total

    @property
    def total_code(self) -> str | None:
        """The verdict on the plan's total (decision 3): a finding code, or None when it matches or
        cannot be judged (no plan, no positive amount due)."""
        if not self.schedule.payments or self.amount_due is None or self.amount_due <= 0:
            return None
        if self.total < self.amount_due:
            return "SCHEDULE_SHORT"
        if self.total > self.amount_to_repay:
            return "SCHEDULE_OVER"
        return None

    @property
    def gap(self) -> Decimal:
        """How far the total is from what must be repaid: positive when short, negative when over."""
        if self.amount_to_repay is None:
            return ZERO
        return self.amount_to_repay - self.total

    @property
    def shortfall(self) -> Decimal:
        """How much the plan is short of what must be repaid (zero when it is not)."""
        return max(self.gap, ZERO)

    @property
    def excess(self) -> Decimal:
        """How much the plan repays beyond what must be repaid (zero when it does not)."""
        return max(-self.gap, ZERO)

    @property
    def urgency(self) -> Urgency:
        """What needs attention first: the bill overdue or due soon, else a follow-up that is due."""
        if self.due_urgency != Urgency.NONE:
            return self.due_urgency
        return Urgency.FOLLOW_UP_DUE if self.follow_up_due else Urgency.NONE


def month_totals(schedule: Schedule, *, offer: Decimal | None) -> tuple[MonthTotal, ...]:
    """The payments of `schedule` added up per calendar month, in date order, each marked over `offer`
    when the offer is positive and the month's total is above it (decision 2)."""
    by_month: dict[dt.date, list[ScheduledPayment]] = {}
    for payment in schedule.payments:  # in date order
        by_month.setdefault(payment.due_on.replace(day=1), []).append(payment)
    comparable = has_monthly_offer(offer)
    months = []
    for month, payments in sorted(by_month.items()):
        total = sum((p.amount for p in payments), ZERO)
        months.append(
            MonthTotal(
                month=month,
                first_due_on=payments[0].due_on,
                total=total,
                count=len(payments),
                over_offer=comparable and total > offer,
            )
        )
    return tuple(months)


def plan_assessment(
    case,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    payments: Iterable | None = None,
    contacts: Iterable | None = None,
) -> PlanAssessment:
    """The assessment of `case`. `payments` (rows with `due_on` and `amount`, e.g. unsaved form rows)
    default to `case.payments.all()`, `contacts` to `case.contacts.all()` (none for an unsaved case)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    schedule = schedule_from_payments(payment_rows(case, payments=payments))
    offer = case_monthly_offer(case)
    amount_due = to_cents(case.amount_due) if case.amount_due is not None else None
    if contacts is None:
        contacts = case.contacts.all() if case.pk is not None else ()
    follow_up = case_follow_up(list(contacts), now=now)
    fee = allowed_fee(case, schedule)
    to_repay = amount_to_repay(case)
    return PlanAssessment(
        amount_due=amount_due,
        charges=estimated_deferral_charges(case),
        programme_fee=fee,
        amount_to_repay=to_repay + fee if to_repay is not None else None,
        monthly_offer=offer,
        schedule=schedule,
        months=month_totals(schedule, offer=offer),
        deferral_end=deferral_end(case),
        due_date=case.due_date,
        days_to_due=(case.due_date - today).days if case.due_date else None,
        settled=is_settled(case.status),
        due_urgency=due_urgency(due_date=case.due_date, status=case.status, today=today),
        follow_up=follow_up,
        follow_up_due=follow_up_is_due(at=follow_up.at if follow_up else None, status=case.status, now=now),
    )
