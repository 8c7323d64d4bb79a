"""Findings about the request itself: the bill, the repayment mode, the hardship and the finances."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..budget import case_plan
from ..field_rules import hardship_date_problems, installment_problems
from ..finances import ZERO, has_monthly_offer
from ..findings import Finding
from ..formatting import (
    clause_separator,
    long_date,
    money,
    to_cents,
)
from .rules import INSTALLMENT_TOLERANCE_PER_PERIOD, _finding, narrative_length, narrative_minimum


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
        problems = installment_problems(total=total, remaining=remaining, amount=per_period)
        if "periods_above_total" in problems.get("installments_remaining", ()):
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
    problems = hardship_date_problems(since=since, end=end, today=today)
    if "date_in_future" in problems.get("hardship_since", ()):
        findings.append(
            _finding(
                "HARDSHIP_SINCE_IN_FUTURE",
                ["hardship_since"],
                _("Your difficulty starts on %(since)s, which is after today.") % {"since": long_date(since)},
                _("Enter the date it actually began."),
            )
        )
    if "end_not_after_start" in problems.get("hardship_expected_end", ()):
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
    plan = case_plan(case)
    if plan is None or plan.budget is None:
        return [
            _finding(
                "FINANCES_MISSING",
                ["offer_override"],
                _("We need your household budget to work out what you can offer this lender each month."),
                _(
                    "Fill in your budget (income, essential spending, payments made first). Rough figures are fine."
                ),
            )
        ]
    totals, share = plan.totals, plan.share_for(case)
    findings = []
    if plan.budget.carried_over:
        findings.append(
            _finding(
                "BUDGET_NOT_CHECKED",
                ["offer_override"],
                _("Your budget still holds the single totals from an earlier case, not split by category."),
                _("Open your budget and go through it: income by source, spending by category."),
            )
        )
    if not has_monthly_offer(totals.available):
        findings.append(
            _finding(
                "CAPACITY_NOT_POSITIVE",
                ["offer_override"],
                _(
                    "Your income of %(income)s, less essential spending of %(expenses)s and payments made "
                    "first of %(other)s, leaves %(capacity)s a month: nothing to repay with, so each lender "
                    "is offered a token payment of %(token)s."
                )
                % {
                    "income": money(totals.income),
                    "expenses": money(totals.essentials),
                    "other": money(totals.priority),
                    "capacity": money(totals.available),
                    "token": money(plan.token),
                },
                _(
                    "See whether any expense can wait. Ask the lender for a longer term, or a pause until "
                    "your income recovers. If several debts are due at once, get free debt advice, for "
                    "example from your local legal aid centre."
                ),
            )
        )
    elif share is not None and share.is_token:
        findings.append(
            _finding(
                "TOKEN_OFFER",
                ["offer_override"],
                _(
                    "This lender's fair share of your budget would be under %(token)s a month, so it is "
                    "offered a token payment of %(offer)s."
                )
                % {"token": money(plan.token), "offer": money(share.offer)},
                _("The letter says so and why. Paying more elsewhere first is fair to every lender."),
            )
        )
    if share is not None and plan.over_budget_by_choice:
        names = [s.lender_name or _("a case without a lender") for s in plan.shares.values()]
        findings.append(
            _finding(
                "OFFERS_OVER_AVAILABLE",
                ["offer_override"],
                _(
                    "Your monthly offers to %(lenders)s add up to %(total)s, %(excess)s more than the "
                    "%(available)s your budget leaves."
                )
                % {
                    "lenders": _list_names(names),
                    "total": money(plan.total_offers),
                    "excess": money(plan.excess),
                    "available": money(max(totals.available, ZERO)),
                },
                _("Lower the offers you chose, or leave them empty to offer each lender its fair share."),
            )
        )
    return findings


def _list_names(names) -> str:
    return clause_separator().join(str(name) for name in names)
