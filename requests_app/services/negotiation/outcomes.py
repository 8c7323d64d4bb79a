"""The lender's answer to a contact: the terms of a counter-offer checked against what the borrower can pay
and against the borrower's own plan, the Article 70 points a bank card agreement must state, and the
borrower's decision (accept: the terms become the plan, proposed by the lender; decline: the plan stays).

Refusals carry codes (refusals.Refusal); bad terms raise ValidationError by field, with translated messages.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Case, CounterOffer, Lender, PlanVersion
from ..budget import case_plan
from ..cases import case_schedule_replace
from ..finances import has_monthly_offer
from ..findings import Finding, Severity, Step
from ..formatting import money, to_cents
from ..refusals import Refusal
from ..schedule import Schedule, ScheduledPayment, add_months, case_schedule
from ..workflow import allowed_transitions, case_status_change
from .programmes import offer_capacity

Status = Case.Status

#: The most payments a counter-offer may have: 5 years, the longest installment term the card rules allow.
MAX_PERIODS = 60
MAX_MONEY = Decimal("9999999999.99")


@dataclass(frozen=True)
class Article70Point:
    code: str
    label: str
    question: str


def article_70_points() -> tuple[Article70Point, ...]:
    """What a personalised installment agreement must state (《商业银行信用卡业务监督管理办法》 art. 70), each
    with the question to ask when the lender's offer leaves it out."""
    return (
        Article70Point(
            "balance",
            _("The balance owed, what it is made of, and the currency"),
            _(
                "What is the exact balance in the agreement, and how much of it is principal, interest and fees?"
            ),
        ),
        Article70Point(
            "schedule",
            _("The repayment cycle, method, dates and the amount of each installment"),
            _("Can you confirm the date and amount of every installment, and how I pay them?"),
        ),
        Article70Point(
            "charges",
            _("Whether annual fees, interest or other charges accrue during the plan"),
            _("Will annual fees, interest or any other charges keep accruing while I repay? Can they stop?"),
        ),
        Article70Point(
            "no_new_cards",
            _("Your promise not to apply for any bank's credit card until it is settled"),
            _(
                "Does the agreement ask me not to apply for credit cards until it is settled, and for how long?"
            ),
        ),
        Article70Point(
            "breach",
            _("Both sides' rights and duties, and what happens if a payment is missed"),
            _(
                "What happens if I miss a payment, and what do you commit to, for example stopping collection?"
            ),
        ),
    )


ARTICLE_70_CODES = ("balance", "schedule", "charges", "no_new_cards", "breach")


class CounterOfferDecided(Refusal):
    """The borrower already accepted or declined this counter-offer (e.g. the form sent twice)."""

    code = "counter_offer_decided"

    def __init__(self):
        super().__init__(_("You have already decided on this offer."))


@dataclass(frozen=True)
class CounterOfferTerms:
    """The terms as the borrower recorded them (already parsed)."""

    periods: int
    monthly_amount: Decimal
    fees: Decimal
    first_payment_on: dt.date
    rate_note: str = ""
    conditions: str = ""
    covers: tuple[str, ...] = ()


def counter_offer_terms_check(*, case: Case, terms: CounterOfferTerms, today: dt.date | None = None) -> None:
    """Refuse (ValidationError by field) terms that cannot be right: periods outside 1–60, a monthly amount of
    zero or above the borrower's whole monthly income, negative fees, a first payment before today."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    plan = case_plan(case)
    income = plan.totals.income if plan is not None and plan.totals is not None else None
    if not 1 <= terms.periods <= MAX_PERIODS:
        errors["periods"] = _(
            "Enter between 1 and %(max)s payments: 5 years is the longest installment term the rules allow."
        ) % {"max": MAX_PERIODS}
    if terms.monthly_amount <= 0:
        errors["monthly_amount"] = _("Enter the amount they asked for each month, more than zero.")
    elif terms.monthly_amount > MAX_MONEY:
        errors["monthly_amount"] = _("This amount is too large. Check the figure.")
    elif income is not None and terms.monthly_amount > income:
        errors["monthly_amount"] = _(
            "This is more than your whole monthly income (%(income)s). Check the figure; if they really asked "
            "for that, you cannot accept it: record it in the notes and ask for a smaller amount."
        ) % {"income": money(income)}
    if terms.fees < 0:
        errors["fees"] = _("Fees cannot be negative. Enter 0 when there are none.")
    elif terms.fees > MAX_MONEY:
        errors["fees"] = _("This amount is too large. Check the figure.")
    if terms.first_payment_on < today:
        errors["first_payment_on"] = _("This date has passed. Enter the first payment date they proposed.")
    unknown = set(terms.covers) - set(ARTICLE_70_CODES)
    if unknown:
        errors["covers"] = _("Choose only from the points listed.")
    if errors:
        raise ValidationError(errors)


def counter_offer_schedule(*, periods: int, monthly_amount: Decimal, first_payment_on: dt.date) -> Schedule:
    """The lender's schedule: `periods` monthly payments of `monthly_amount` from `first_payment_on`."""
    amount = to_cents(monthly_amount)
    return Schedule(
        payments=tuple(
            ScheduledPayment(due_on=add_months(first_payment_on, i), amount=amount) for i in range(periods)
        )
    )


