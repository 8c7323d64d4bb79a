"""Repayment schedules: the value objects, the suggestion of equal monthly payments that fit the person's
capacity, and the case's own saved schedule."""

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .finances import amount_to_repay, case_monthly_offer, has_monthly_offer
from .formatting import CENT, money, month_count, to_cents

# Used when the lender profile does not say how long an installment plan may run: a year is the longest
# term most consumer lenders offer by themselves (bank cards may go to 60 months by agreement).
DEFAULT_MAX_MONTHS = 12


@dataclass(frozen=True)
class ScheduledPayment:
    due_on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Schedule:
    """Payments in date order. An empty schedule has total 0.00, months 0 and None for the dates and
    the largest payment."""

    payments: tuple[ScheduledPayment, ...]

    def __len__(self) -> int:
        return len(self.payments)

    def __iter__(self):
        return iter(self.payments)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))

    @property
    def first_date(self) -> dt.date | None:
        return min((p.due_on for p in self.payments), default=None)

    @property
    def payoff_date(self) -> dt.date | None:
        return max((p.due_on for p in self.payments), default=None)

    @property
    def months(self) -> int:
        """The term: calendar months from the first payment's month to the last one's, inclusive."""
        if not self.payments:
            return 0
        first, last = self.first_date, self.payoff_date
        return (last.year - first.year) * 12 + last.month - first.month + 1

    @property
    def largest(self) -> Decimal | None:
        return max((p.amount for p in self.payments), default=None)


class NoScheduleFits(Exception):
    """No schedule can be suggested. `message` is translated and says why and, when it helps, what
    monthly amount would be needed (`minimum_monthly`). `reason` (also `code`) is a stable code for callers."""

    @property
    def code(self) -> str:
        return self.reason

    def __init__(self, *, reason: str, message: str, minimum_monthly: Decimal | None = None):
        self.reason = reason
        self.message = message
        self.minimum_monthly = minimum_monthly
        super().__init__(message)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, clamped to the month's end (Jan 31 → Feb 28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def _split(amount: Decimal, count: int) -> list[Decimal]:
    """`count` equal payments summing to `amount` exactly; the leftover cents go on the last payment."""
    base = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    return [base] * (count - 1) + [amount - base * (count - 1)]


def _spread(amount: Decimal, count: int) -> list[Decimal]:
    """Like `_split`, but the leftover cents go one each on the last payments, so no payment exceeds
    the next cent above amount / count."""
    base = (amount / count).quantize(CENT, rounding=ROUND_DOWN)
    extra = int((amount - base * count) / CENT)
    return [base] * (count - extra) + [base + CENT] * extra


def suggest_schedule(*, amount: Decimal, capacity: Decimal, start: dt.date, max_months: int) -> Schedule:
    """Equal monthly payments from `start` (same day each month) that sum to `amount` to the cent, none
    above `capacity`, in the fewest months possible; leftover cents on the last payment (or spread over
    the last few when one payment would otherwise go above capacity). Raises NoScheduleFits when
    `amount` or `capacity` is not positive or more than `max_months` payments would be needed."""
    if max_months < 1:
        raise ValueError("max_months must be at least 1")
    amount = to_cents(amount)
    capacity = Decimal(capacity).quantize(CENT, rounding=ROUND_DOWN)
    if amount <= 0:
        raise NoScheduleFits(
            reason="nothing_to_repay", message=_("There is no amount due to spread over a schedule.")
        )
    minimum = (amount / max_months).quantize(CENT, rounding=ROUND_CEILING)
    if not has_monthly_offer(capacity):
        raise NoScheduleFits(
            reason="no_capacity",
            minimum_monthly=minimum,
            message=_(
                "After your essential expenses and other debts, nothing is left each month to repay "
                "%(amount)s. Repaying it in %(months)s would take %(minimum)s a month."
            )
            % {"amount": money(amount), "months": month_count(max_months), "minimum": money(minimum)},
        )
    count = int((amount / capacity).to_integral_value(rounding=ROUND_CEILING))
    if count > max_months:
        raise NoScheduleFits(
            reason="term_too_long",
            minimum_monthly=minimum,
            message=_(
                "At %(capacity)s a month, repaying %(amount)s would take %(count)s months, but the "
                "longest term we can plan is %(months)s. To finish within it you would need %(minimum)s "
                "a month."
            )
            % {
                "capacity": money(capacity),
                "amount": money(amount),
                "count": count,
                "months": month_count(max_months),
                "minimum": money(minimum),
            },
        )
    amounts = _split(amount, count)
    if amounts[-1] > capacity:
        amounts = _spread(amount, count)
    try:
        dates = [add_months(start, i) for i in range(count)]
    except (ValueError, OverflowError) as exc:
        raise NoScheduleFits(
            reason="date_out_of_range", message=_("The schedule would run past the last date we can handle.")
        ) from exc
    return Schedule(
        payments=tuple(ScheduledPayment(due_on=d, amount=a) for d, a in zip(dates, amounts, strict=True))
    )


