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
- FINANCES_MISSING · error · finances — monthly income or essential expenses unknown (other debt
  payments left empty count as none).
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

Finances
- CAPACITY_NOT_POSITIVE · error · finances — income − expenses − other debt payments is zero or less;
  the hint gives advice (longer term, a pause, free debt advice).

Schedule (the fields are "payments" for the schedule rows)
- SCHEDULE_MISSING · error · schedule — no payments yet.
- SCHEDULE_SHORT · error · schedule — the payments add up to less than the amount due.
- SCHEDULE_MISSES_CHARGES · warning · schedule — they cover the amount due but not the estimated charges
  of the deferral (the lender's daily overdue rate × amount due × requested days, see
  finances.estimated_deferral_charges); a warning because the lender may waive them.
- SCHEDULE_OVER · warning · schedule — they add up to more than the amount due plus estimated charges.
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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .assessment import DUE_SOON_DAYS, PlanAssessment, Urgency, plan_assessment
from .finances import ZERO, lender_daily_rate
from .findings import Finding, Severity, Step, sort_findings
from .formatting import (
    clause_separator,
    day_count,
    long_date,
    money,
    month_count,
    month_year,
    percent,
    to_cents,
)
from .schedule import add_days, deferral_end, payment_rows, schedule_from_payments
from .versions import PlanChange, change_model_fields, changes_since_last_contact

URGENT_DAYS = DUE_SOON_DAYS  # the old name of the one window
FIRST_PAYMENT_TOLERANCE_DAYS = 31
MIN_NARRATIVE_CHARS_CJK = 20
MIN_NARRATIVE_CHARS_OTHER = 60
INSTALLMENT_TOLERANCE_PER_PERIOD = Decimal("1.00")

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Rule:
    severity: Severity
    step: Step


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    "LENDER_MISSING": Rule(ERROR, Step.LENDER),
    "AMOUNT_DUE_MISSING": Rule(ERROR, Step.LENDER),
    "AMOUNT_DUE_NOT_POSITIVE": Rule(ERROR, Step.LENDER),
    "DUE_DATE_MISSING": Rule(ERROR, Step.LENDER),
    "REPAYMENT_MODE_MISSING": Rule(ERROR, Step.MODE),
    "DEFERRAL_MISSING": Rule(ERROR, Step.SCHEDULE),
    "FINANCES_MISSING": Rule(ERROR, Step.FINANCES),
    "HARDSHIP_CATEGORY_MISSING": Rule(ERROR, Step.HARDSHIP),
    "HARDSHIP_NARRATIVE_MISSING": Rule(ERROR, Step.HARDSHIP),
    "INSTALLMENT_FIELDS_MISSING": Rule(ERROR, Step.MODE),
    "INSTALLMENT_FIELDS_UNEXPECTED": Rule(ERROR, Step.MODE),
    "INSTALLMENTS_REMAINING_ABOVE_TOTAL": Rule(ERROR, Step.MODE),
    "INSTALLMENTS_INCONSISTENT": Rule(WARNING, Step.MODE),
    "HARDSHIP_NARRATIVE_SHORT": Rule(WARNING, Step.HARDSHIP),
    "HARDSHIP_SINCE_MISSING": Rule(WARNING, Step.HARDSHIP),
    "HARDSHIP_SINCE_IN_FUTURE": Rule(ERROR, Step.HARDSHIP),
    "HARDSHIP_END_NOT_AFTER_SINCE": Rule(ERROR, Step.HARDSHIP),
    "CAPACITY_NOT_POSITIVE": Rule(ERROR, Step.FINANCES),
    "SCHEDULE_MISSING": Rule(ERROR, Step.SCHEDULE),
    "SCHEDULE_SHORT": Rule(ERROR, Step.SCHEDULE),
    "SCHEDULE_MISSES_CHARGES": Rule(WARNING, Step.SCHEDULE),
    "SCHEDULE_OVER": Rule(WARNING, Step.SCHEDULE),
    "PAYMENT_NOT_POSITIVE": Rule(ERROR, Step.SCHEDULE),
    "PAYMENT_DATE_REPEATED": Rule(ERROR, Step.SCHEDULE),
    "PAYMENT_IN_PAST": Rule(ERROR, Step.SCHEDULE),
    "FIRST_PAYMENT_BEFORE_DEFERRAL_END": Rule(ERROR, Step.SCHEDULE),
    "FIRST_PAYMENT_LONG_AFTER_DEFERRAL": Rule(ERROR, Step.SCHEDULE),
    "PAYMENT_OVER_CAPACITY": Rule(ERROR, Step.SCHEDULE),
    "CHARGES_UNKNOWN": Rule(INFO, Step.SCHEDULE),
    "DEFERRAL_OVER_LENDER_LIMIT": Rule(WARNING, Step.SCHEDULE),
    "DEFERRAL_LIMIT_UNKNOWN": Rule(INFO, Step.SCHEDULE),
    "TERM_OVER_LENDER_LIMIT": Rule(WARNING, Step.SCHEDULE),
    "TERM_LIMIT_UNKNOWN": Rule(INFO, Step.SCHEDULE),
    "DUE_SOON": Rule(WARNING, Step.REVIEW),
    "DUE_DATE_PASSED": Rule(WARNING, Step.REVIEW),
    "PLAN_CHANGED_SINCE_CONTACT": Rule(WARNING, Step.REVIEW),
}


