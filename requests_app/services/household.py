"""The household: the budget page's and My debts' data (one selector), the budget's write, and the
re-split that follows it (a new plan version on each open case whose figures changed, saying why).

Writes: `budget_save` (optimistic-locked on Budget.version, one transaction) and `household_resplit`
(after a budget change, a settled or closed case, a lender's agreement). Reads: `household_page_data`."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import Budget, Case, Commitment, PlanVersion
from ..models.budget import INCOME_FIELDS, SPENDING_FIELDS
from .budget import (
    EXPLANATION_MAX_LENGTH,
    MAX_COMMITMENTS,
    MAX_HOUSEHOLD_SIZE,
    MAX_MONTHLY_AMOUNT,
    REFERENCE_GROUP_KEYS,
    SPLIT_STATUSES,
    ZERO,
    CaseShare,
    HouseholdPlan,
    ReferenceCheck,
    budget_reference_checks,
    case_household_plan,
    case_share,
    household_plan,
    reference_checks,
    reference_figures,
)
from .costs import cost_of_waiting
from .finances import lender_daily_rate
from .formatting import to_cents
from .refusals import too_long
from .text_limits import CREDITOR_MAX_LENGTH, INCOME_NOTES_MAX_LENGTH
from .versions import plan_version_record


class StaleBudget(Exception):
    """The budget changed since the person opened the page; `message` is translated and safe to show."""

    code = "stale_budget"

    def __init__(self):
        self.message = _(
            "Your budget was changed somewhere else (another tab or device) after you opened this page. "
            "Nothing was saved: what you typed is still below. Check it and save again."
        )
        super().__init__(self.message)


class PlanVersionReason:
    BUDGET = "budget_changed"
    HOUSEHOLD = "household_changed"


@dataclass(frozen=True)
class OfferMove:
    """A case's monthly offer moved between two plan versions."""

    case_id: int
    public_id: Any
    lender_name: str
    old: Decimal | None
    new: Decimal | None
    version: int
    at: dt.datetime
    reason: str

    @property
    def delta(self) -> Decimal:
        return (self.new or ZERO) - (self.old or ZERO)


def household_resplit(
    *, owner_id: int, by=None, reason: str = PlanVersionReason.HOUSEHOLD
) -> list[PlanVersion]:
    """Record a new plan version on every case of the owner still in the split whose plan (its share, the
    budget's figures) changed; returns the versions made. Call after any write that moves the shares."""
    made = []
    cases = Case.objects.filter(owner_id=owner_id, status__in=SPLIT_STATUSES).exclude(plan_versions=None)
    for case in cases.order_by("pk"):
        version = plan_version_record(case=case, by=by, reason=reason)
        if version is not None:
            made.append(version)
    return made


def _clean_money(value, *, field: str, errors: dict) -> Decimal:
    if value in (None, ""):
        return ZERO
    amount = to_cents(Decimal(value))
    if amount < 0:
        errors[field] = _("Enter an amount of zero or more.")
    elif amount > MAX_MONTHLY_AMOUNT:
        errors[field] = _("That is more than ¥10,000,000 a month: check the figure.")
    return amount


class BudgetRefused(Exception):
    """Figures the service refuses: `errors` maps a field name (or commitments-N-field) to a message."""

    code = "budget_invalid"

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__(str(self.errors))