def add_days(start: dt.date, days: int) -> dt.date | None:
    """`start` + `days`, or None when that falls outside the calendar."""
    try:
        return start + dt.timedelta(days=days)
    except OverflowError:
        return None


def deferral_end(case) -> dt.date | None:
    """The date the requested deferral ends: due date + requested days; None when either is unknown."""
    if case.due_date is None or case.requested_deferral_days is None:
        return None
    return add_days(case.due_date, case.requested_deferral_days)


def default_deferral_days(case, requested: int | None) -> int | None:
    """The deferral to plan with: what the person asked for, else (when they left it empty) the lender's
    longest known deferral; None when neither is known."""
    if requested is not None:
        return requested
    lender = case.lender
    return lender.max_deferral_days if lender is not None and lender.max_deferral_days else None


def case_max_months(case) -> int:
    """The lender's longest known installment term, or DEFAULT_MAX_MONTHS when it is not known."""
    lender = case.lender
    if lender is not None and lender.max_installment_months:
        return lender.max_installment_months
    return DEFAULT_MAX_MONTHS


def schedule_start(case, *, today: dt.date | None = None) -> dt.date | None:
    """Where a suggested schedule starts: the end of the requested deferral (the due date when no deferral
    is requested), but never before `today`. None when the due date is unknown."""
    today = today or timezone.localdate()
    if case.due_date is None:
        return None
    start = deferral_end(case) or case.due_date
    return max(start, today)


def suggest_schedule_for_case(case, *, today: dt.date | None = None) -> Schedule:
    """`suggest_schedule` for the case: the amount due (never the estimated overdue charges), the case's
    monthly offer (finances.case_monthly_offer), from the end of the deferral (today if that has passed), within the lender's term (12 months
    when unknown). Raises NoScheduleFits, with a message saying what is missing or what would be needed."""
    amount = amount_to_repay(case)
    if amount is None:
        raise NoScheduleFits(
            reason="amount_missing", message=_("Enter the amount due first, then we can work out a schedule.")
        )
    start = schedule_start(case, today=today)
    if start is None:
        raise NoScheduleFits(
            reason="due_date_missing", message=_("Enter the due date first, then we can work out a schedule.")
        )
    capacity = case_monthly_offer(case)
    if capacity is None:
        raise NoScheduleFits(
            reason="capacity_missing",
            message=_(
                "Fill in your household budget first, so we know how much you can offer this lender each "
                "month."
            ),
        )
    return suggest_schedule(amount=amount, capacity=capacity, start=start, max_months=case_max_months(case))


def schedule_from_payments(payments: Iterable) -> Schedule:
    """A Schedule from any rows with `due_on` and `amount` (Payment objects, ScheduledPayments), in date
    order."""
    rows = sorted(payments, key=lambda p: (p.due_on, p.amount))
    return Schedule(payments=tuple(ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in rows))


def payment_rows(case, *, payments: Iterable | None = None) -> list:
    """`payments` when given (e.g. unsaved form rows), else the case's saved rows through
    `case.payments.all()` (so a prefetch is used); none for an unsaved case."""
    if payments is not None:
        return list(payments)
    if case.pk is None:
        return []
    return list(case.payments.all())


def case_schedule(case) -> Schedule:
    """The case's saved Payment rows as a Schedule (reads `case.payments.all()`, so a prefetch is used);
    empty for an unsaved case."""
    return schedule_from_payments(payment_rows(case))


@dataclass(frozen=True)
class MovedPayment:
    """A payment typed out of date order: `row` as typed (1-based) and its date; `meant` the same day in the
    year that would have kept the order, when one does (a likely typo in the year), else None."""

    row: int
    due_on: dt.date
    meant: dt.date | None


def _same_day_in(year: int, day: dt.date) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def payments_out_of_order(payments: Sequence[ScheduledPayment]) -> tuple[MovedPayment, ...]:
    """The rows that sorting the schedule by date moves: those outside the longest run already in date
    order (so one stray row is named, not every row after it), in the order typed."""
    dates = [payment.due_on for payment in payments]
    count = len(dates)
    if count < 2 or all(a <= b for a, b in zip(dates, dates[1:], strict=False)):
        return ()
    # Longest non-decreasing subsequence, O(n²) (a schedule has at most MAX_PAYMENTS rows).
    best = [1] * count
    previous = [-1] * count
    for i in range(count):
        for j in range(i):
            if dates[j] <= dates[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    keep, index = set(), max(range(count), key=lambda i: best[i])
    while index != -1:
        keep.add(index)
        index = previous[index]
    moved = []
    for index in range(count):
        if index in keep:
            continue
        before = max((dates[j] for j in keep if j < index), default=None)
        after = min((dates[j] for j in keep if j > index), default=None)
        meant = None
        for year in sorted({d.year for d in (before, after) if d is not None}):
            candidate = _same_day_in(year, dates[index])
            if candidate and (before is None or before < candidate) and (after is None or candidate < after):
                meant = candidate
                break
        moved.append(MovedPayment(row=index + 1, due_on=dates[index], meant=meant))
    return tuple(moved)