def _work_it_out() -> str:
    """The name of the wizard's button that suggests a schedule, as the hints refer to it."""
    return _("“Work it out for me”")


def _finding(code: str, fields: Iterable[str], message: str, hint: str) -> Finding:
    rule = RULES[code]
    return Finding(
        code=code, severity=rule.severity, fields=tuple(fields), message=message, hint=hint, step=rule.step
    )


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
        *_urgency(case, assessment=assessment),
        *_contacts(
            case, changes=changes_since_last_contact(case, payments=rows) if changes is None else changes
        ),
    ]
    return sort_findings(findings)


def _bill(case) -> list[Finding]:
    findings = []
    if case.lender is None:
        findings.append(
            _finding(
                "LENDER_MISSING",
                ["lender"],
                _("You haven't said who you owe this money to yet."),
                _("Choose your lender, for example Huabei or your bank's credit card."),
            )
        )
    if case.amount_due is None:
        findings.append(
            _finding(
                "AMOUNT_DUE_MISSING",
                ["amount_due"],
                _("We don't know how much this bill is yet."),
                _("Enter the amount your bill says is due."),
            )
        )
    elif case.amount_due <= 0:
        findings.append(
            _finding(
                "AMOUNT_DUE_NOT_POSITIVE",
                ["amount_due"],
                _("The amount due is %(amount)s, so there is nothing to defer.")
                % {"amount": money(case.amount_due)},
                _("Enter the amount you actually owe on this bill."),
            )
        )
    if case.due_date is None:
        findings.append(
            _finding(
                "DUE_DATE_MISSING",
                ["due_date"],
                _("We don't know when this bill is due yet."),
                _(
                    "Enter the due date from your bill: it tells us how urgent this is and when your plan starts."
                ),
            )
        )
    if case.requested_deferral_days is None:
        findings.append(
            _finding(
                "DEFERRAL_MISSING",
                ["requested_deferral_days"],
                _("You haven't said how long you want to defer."),
                _("Enter how many days you need, for example 30. The lender needs a clear request."),
            )
        )
    return findings