@dataclass(frozen=True)
class CounterOfferCheck:
    """A counter-offer against the borrower's monthly amount and own plan. `total` is what the lender's
    terms cost in all (payments + fees); `own_total` the borrower's plan (None without one); `difference`
    lender − own. `findings` use codes COUNTER_ABOVE_OFFER, COUNTER_OFFER_UNKNOWN, COUNTER_SHORT,
    COUNTER_COSTS_MORE; `missing` the Article 70 points a bank card agreement leaves out (empty for other
    lenders), each with its question."""

    schedule: Schedule
    total: Decimal
    fees: Decimal
    monthly_offer: Decimal | None
    fits: bool
    own_total: Decimal | None
    own_count: int
    own_largest: Decimal | None
    difference: Decimal | None
    findings: tuple[Finding, ...]
    article_70: bool
    missing: tuple[Article70Point, ...]


def _finding(code, severity, message, hint="") -> Finding:
    return Finding(
        code=code, severity=severity, fields=("payments",), message=message, hint=hint, step=Step.REVIEW
    )


def counter_offer_check(*, case: Case, offer: CounterOffer) -> CounterOfferCheck:
    """Check `offer` (its terms) for `case`: fits the monthly amount, repays the amount due, costs more than
    the borrower's plan, and for a bank card which Article 70 points are missing. Reads `case.payments.all()`."""
    schedule = counter_offer_schedule(
        periods=offer.periods, monthly_amount=offer.monthly_amount, first_payment_on=offer.first_payment_on
    )
    fees = to_cents(offer.fees)
    total = schedule.total + fees
    monthly = offer_capacity(case)
    own = case_schedule(case) if offer.plan_version_id is None else None
    own_total = own.total if own is not None and own.payments else None
    findings = []
    fits = has_monthly_offer(monthly) and to_cents(offer.monthly_amount) <= monthly
    if not has_monthly_offer(monthly):
        findings.append(
            _finding(
                "COUNTER_OFFER_UNKNOWN",
                Severity.WARNING,
                _("We can't tell whether this fits: your monthly amount is not known or not above zero."),
                _("Fill in your income and expenses before you accept anything."),
            )
        )
    elif not fits:
        findings.append(
            _finding(
                "COUNTER_ABOVE_OFFER",
                Severity.ERROR,
                _("They ask %(asked)s a month, %(over)s more than the %(offer)s you can pay.")
                % {
                    "asked": money(offer.monthly_amount),
                    "over": money(to_cents(offer.monthly_amount) - monthly),
                    "offer": money(monthly),
                },
                _("Don't accept a payment you can't keep. Ask for more periods or a smaller amount."),
            )
        )
    amount_due = to_cents(case.amount_due) if case.amount_due is not None else None
    if amount_due is not None and schedule.total < amount_due:
        findings.append(
            _finding(
                "COUNTER_SHORT",
                Severity.WARNING,
                _("Their payments add up to %(total)s, less than the %(amount)s you owe.")
                % {"total": money(schedule.total), "amount": money(amount_due)},
                _("Ask what happens to the remaining %(rest)s: is it waived, or due later?")
                % {"rest": money(amount_due - schedule.total)},
            )
        )
    elif amount_due is not None and total > amount_due:
        findings.append(
            _finding(
                "COUNTER_COSTS_MORE",
                Severity.INFO,
                _("Their terms cost %(extra)s more than the %(amount)s you owe.")
                % {"extra": money(total - amount_due), "amount": money(amount_due)},
                _("Ask whether the fees or interest can be reduced or waived."),
            )
        )
    card = case.lender is not None and case.lender.kind == Lender.Kind.CREDIT_CARD
    covered = set(offer.covers or ())
    if offer.periods and offer.monthly_amount and offer.first_payment_on:
        covered.add("schedule")
    missing = tuple(point for point in article_70_points() if point.code not in covered) if card else ()
    return CounterOfferCheck(
        schedule=schedule,
        total=total,
        fees=fees,
        monthly_offer=monthly,
        fits=fits,
        own_total=own_total,
        own_count=len(own) if own is not None else 0,
        own_largest=own.largest if own is not None else None,
        difference=total - own_total if own_total is not None else None,
        findings=tuple(findings),
        article_70=card,
        missing=missing,
    )