def budget_check(
    *, values: Mapping[str, Any], commitments: Sequence[Mapping[str, Any]], figures=None
) -> tuple[dict, list[dict], list[ReferenceCheck], dict[str, str]]:
    """The budget's figures cleaned (money to the cent, explanations trimmed) and its reference checks, with
    the errors found: negative or absurd amounts, a household of 0 or more than 20, too many commitments, a
    category group above its reference without an explanation."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name in INCOME_FIELDS + SPENDING_FIELDS:
        clean[name] = _clean_money(values.get(name), field=name, errors=errors)
    size = values.get("household_size") or 1
    if not 1 <= int(size) <= MAX_HOUSEHOLD_SIZE:
        errors["household_size"] = _("Enter between 1 and %(max)s people.") % {"max": MAX_HOUSEHOLD_SIZE}
        size = 1
    clean["household_size"] = int(size)
    clean["income_notes"] = (values.get("income_notes") or "").strip()
    if len(clean["income_notes"]) > INCOME_NOTES_MAX_LENGTH:
        errors["income_notes"] = too_long(
            limit=INCOME_NOTES_MAX_LENGTH, length=len(clean["income_notes"])
        ).message
    explanations = {}
    for key in REFERENCE_GROUP_KEYS:
        text = (values.get(f"explain_{key}") or "").strip()
        if len(text) > EXPLANATION_MAX_LENGTH:
            errors[f"explain_{key}"] = too_long(limit=EXPLANATION_MAX_LENGTH, length=len(text)).message
        if text:
            explanations[key] = text
    checks = reference_checks(
        values=clean, household_size=clean["household_size"], explanations=explanations, figures=figures
    )
    for check in checks:
        if check.above and not check.explanation:
            errors[f"explain_{check.key}"] = _(
                "This is above the national average for a household of your size: say briefly why "
                "(the lender and your counselor will read it)."
            )
        elif not check.above:
            explanations.pop(check.key, None)
    clean["explanations"] = explanations
    rows = []
    if len(commitments) > MAX_COMMITMENTS:
        errors["commitments"] = _("List at most %(max)s payments made first.") % {"max": MAX_COMMITMENTS}
    for index, row in enumerate(commitments[:MAX_COMMITMENTS]):
        row_errors: dict[str, str] = {}
        payment = _clean_money(row.get("monthly_payment"), field="monthly_payment", errors=row_errors)
        balance = row.get("balance")
        balance = None if balance in (None, "") else _clean_money(balance, field="balance", errors=row_errors)
        if balance is not None and balance > Decimal("1000000000"):
            row_errors["balance"] = _("That is more than ¥1,000,000,000: check the figure.")
        for field_name, message in row_errors.items():
            errors[f"commitments-{index}-{field_name}"] = message
        rows.append(
            {
                "kind": row.get("kind") or Commitment.Kind.OTHER_DEBT,
                "creditor": (row.get("creditor") or "").strip()[:CREDITOR_MAX_LENGTH],
                "balance": balance,
                "monthly_payment": payment,
            }
        )
    return clean, rows, checks, errors


def budget_save(
    *,
    owner,
    values: Mapping[str, Any],
    commitments: Sequence[Mapping[str, Any]],
    expected_version: int | None,
    by=None,
) -> tuple[Budget, list[PlanVersion]]:
    """Save the owner's budget (made on first save) and its commitments (replacing the list), then re-split:
    each open case whose plan changed gets a new plan version. Refuses with BudgetRefused (errors per field)
    or StaleBudget (someone saved in between). One transaction."""
    clean, rows, _checks, errors = budget_check(values=values, commitments=commitments)
    if errors:
        raise BudgetRefused(errors)
    with transaction.atomic():
        budget = Budget.objects.select_for_update().filter(owner=owner).first()
        if budget is None:
            budget = Budget(owner=owner)
        elif expected_version is not None and budget.version != expected_version:
            raise StaleBudget()
        for name, value in clean.items():
            setattr(budget, name, value)
        budget.carried_over = False
        if budget.pk:
            budget.version = F("version") + 1
        budget.save()
        budget.refresh_from_db()
        budget.commitments.all().delete()
        Commitment.objects.bulk_create([Commitment(budget=budget, **row) for row in rows])
        versions = household_resplit(owner_id=owner.pk, by=by, reason=PlanVersionReason.BUDGET)
    return budget, versions


# --- Reads ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DebtRow:
    """One creditor on My debts: a case (negotiated) or a commitment (paid as it is)."""

    kind: str  # "case" or "commitment"
    name: str
    balance: Decimal | None
    due_date: dt.date | None
    monthly: Decimal | None
    status: str
    share: CaseShare | None
    daily_cost: Decimal | None
    case: Case | None = None


@dataclass(frozen=True)
class ChartSegment:
    key: str
    label: str
    amount: Decimal
    x: float
    width: float


@dataclass(frozen=True)
class BudgetChart:
    """A horizontal bar of the monthly budget: essentials, payments made first, each offer, left over;
    `shortfall` when they exceed income. Coordinates are percentages of the bar."""

    income: Decimal
    segments: tuple[ChartSegment, ...]
    shortfall: Decimal


def budget_chart(plan: HouseholdPlan) -> BudgetChart | None:
    """The budget chart's geometry for `plan` (None without a budget)."""
    totals = plan.totals
    if totals is None:
        return None
    parts = [
        ("essentials", _("Essentials"), totals.essentials),
        ("priority", _("Paid first"), totals.priority),
        *[
            (f"offer-{share.case_id}", share.lender_name or _("Offer"), share.offer)
            for share in plan.shares.values()
        ],
    ]
    spent = sum((amount for _k, _l, amount in parts), ZERO)
    left = max(totals.income - spent, ZERO)
    parts.append(("left", _("Left over"), left))
    scale = max(totals.income, spent)
    segments, x = [], 0.0
    for key, label, amount in parts:
        if amount <= 0 or scale <= 0:
            continue
        width = round(float(amount / scale) * 100, 2)
        segments.append(ChartSegment(key=key, label=str(label), amount=amount, x=round(x, 2), width=width))
        x += width
    return BudgetChart(
        income=totals.income, segments=tuple(segments), shortfall=max(spent - totals.income, ZERO)
    )