def _mode(case) -> list[Finding]:
    findings = []
    mode = case.repayment_mode
    installment_fields = {
        "installments_total": case.installments_total,
        "installments_remaining": case.installments_remaining,
        "installment_amount": case.installment_amount,
    }
    if not mode:
        findings.append(
            _finding(
                "REPAYMENT_MODE_MISSING",
                ["repayment_mode"],
                _("You haven't said whether you repay this bill in full or in installments."),
                _("Choose how you repay it now. The agent will ask."),
            )
        )
    elif mode == case.RepaymentMode.INSTALLMENTS:
        missing = [name for name, value in installment_fields.items() if value is None]
        if missing:
            findings.append(
                _finding(
                    "INSTALLMENT_FIELDS_MISSING",
                    missing,
                    _(
                        "You repay in installments, but the number of periods, the periods left or the "
                        "amount per period is still empty."
                    ),
                    _("Copy them from your installment plan in the lender's app."),
                )
            )
        total, remaining, per_period = installment_fields.values()
        if total is not None and remaining is not None and remaining > total:
            findings.append(
                _finding(
                    "INSTALLMENTS_REMAINING_ABOVE_TOTAL",
                    ["installments_remaining", "installments_total"],
                    _("You have %(remaining)s periods left out of %(total)s: more than there are in total.")
                    % {"remaining": remaining, "total": total},
                    _("Check the periods against your installment plan in the lender's app."),
                )
            )
        if remaining is not None and per_period is not None and case.amount_due is not None:
            expected = to_cents(per_period * remaining)
            difference = abs(expected - to_cents(case.amount_due))
            if difference > INSTALLMENT_TOLERANCE_PER_PERIOD * max(remaining, 1):
                findings.append(
                    _finding(
                        "INSTALLMENTS_INCONSISTENT",
                        ["installment_amount", "installments_remaining", "amount_due"],
                        _(
                            "%(remaining)s periods of %(per_period)s make %(expected)s, but the amount due "
                            "is %(amount)s: a difference of %(difference)s."
                        )
                        % {
                            "remaining": remaining,
                            "per_period": money(per_period),
                            "expected": money(expected),
                            "amount": money(case.amount_due),
                            "difference": money(difference),
                        },
                        _(
                            "Enter as the amount due what you still owe on the installment plan, fees "
                            "included, or correct the amount per period."
                        ),
                    )
                )
    elif any(value is not None for value in installment_fields.values()):
        findings.append(
            _finding(
                "INSTALLMENT_FIELDS_UNEXPECTED",
                [name for name, value in installment_fields.items() if value is not None],
                _("You chose full repayment, but installment details are filled in too."),
                _("Switch to installments, or clear the installment details."),
            )
        )
    return findings


def narrative_length(text: str) -> int:
    """Characters that carry meaning: whitespace does not count."""
    return len("".join(text.split()))


def narrative_minimum(text: str) -> int:
    """The shortest narrative that can explain a cause: 20 characters of Chinese, 60 of other scripts."""
    return MIN_NARRATIVE_CHARS_CJK if CJK.search(text) else MIN_NARRATIVE_CHARS_OTHER


def _hardship(case, *, today: dt.date) -> list[Finding]:
    findings = []
    if not case.hardship_category:
        findings.append(
            _finding(
                "HARDSHIP_CATEGORY_MISSING",
                ["hardship_category"],
                _("You haven't said what caused the difficulty."),
                _("Choose the closest cause, for example job loss or illness."),
            )
        )
    narrative = case.hardship_narrative or ""
    if not narrative.strip():
        findings.append(
            _finding(
                "HARDSHIP_NARRATIVE_MISSING",
                ["hardship_narrative"],
                _("You haven't written what happened."),
                _(
                    "Write a few sentences: what happened, since when, and what it did to your income. "
                    "The agent will ask."
                ),
            )
        )
    else:
        length, minimum = narrative_length(narrative), narrative_minimum(narrative)
        if length < minimum:
            findings.append(
                _finding(
                    "HARDSHIP_NARRATIVE_SHORT",
                    ["hardship_narrative"],
                    ngettext(
                        "What you wrote has only %(count)s character, too short to explain what happened.",
                        "What you wrote has only %(count)s characters, too short to explain what happened.",
                        length,
                    )
                    % {"count": length},
                    _(
                        "Add what happened, since when and how much your income fell: at least %(minimum)s "
                        "characters."
                    )
                    % {"minimum": minimum},
                )
            )
    since, end = case.hardship_since, case.hardship_expected_end
    if since is None:
        findings.append(
            _finding(
                "HARDSHIP_SINCE_MISSING",
                ["hardship_since"],
                _("You haven't said since when you have been in difficulty."),
                _("Enter the date it started. The agent will ask since when."),
            )
        )
    elif since > today:
        findings.append(
            _finding(
                "HARDSHIP_SINCE_IN_FUTURE",
                ["hardship_since"],
                _("Your difficulty starts on %(since)s, which is after today.") % {"since": long_date(since)},
                _("Enter the date it actually began."),
            )
        )
    if since is not None and end is not None and end <= since:
        findings.append(
            _finding(
                "HARDSHIP_END_NOT_AFTER_SINCE",
                ["hardship_expected_end", "hardship_since"],
                _("You expect the difficulty to end on %(end)s, but it only starts on %(since)s.")
                % {"end": long_date(end), "since": long_date(since)},
                _("Check both dates: the end has to come after the start."),
            )
        )
    return findings


