"""The lender's own programmes (installments, deferral, a negotiated agreement) priced for a case, and which
of them fit what the borrower can pay each month.

Every figure is an estimate from the programme's recorded fee rate and always reads "check with your lender".
The amount a programme repays is the amount due plus the programme's own stated fee; the product's estimate
of overdue charges is never part of it (those are shown as a cost of waiting, and the borrower asks for them
to be waived)."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import LenderProgramme
from ..finances import case_monthly_offer, has_monthly_offer
from ..formatting import CENT, day_count, money, to_cents
from ..schedule import (
    NoScheduleFits,
    Schedule,
    ScheduledPayment,
    add_days,
    add_months,
    case_max_months,
    schedule_start,
    suggest_schedule,
)
from .sources import SourceConfidence, programme_confidence

Kind = LenderProgramme.Kind
CUSTOM = "custom"


def offer_capacity(case) -> Decimal | None:
    """What the borrower can offer this lender each month: finances.case_monthly_offer (the case's capacity
    today, its share of the household budget once there is one)."""
    return case_monthly_offer(case)


@dataclass(frozen=True)
class RepaymentOption:
    """One way to repay, priced for the case. `code` is "programme-<id>" or "custom". `fee` and `total` are
    None when the programme's fee is unknown (then the borrower asks); `monthly` is the largest payment;
    `fits` says whether every payment is within the monthly amount."""

    code: str
    kind: str
    programme: LenderProgramme | None
    label: str
    periods: int
    monthly: Decimal
    fee: Decimal | None
    total: Decimal | None
    schedule: Schedule
    fits: bool
    confidence: SourceConfidence | None
    conditions: str
    at_lender_discretion: bool

    @property
    def fee_known(self) -> bool:
        return self.fee is not None


@dataclass(frozen=True)
class RepaymentOptions:
    """The options for a case: the lender's programmes ranked (those that fit first, then by total cost,
    unknown costs last), `custom` (the borrower's own equal payments) when no programme fits, and whether the
    lender has any known programme at all (`known`)."""

    amount: Decimal
    monthly: Decimal | None
    options: tuple[RepaymentOption, ...]
    custom: RepaymentOption | None
    known: bool

    @property
    def fitting(self) -> tuple[RepaymentOption, ...]:
        return tuple(option for option in self.options if option.fits)

    @property
    def best(self) -> RepaymentOption | None:
        """The cheapest programme that fits, or None."""
        return self.fitting[0] if self.fitting else None

    @property
    def nearest(self) -> RepaymentOption | None:
        """The programme to name as the fallback: the best one that fits, else the one asking the least each
        month."""
        if self.best is not None:
            return self.best
        return min(self.options, key=lambda option: option.monthly, default=None)


def _split(total: Decimal, count: int) -> list[Decimal]:
    """`count` payments summing to `total`, the leftover cents one each on the last ones."""
    base = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    extra = int((total - base * count) / CENT)
    return [base] * (count - extra) + [base + CENT] * extra


def _equal_schedule(*, total: Decimal, count: int, start: dt.date) -> Schedule:
    amounts = _split(total, count)
    return Schedule(
        payments=tuple(
            ScheduledPayment(due_on=add_months(start, i), amount=amount) for i, amount in enumerate(amounts)
        )
    )


def programme_fee(*, amount: Decimal, rate: Decimal | None) -> Decimal | None:
    """The programme's stated fee on `amount`: amount × total fee rate, half-up to the cent; None unknown."""
    if rate is None:
        return None
    return to_cents(Decimal(amount) * Decimal(rate))


def programme_label(programme: LenderProgramme) -> str:
    """ "Bill installments, 12 periods" / "Deferred repayment, 30 days" / the programme's name."""
    if programme.kind == Kind.INSTALLMENT:
        return _("%(name)s, %(count)s periods") % {"name": programme.name, "count": programme.periods}
    if programme.kind == Kind.DEFERRAL:
        return _("%(name)s, %(days)s") % {"name": programme.name, "days": day_count(programme.deferral_days)}
    return programme.name


def _installments_start(case, *, today: dt.date) -> dt.date:
    """The first installment: a month after the due date, on the same day, never before today."""
    first = add_months(case.due_date, 1)
    while first < today:
        first = add_months(first, 1)
    return first


def _price(programme, *, case, amount: Decimal, monthly: Decimal | None, today: dt.date):
    fee = programme_fee(amount=amount, rate=programme.total_fee_rate)
    if programme.kind == Kind.INSTALLMENT:
        periods = programme.periods
        schedule = _equal_schedule(
            total=amount + (fee or 0), count=periods, start=_installments_start(case, today=today)
        )
    elif programme.kind == Kind.DEFERRAL:
        periods = 1
        due = add_days(max(case.due_date, today), programme.deferral_days)
        if due is None:
            return None
        schedule = Schedule(payments=(ScheduledPayment(due_on=due, amount=amount + (fee or 0)),))
    else:
        # A negotiated agreement: the fewest monthly periods within the amount, up to the programme's limit.
        limit = programme.periods or 60
        if has_monthly_offer(monthly):
            periods = int((amount / monthly).to_integral_value(rounding=ROUND_CEILING))
            periods = min(max(periods, 1), limit)
        else:
            periods = limit
        start = schedule_start(case, today=today) or today
        schedule = _equal_schedule(total=amount + (fee or 0), count=periods, start=start)
    largest = schedule.largest
    fits = has_monthly_offer(monthly) and largest <= monthly
    return RepaymentOption(
        code=f"programme-{programme.pk}",
        kind=programme.kind,
        programme=programme,
        label=programme_label(programme),
        periods=periods,
        monthly=largest,
        fee=fee,
        total=amount + fee if fee is not None else None,
        schedule=schedule,
        fits=fits,
        confidence=programme_confidence(programme, today=today),
        conditions=programme.conditions,
        at_lender_discretion=programme.at_lender_discretion,
    )


def _priced(programme, **kwargs) -> RepaymentOption | None:
    """`_price`, or None when the programme's dates would run past the calendar's end."""
    try:
        return _price(programme, **kwargs)
    except (ValueError, OverflowError):
        return None


def _rank(option: RepaymentOption):
    return (not option.fits, option.total is None, option.total or option.monthly, option.periods)


def _custom(case, *, amount: Decimal, monthly: Decimal | None, today: dt.date) -> RepaymentOption | None:
    """Equal monthly payments of the amount due within the monthly amount, from the end of the deferral."""
    start = schedule_start(case, today=today)
    if not has_monthly_offer(monthly) or start is None:
        return None
    try:
        schedule = suggest_schedule(
            amount=amount, capacity=monthly, start=start, max_months=case_max_months(case)
        )
    except NoScheduleFits:
        return None
    return RepaymentOption(
        code=CUSTOM,
        kind=CUSTOM,
        programme=None,
        label=_("Your own proposal"),
        periods=len(schedule),
        monthly=schedule.largest,
        fee=Decimal("0.00"),
        total=schedule.total,
        schedule=schedule,
        fits=True,
        confidence=None,
        conditions="",
        at_lender_discretion=True,
    )


def active_programmes(lender) -> list[LenderProgramme]:
    """The lender's programmes offered to borrowers (reads `lender.programmes.all()`, so a prefetch is used)."""
    if lender is None or lender.pk is None:
        return []
    return [programme for programme in lender.programmes.all() if programme.is_active]


def repayment_options(case, *, today: dt.date | None = None) -> RepaymentOptions | None:
    """The lender's programmes priced for `case` against `offer_capacity(case)`, ranked, with the custom
    proposal when none fits. None when the amount due or the due date is unknown."""
    if case.amount_due is None or case.amount_due <= 0 or case.due_date is None:
        return None
    today = today or timezone.localdate()
    amount = to_cents(case.amount_due)
    monthly = offer_capacity(case)
    programmes = active_programmes(case.lender)
    priced = [_priced(p, case=case, amount=amount, monthly=monthly, today=today) for p in programmes]
    options = tuple(sorted((o for o in priced if o is not None), key=_rank))
    custom = None
    if not any(option.fits for option in options):
        custom = _custom(case, amount=amount, monthly=monthly, today=today)
    return RepaymentOptions(
        amount=amount, monthly=monthly, options=options, custom=custom, known=bool(programmes)
    )


def option_summary(option: RepaymentOption) -> str:
    """One line naming the option in the lender's terms: "Bill installments, 12 periods: ¥784.27 a month,
    fee ¥761.20, ¥9,411.20 in all" (or "fee unknown: ask")."""
    if option.kind == Kind.DEFERRAL:
        head = _("%(label)s: %(amount)s in one payment on the new date") % {
            "label": option.label,
            "amount": money(option.monthly),
        }
    elif option.kind == Kind.PERSONALISED:
        head = _("%(label)s over %(count)s months: about %(amount)s a month") % {
            "label": option.label,
            "count": option.periods,
            "amount": money(option.monthly),
        }
    else:
        head = _("%(label)s: %(amount)s a month") % {"label": option.label, "amount": money(option.monthly)}
    if option.fee is None:
        return _("%(head)s, fee unknown: ask") % {"head": head}
    return _("%(head)s, fee %(fee)s, %(total)s in all") % {
        "head": head,
        "fee": money(option.fee),
        "total": money(option.total),
    }


def matching_programme(case, schedule: Schedule) -> LenderProgramme | None:
    """The lender's programme the schedule is an instance of: as many payments as an installment programme's
    periods, one payment for a deferral, or at most a personalised agreement's periods. None when the lender
    has no programme or the schedule is empty or matches none."""
    count = len(schedule)
    if not count:
        return None
    for programme in active_programmes(case.lender):
        if programme.kind == Kind.INSTALLMENT and count == programme.periods:
            return programme
        if programme.kind == Kind.DEFERRAL and count == 1:
            return programme
        if programme.kind == Kind.PERSONALISED and count <= (programme.periods or 60):
            return programme
    return None


def allowed_fee(case, schedule: Schedule) -> Decimal:
    """The fee a schedule may add to the amount due: the stated fee of the programme it matches (zero when
    none matches or the fee is unknown)."""
    programme = matching_programme(case, schedule)
    if programme is None or case.amount_due is None:
        return Decimal("0.00")
    return programme_fee(amount=to_cents(case.amount_due), rate=programme.total_fee_rate) or Decimal("0.00")
