"""Does the request hold together? `validate(case)` collects every finding at once.

Finding codes (the one place they are documented; severity · wizard step · what it means):

Required to prepare a request
- LENDER_MISSING · error · lender — no lender chosen.
- AMOUNT_DUE_MISSING · error · lender — no amount due.
- AMOUNT_DUE_NOT_POSITIVE · error · lender — the amount due is zero.
- DUE_DATE_MISSING · error · lender — no due date.
- REPAYMENT_MODE_MISSING · error · mode — full repayment or installments not chosen.
- DEFERRAL_MISSING · error · schedule — how long a deferral is requested is not said (0 days is a valid
  answer: a plan without a deferral).
- FINANCES_MISSING · error · finances — the borrower has no household budget yet, so the case has no
  monthly offer (its share of the budget).
- HARDSHIP_CATEGORY_MISSING · error · hardship — no cause chosen.
- HARDSHIP_NARRATIVE_MISSING · error · hardship — nothing written about what happened.

Repayment mode
- INSTALLMENT_FIELDS_MISSING · error · mode — installments chosen, but periods in total, periods remaining
  or the amount per period is empty.
- INSTALLMENT_FIELDS_UNEXPECTED · error · mode — full repayment chosen, but installment fields are filled.
- INSTALLMENTS_REMAINING_ABOVE_TOTAL · error · mode — more periods remaining than in total.
- INSTALLMENTS_INCONSISTENT · warning · mode — amount per period × periods remaining differs from the
  amount due by more than INSTALLMENT_TOLERANCE_PER_PERIOD (¥1.00) per remaining period, the room a lender's
  rounding of the per-period amount can take.

Hardship
- HARDSHIP_NARRATIVE_SHORT · warning · hardship — the narrative is shorter than MIN_NARRATIVE_CHARS_CJK
  (20) non-space characters when it contains Chinese, or MIN_NARRATIVE_CHARS_OTHER (60) otherwise: about
  one sentence saying what happened, since when and what it did to the income.
- HARDSHIP_SINCE_MISSING · warning · hardship — the start of the hardship is not given.
- HARDSHIP_SINCE_IN_FUTURE · error · hardship — the hardship starts after today.
- HARDSHIP_END_NOT_AFTER_SINCE · error · hardship — the expected end is on or before the start.

Finances (the household budget, services.budget)
- CAPACITY_NOT_POSITIVE · warning · finances — the budget's income − essentials − payments made first is
  zero or less: the lender is offered the token amount; the hint gives advice (longer term, a pause, free
  debt advice).
- TOKEN_OFFER · info · finances — this lender's fair share is below the token (settings.BUDGET_TOKEN_OFFER),
  so it is offered the token.
- OFFERS_OVER_AVAILABLE · error · finances — the monthly offers across the borrower's open cases add up to
  more than the budget leaves, because of offers the borrower chose; names the cases and the excess.
  (Offers above it only because of token amounts are reported by CAPACITY_NOT_POSITIVE / TOKEN_OFFER.)
- BUDGET_NOT_CHECKED · warning · finances — the budget was carried over from a case's single figures and
  the borrower has not yet gone through it by category.

Schedule (the fields are "payments" for the schedule rows)
- SCHEDULE_MISSING · error · schedule — no payments yet.
- SCHEDULE_SHORT · error · schedule — the payments add up to less than the amount due.
- SCHEDULE_OVER · warning · schedule — they add up to more than the amount due (plus the stated fee of the
  lender programme the plan follows, see negotiation.programmes.allowed_fee). Estimated overdue charges are
  never part of what a plan must repay: the borrower asks the lender to waive them.
- PAYMENT_NOT_POSITIVE · error · schedule — a payment of zero or less.
- PAYMENT_DATE_REPEATED · error · schedule — two payments on one date (dates must strictly increase).
- PAYMENT_IN_PAST · error · schedule — a payment before today.
- FIRST_PAYMENT_BEFORE_DEFERRAL_END · error · schedule — the first payment comes before the requested
  deferral ends (checked only while that end is still ahead; a past date is PAYMENT_IN_PAST).
- FIRST_PAYMENT_LONG_AFTER_DEFERRAL · error · schedule — the first payment comes more than
  FIRST_PAYMENT_TOLERANCE_DAYS (31) days after the deferral ends (or after today, when the deferral end
  has passed): the plan would really need a longer deferral than the one asked for.
- PAYMENT_OVER_CAPACITY · error · schedule — in some calendar month the payments add up to more than the
  monthly offer (checked when the offer is positive). The months come from the plan's assessment, which the
  chart, the PDF and the letter read too.
- CHARGES_UNKNOWN · info · schedule — the lender's daily rate is unknown, so any charge for the deferral
  cannot be estimated.

Lender limits (a lender profile's limits are reported facts, never guaranteed: going over them is a
warning; an empty or zero limit means "not known")
- DEFERRAL_OVER_LENDER_LIMIT · warning · schedule — the requested days exceed lender.max_deferral_days.
- DEFERRAL_LIMIT_UNKNOWN · info · schedule — the lender's longest deferral is not known.
- TERM_OVER_LENDER_LIMIT · warning · schedule — the plan's term (calendar months from first to last
  payment) exceeds lender.max_installment_months.
- TERM_LIMIT_UNKNOWN · info · schedule — the lender's longest installment term is not known.
- PLAN_OUTSIDE_PROGRAMMES · warning · schedule — the lender has known programmes (installments of fixed
  periods, a deferral, a negotiated agreement) and the plan matches none of them; the hint names the nearest
  real option (negotiation.programmes).

Urgency and consistency
- DUE_SOON · warning · review — the due date is today or within assessment.DUE_SOON_DAYS (3) days; never
  for a settled case (approved or closed).
- DUE_DATE_PASSED · warning · review — the due date has passed; says how many days overdue; never for a
  settled case.
- PLAN_CHANGED_SINCE_CONTACT · warning · review — the plan differs from the version presented at the
  latest contact attempt; says what changed.

The money, time and status facts (capacity per month, the verdict on the total, urgency) come from
`services.assessment.plan_assessment`; pass `assessment=` when the caller already has it.

Related data is read only through `case.payments.all()`, `case.contacts.all()`,
`case.plan_versions.all()` and `case.lender`, so a caller that prefetches them (the admin changelist) makes
no queries per case. Messages are in the active language.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils import timezone

from ..assessment import PlanAssessment, plan_assessment
from ..findings import Finding, sort_findings
from ..schedule import payment_rows
from ..versions import PlanChange, changes_since_last_contact
from .plan import (
    _contacts,
    _lender_limits,
    _programmes,
    _schedule,
    _urgency,
    schedule_total_findings,
)
from .request import _bill, _finances, _hardship, _mode
from .rules import (
    CJK,
    FIRST_PAYMENT_TOLERANCE_DAYS,
    INSTALLMENT_TOLERANCE_PER_PERIOD,
    MIN_NARRATIVE_CHARS_CJK,
    MIN_NARRATIVE_CHARS_OTHER,
    RULES,
    URGENT_DAYS,
    Rule,
    narrative_length,
    narrative_minimum,
)

__all__ = [
    "CJK",
    "FIRST_PAYMENT_TOLERANCE_DAYS",
    "INSTALLMENT_TOLERANCE_PER_PERIOD",
    "MIN_NARRATIVE_CHARS_CJK",
    "MIN_NARRATIVE_CHARS_OTHER",
    "RULES",
    "URGENT_DAYS",
    "Rule",
    "narrative_length",
    "narrative_minimum",
    "schedule_total_findings",
    "validate",
]


def validate(
    case,
    *,
    today: dt.date | None = None,
    payments: Iterable | None = None,
    assessment: PlanAssessment | None = None,
    changes: Sequence[PlanChange] | None = None,
) -> list[Finding]:
    """Every finding about `case`, errors first. `payments` (rows with `due_on` and `amount`, e.g. unsaved
    form rows) defaults to `case.payments.all()`; `today` to the local date; `assessment` to the case's
    plan assessment over those rows; `changes` to the plan's changes since the last contact. Never raises for a case whose fields have their model types; never
    queries beyond the relations named in the module docstring."""
    today = today or timezone.localdate()
    rows = payment_rows(case, payments=payments)
    if assessment is None:
        # no finding reads the follow-up, so the contacts are not read for it (they are for _contacts)
        assessment = plan_assessment(case, today=today, payments=rows, contacts=())
    findings = [
        *_bill(case),
        *_mode(case),
        *_hardship(case, today=today),
        *_finances(case, capacity=assessment.monthly_offer),
        *_schedule(case, rows=rows, assessment=assessment, today=today),
        *_lender_limits(case, rows=rows),
        *_programmes(case, rows=rows, today=today),
        *_urgency(case, assessment=assessment),
        *_contacts(
            case, changes=changes_since_last_contact(case, payments=rows) if changes is None else changes
        ),
    ]
    return sort_findings(findings)