def _finances(case, *, capacity: Decimal | None) -> list[Finding]:
    if capacity is None:
        missing = [name for name in ("monthly_income", "essential_expenses") if getattr(case, name) is None]
        return [
            _finding(
                "FINANCES_MISSING",
                missing,
                _("We need your monthly income and essential expenses to check that the plan is affordable."),
                _("Fill in the finances step. Rough figures are fine."),
            )
        ]
    if capacity <= 0:
        return [
            _finding(
                "CAPACITY_NOT_POSITIVE",
                ["monthly_income", "essential_expenses", "other_debt_payments"],
                _(
                    "Your income of %(income)s, less essential expenses of %(expenses)s and other debt "
                    "payments of %(other)s, leaves %(capacity)s a month: nothing to repay this bill with."
                )
                % {
                    "income": money(case.monthly_income),
                    "expenses": money(case.essential_expenses),
                    "other": money(case.other_debt_payments or ZERO),
                    "capacity": money(capacity),
                },
                _(
                    "See whether any expense can wait. Ask the lender for a longer term, or a pause until "
                    "your income recovers. If several debts are due at once, get free debt advice, for "
                    "example from your local legal aid centre."
                ),
            )
        ]
    return []


def _schedule(case, *, rows: list, assessment: PlanAssessment, today: dt.date) -> list[Finding]:
    if not rows:
        return [
            _finding(
                "SCHEDULE_MISSING",
                ["payments"],
                _("There is no repayment plan yet."),
                _("Add your payments, or use %(button)s to get one.") % {"button": _work_it_out()},
            )
        ]
    findings = []
    schedule = schedule_from_payments(rows)
    findings += schedule_total_findings(case, assessment=assessment)
    not_positive = [p for p in schedule.payments if p.amount <= 0]
    if not_positive:
        findings.append(
            _finding(
                "PAYMENT_NOT_POSITIVE",
                ["payments"],
                _("The payment on %(date)s is %(amount)s, which pays nothing.")
                % {"date": long_date(not_positive[0].due_on), "amount": money(not_positive[0].amount)},
                _("Remove that payment or enter its amount."),
            )
        )
    dates = [p.due_on for p in schedule.payments]
    repeated = sorted({d for d in dates if dates.count(d) > 1})
    if repeated:
        findings.append(
            _finding(
                "PAYMENT_DATE_REPEATED",
                ["payments"],
                _("You have more than one payment on %(date)s.") % {"date": long_date(repeated[0])},
                _("Put them together into one payment, or move one to another day."),
            )
        )
    past = [d for d in dates if d < today]
    if past:
        findings.append(
            _finding(
                "PAYMENT_IN_PAST",
                ["payments"],
                ngettext(
                    "%(count)s payment is dated before today: %(date)s.",
                    "%(count)s payments are dated before today; the earliest is %(date)s.",
                    len(past),
                )
                % {"count": len(past), "date": long_date(past[0])},
                _("Move them to today or later: a promise for a day that has passed can't be kept."),
            )
        )
    findings += _first_payment(case, first=schedule.first_date, today=today)
    findings += _over_capacity(assessment)
    return findings