def offer_moves(plan: HouseholdPlan) -> list[OfferMove]:
    """For each case in the split, how its latest plan version moved the monthly offer against the one
    before (only where it moved), newest first. One query."""
    ids = list(plan.shares)
    if not ids:
        return []
    versions: dict[int, list[PlanVersion]] = {}
    for version in PlanVersion.objects.filter(case_id__in=ids).order_by("case_id", "-number"):
        versions.setdefault(version.case_id, [])
        if len(versions[version.case_id]) < 2:
            versions[version.case_id].append(version)
    moves = []
    for case_id, (latest, *rest) in ((k, v) for k, v in versions.items() if v):
        if not rest:
            continue
        old, new = rest[0].data.get("monthly_capacity"), latest.data.get("monthly_capacity")
        if old == new:
            continue
        share = plan.shares[case_id]
        moves.append(
            OfferMove(
                case_id=case_id,
                public_id=share.public_id,
                lender_name=share.lender_name,
                old=None if old is None else Decimal(old),
                new=None if new is None else Decimal(new),
                version=latest.number,
                at=latest.created_at,
                reason=latest.reason,
            )
        )
    return sorted(moves, key=lambda move: move.at, reverse=True)


def household_page_data(*, owner_id: int, case: Case | None = None) -> dict[str, Any]:
    """Everything the budget page, My debts and the admin's household panel show (about six queries):
    the budget and its totals, reference checks, the plan, every debt ranked by its daily cost of waiting,
    the chart, offer moves and the finding-level facts (excess, cases over)."""
    plan = household_plan(owner_id)
    budget = plan.budget
    figures = reference_figures()
    checks = budget_reference_checks(budget, figures=figures) if budget is not None else []
    rows = []
    for item in plan.cases:
        share = plan.shares.get(item.pk)
        rate = lender_daily_rate(item)
        daily = (
            cost_of_waiting(unpaid=item.amount_due, daily_rate=rate, days=1)
            if rate is not None and item.amount_due and item.status in SPLIT_STATUSES
            else None
        )
        rows.append(
            DebtRow(
                kind="case",
                name=item.lender.name if item.lender_id else _("Lender not chosen yet"),
                balance=item.amount_due,
                due_date=item.due_date,
                monthly=share.offer if share else None,
                status=str(item.get_status_display()),
                share=share,
                daily_cost=daily,
                case=item,
            )
        )
    for commitment in budget.commitments.all() if budget is not None else []:
        rows.append(
            DebtRow(
                kind="commitment",
                name=commitment.creditor or str(commitment.get_kind_display()),
                balance=commitment.balance,
                due_date=None,
                monthly=commitment.monthly_payment,
                status=str(commitment.get_kind_display()),
                share=None,
                daily_cost=None,
            )
        )
    ranked = sorted(rows, key=lambda row: (row.daily_cost is None, -(row.daily_cost or ZERO)))
    return {
        "plan": plan,
        "budget": budget,
        "totals": plan.totals,
        "checks": checks,
        "above_checks": [check for check in checks if check.above],
        "figures": sorted(figures.values(), key=lambda figure: figure.line),
        "debts": ranked,
        "chart": budget_chart(plan),
        "moves": offer_moves(plan),
        "current_case": case,
        "open_count": len(plan.shares),
    }


def case_household(case: Case) -> dict[str, Any]:
    """What a case's pages show of the household: the plan, this case's share, the other lenders sharing
    the budget and which offers moved at the latest re-split (one query beyond the plan)."""
    plan = case_household_plan(case)
    share = case_share(case)
    return {
        "household": plan,
        "share": share,
        "other_shares": plan.others(case) if share else list(plan.shares.values()),
        "offer_moves": offer_moves(plan),
    }