def _settle_status(*, case: Case, to_status: str, by) -> None:
    if case.status == to_status:
        return
    if to_status in allowed_transitions(case.status):
        case_status_change(case=case, to_status=to_status, by=by)
    elif Status.CONTACTED in allowed_transitions(case.status) and to_status in allowed_transitions(
        Status.CONTACTED
    ):
        case_status_change(case=case, to_status=Status.CONTACTED, by=by)
        case_status_change(case=case, to_status=to_status, by=by)


def counter_offer_accept(
    *, offer: CounterOffer, by, expected_version: int | None, today: dt.date | None = None
) -> PlanVersion:
    """Make the lender's terms the plan: the schedule is replaced (a new plan version marked proposed by the
    lender), the offer is marked accepted and the case moves to approved (the terms are agreed). Refuses
    CounterOfferDecided when already decided; StaleCase / CaseClosed / InvalidSchedule as the plan's writes."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = CounterOffer.objects.select_for_update().select_related("case").get(pk=offer.pk)
        if locked.decision != CounterOffer.Decision.OPEN:
            raise CounterOfferDecided()
        schedule = counter_offer_schedule(
            periods=locked.periods,
            monthly_amount=locked.monthly_amount,
            first_payment_on=locked.first_payment_on,
        )
        saved = case_schedule_replace(
            case=locked.case,
            payments=schedule.payments,
            expected_version=expected_version,
            by=by,
            today=today,
            origin=PlanVersion.Origin.LENDER,
        )
        version = saved.case.plan_versions.order_by("-number").first()
        locked.decision = CounterOffer.Decision.ACCEPTED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.plan_version = version
        locked.save(update_fields=["decision", "decided_at", "decided_by", "plan_version"])
        _settle_status(case=saved.case, to_status=Status.APPROVED, by=by)
    offer.decision, offer.plan_version = locked.decision, version
    return version


def counter_offer_decline(*, offer: CounterOffer, by) -> CounterOffer:
    """Keep the borrower's plan: the offer is marked declined. Refuses CounterOfferDecided when decided."""
    with transaction.atomic():
        locked = CounterOffer.objects.select_for_update().get(pk=offer.pk)
        if locked.decision != CounterOffer.Decision.OPEN:
            raise CounterOfferDecided()
        locked.decision = CounterOffer.Decision.DECLINED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["decision", "decided_at", "decided_by"])
    return locked


def declined_next_steps(*, case: Case, check: CounterOfferCheck) -> tuple[str, ...]:
    """What to do after declining: say why, offer the plan again (or the nearest programme), ask for a
    supervisor, then a written request."""
    steps = []
    if not check.fits and check.monthly_offer:
        steps.append(
            _("Call back and say why: you can pay %(offer)s a month, not %(asked)s.")
            % {"offer": money(check.monthly_offer), "asked": money(check.schedule.largest)}
        )
    steps.append(
        _("Offer your own plan again, the same way as before, and ask which of their plans comes closest.")
    )
    steps.append(_("Ask for the team that handles repayment arrangements, or a supervisor."))
    steps.append(_("If they still say no, send your request in writing (the letter) and keep a copy."))
    return tuple(steps)


@dataclass(frozen=True)
class CounterOfferView:
    """A counter-offer with its check and, once declined, the next steps."""

    offer: CounterOffer
    check: CounterOfferCheck
    next_steps: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        return self.offer.decision == CounterOffer.Decision.OPEN


def counter_offer_views(case: Case) -> tuple[CounterOfferView, ...]:
    """The case's counter-offers, newest first, each checked (reads `case.counter_offers.all()`)."""
    views = []
    for offer in sorted(case.counter_offers.all(), key=lambda o: (o.created_at, o.pk), reverse=True):
        check = counter_offer_check(case=case, offer=offer)
        declined = offer.decision == CounterOffer.Decision.DECLINED
        views.append(
            CounterOfferView(
                offer=offer,
                check=check,
                next_steps=declined_next_steps(case=case, check=check) if declined else (),
            )
        )
    return tuple(views)