def schedule_total_findings(case, *, assessment: PlanAssessment) -> list[Finding]:
    """The finding on the plan's total (the assessment's `total_code`), or none. The wizard's live totals
    show this same finding, so the page and the check never disagree on its severity."""
    code = assessment.total_code
    if code is None:
        return []
    amount, charges, required = assessment.amount_due, assessment.charges, assessment.amount_to_repay
    total = assessment.total
    button = _work_it_out()
    if code == "SCHEDULE_SHORT":
        shortfall = amount - total
        return [
            _finding(
                "SCHEDULE_SHORT",
                ["payments", "amount_due"],
                _("Your plan adds up to %(total)s, %(shortfall)s less than the %(amount)s you owe.")
                % {"total": money(total), "shortfall": money(shortfall), "amount": money(amount)},
                _("Add %(shortfall)s to the last payment, or use %(button)s.")
                % {"shortfall": money(shortfall), "button": button},
            )
        ]
    if code == "SCHEDULE_MISSES_CHARGES":
        missing = required - total
        return [
            _finding(
                "SCHEDULE_MISSES_CHARGES",
                ["payments"],
                _(
                    "Your plan repays the %(amount)s you owe, but %(lender)s may charge about %(charges)s "
                    "for a %(days)s deferral (%(rate)s a day), which makes %(required)s in all."
                )
                % {
                    "amount": money(amount),
                    "lender": case.lender.name,
                    "charges": money(charges),
                    "days": day_count(case.requested_deferral_days),
                    "rate": percent(lender_daily_rate(case)),
                    "required": money(required),
                },
                _("Ask the agent to waive the charge. If they won't, add %(missing)s to the last payment.")
                % {"missing": money(missing)},
            )
        ]
    if code == "SCHEDULE_OVER":
        excess = total - required
        return [
            _finding(
                "SCHEDULE_OVER",
                ["payments"],
                _("Your plan adds up to %(total)s, %(excess)s more than the %(required)s you need to repay.")
                % {"total": money(total), "excess": money(excess), "required": money(required)},
                _(
                    "Take %(excess)s off your payments, for example off the last one, so you don't promise more than you owe."
                )
                % {"excess": money(excess)},
            )
        ]
    return []


def _first_payment(case, *, first: dt.date, today: dt.date) -> list[Finding]:
    end = deferral_end(case)
    if end is None:
        return []
    if end > today and first < end:
        return [
            _finding(
                "FIRST_PAYMENT_BEFORE_DEFERRAL_END",
                ["payments", "requested_deferral_days"],
                _("You ask to defer until %(end)s, but your first payment is on %(first)s.")
                % {"end": long_date(end), "first": long_date(first)},
                _("Start the plan on %(end)s, or ask for a shorter deferral.") % {"end": long_date(end)},
            )
        ]
    reference = max(end, today)
    gap = (first - reference).days
    if gap <= FIRST_PAYMENT_TOLERANCE_DAYS:
        return []
    latest = add_days(reference, FIRST_PAYMENT_TOLERANCE_DAYS)
    if end >= today:
        message = _(
            "Your deferral would end on %(end)s, but your first payment is only on %(first)s, %(gap)s later."
        ) % {"end": long_date(end), "first": long_date(first), "gap": day_count(gap)}
        hint = _(
            "Ask for a deferral that lasts until your first payment, or make a first payment by %(latest)s."
        )
    else:
        message = _(
            "The deferral you ask for would already have ended on %(end)s, and your first payment is only "
            "on %(first)s, %(gap)s from today."
        ) % {"end": long_date(end), "first": long_date(first), "gap": day_count(gap)}
        hint = _("Ask for a longer deferral, or make a first payment by %(latest)s.")
    return [
        _finding(
            "FIRST_PAYMENT_LONG_AFTER_DEFERRAL",
            ["payments", "requested_deferral_days"],
            message,
            hint % {"latest": long_date(latest) if latest else ""},
        )
    ]


def _over_capacity(assessment: PlanAssessment) -> list[Finding]:
    over = assessment.months_over
    if not over:
        return []
    capacity = assessment.monthly_offer
    worst = max(over, key=lambda m: (m.total, -m.month.toordinal()))
    largest = worst.total
    return [
        _finding(
            "PAYMENT_OVER_CAPACITY",
            ["payments"],
            ngettext(
                "In %(count)s month your plan asks for more than the %(capacity)s you can spare: "
                "%(largest)s in %(month)s.",
                "In %(count)s months your plan asks for more than the %(capacity)s you can spare; the most "
                "is %(largest)s in %(month)s.",
                len(over),
            )
            % {
                "count": len(over),
                "capacity": money(capacity),
                "largest": money(largest),
                "month": month_year(worst.month),
            },
            _("Spread it over more months so that no month goes above %(capacity)s, or use %(button)s.")
            % {"capacity": money(capacity), "button": _work_it_out()},
        )
    ]


