"""Findings about the plan: the schedule and its total, capacity per calendar month, the lender's limits,
urgency and what changed since the last contact. The money and time facts come from the assessment."""

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..assessment import PlanAssessment, Urgency
from ..field_rules import payment_row_problems, rows_with
from ..findings import Finding
from ..formatting import (
    clause_separator,
    day_count,
    long_date,
    money,
    month_count,
    month_year,
)
from ..negotiation.programmes import active_programmes, matching_programme, option_summary, repayment_options
from ..schedule import add_days, deferral_end, schedule_from_payments
from ..versions import PlanChange, change_model_fields
from .rules import FIRST_PAYMENT_TOLERANCE_DAYS, _finding, _work_it_out


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
    payments = schedule.payments
    problems = payment_row_problems(payments, today=today)
    not_positive = [payments[i] for i in rows_with(problems, "amount", "amount_not_positive")]
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
    repeated = [payments[i].due_on for i in rows_with(problems, "due_on", "date_repeated")]
    if repeated:
        findings.append(
            _finding(
                "PAYMENT_DATE_REPEATED",
                ["payments"],
                _("You have more than one payment on %(date)s.") % {"date": long_date(repeated[0])},
                _("Put them together into one payment, or move one to another day."),
            )
        )
    past = [payments[i].due_on for i in rows_with(problems, "due_on", "date_passed")]
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
    amount, required = assessment.amount_due, assessment.amount_to_repay
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


def _programmes(case, *, rows, today: dt.date) -> list[Finding]:
    schedule = schedule_from_payments(rows)
    if not rows or not active_programmes(case.lender) or matching_programme(case, schedule) is not None:
        return []
    options = repayment_options(case, today=today)
    nearest = options.nearest if options is not None else None
    hint = _("Ask the agent which of their own plans comes closest, and whether yours can be accepted.")
    if nearest is not None:
        hint = _(
            "The nearest option %(lender)s is known to offer: %(option)s (check with your lender). Offer it as "
            "a fallback, or change your plan to it."
        ) % {"lender": case.lender.name, "option": option_summary(nearest)}
    return [
        _finding(
            "PLAN_OUTSIDE_PROGRAMMES",
            ["payments"],
            _(
                "Your plan of %(count)s payments is not one of the plans %(lender)s is known to offer, so an "
                "agent may not be able to grant it as it is."
            )
            % {"count": len(schedule), "lender": case.lender.name},
            hint,
        )
    ]


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