def _lender_limits(case, *, rows: list) -> list[Finding]:
    lender = case.lender
    if lender is None:
        return []
    findings = []
    if lender.daily_overdue_rate is None and case.requested_deferral_days:
        findings.append(
            _finding(
                "CHARGES_UNKNOWN",
                ["requested_deferral_days"],
                _("We don't know whether %(lender)s charges interest or fees during a deferral.")
                % {"lender": lender.name},
                _("Ask the agent whether the deferral costs anything, and how much."),
            )
        )
    days = case.requested_deferral_days
    if days:
        if not lender.max_deferral_days:
            findings.append(
                _finding(
                    "DEFERRAL_LIMIT_UNKNOWN",
                    ["requested_deferral_days"],
                    _("We don't know the longest deferral %(lender)s gives.") % {"lender": lender.name},
                    _("Ask the agent how long a deferral they can give, and explain why you need %(days)s.")
                    % {"days": day_count(days)},
                )
            )
        elif days > lender.max_deferral_days:
            limit = day_count(lender.max_deferral_days)
            findings.append(
                _finding(
                    "DEFERRAL_OVER_LENDER_LIMIT",
                    ["requested_deferral_days"],
                    _("You ask to defer %(days)s, but %(lender)s is reported to allow at most %(limit)s.")
                    % {"days": day_count(days), "lender": lender.name, "limit": limit},
                    _(
                        "Ask for %(limit)s and bring the rest as an installment plan, or ask whether an "
                        "exception is possible in your situation."
                    )
                    % {"limit": limit},
                )
            )
    if rows:
        term = schedule_from_payments(rows).months
        if not lender.max_installment_months:
            findings.append(
                _finding(
                    "TERM_LIMIT_UNKNOWN",
                    ["payments"],
                    _("We don't know the longest term %(lender)s allows.") % {"lender": lender.name},
                    _("Ask the agent how many months they can give you."),
                )
            )
        elif term > lender.max_installment_months:
            limit = month_count(lender.max_installment_months)
            findings.append(
                _finding(
                    "TERM_OVER_LENDER_LIMIT",
                    ["payments"],
                    _("Your plan runs %(term)s, but %(lender)s is reported to allow at most %(limit)s.")
                    % {"term": month_count(term), "lender": lender.name, "limit": limit},
                    _(
                        "Shorten the plan if you can. If you can't, ask the agent whether a longer term is "
                        "possible in your situation."
                    ),
                )
            )
    return findings


def _urgency(case, *, assessment: PlanAssessment) -> list[Finding]:
    if assessment.due_urgency == Urgency.NONE:  # no due date, not yet near, or settled
        return []
    days_left = assessment.days_to_due
    date = long_date(case.due_date)
    if assessment.due_urgency == Urgency.OVERDUE:
        return [
            _finding(
                "DUE_DATE_PASSED",
                ["due_date"],
                _("Your bill was due on %(date)s. It is %(days)s overdue.")
                % {"date": date, "days": day_count(-days_left)},
                _(
                    "Contact the lender as soon as you can: overdue interest grows every day. Say straight "
                    "away that you want to sort it out."
                ),
            )
        ]
    if days_left == 0:
        message = _("Your bill is due today, %(date)s.") % {"date": date}
    else:
        message = _("Your bill is due on %(date)s, in %(days)s.") % {
            "date": date,
            "days": day_count(days_left),
        }
    return [
        _finding(
            "DUE_SOON",
            ["due_date"],
            message,
            _("Contact the lender today, before the due date: the earlier you ask, the more room you have."),
        )
    ]


def _contacts(case, *, changes: Sequence[PlanChange]) -> list[Finding]:
    if not changes:
        return []
    described = clause_separator().join(
        _("%(label)s: %(old)s → %(new)s") % {"label": c.label, "old": c.old, "new": c.new} for c in changes
    )
    fields = []
    for change in changes:
        fields += [name for name in change_model_fields(change) if name not in fields]
    return [
        _finding(
            "PLAN_CHANGED_SINCE_CONTACT",
            fields,
            _("Your plan has changed since you last showed it to the lender: %(changes)s.")
            % {"changes": described},
            _(
                "Next time, tell the agent what changed and why, so your story stays the same. Or go back "
                "to the plan you presented."
            ),
        )
    ]
