"""The household budget and the fair split of what it leaves across the creditors being negotiated.

Rules (one place each):
- available income = total income − total essential spending − payments made first (commitments);
  it may be negative (then nothing is available and every creditor is offered the token).
- `pro_rata_offers` splits what is available in proportion to what each creditor is owed
  (offer_i = available × owed_i ÷ Σ owed, the Standard Financial Statement's rule), cent-exact by largest
  remainder; a creditor whose share falls below the token (settings.BUDGET_TOKEN_OFFER, ¥50) is offered
  the token instead and the rest is split again among the others; no creditor is offered more a month than
  it is owed (a ¥0.01 debt is offered ¥0.01).
- Which cases share the budget (`SPLIT_STATUSES`): every case not closed, with an amount due above zero.
  A case the lender approved keeps its agreed monthly payment (the largest month of its schedule) and the
  rest is split among the others; a case whose borrower chose an offer (with a reason) keeps it.
- A category group is compared with the National Bureau of Statistics' per-capita consumption for the
  same lines (yearly ÷ 12 × people in the household); above it, the borrower explains why.

Reads: `household_plan(owner)` makes four queries (budget and commitments, cases, agreed schedules,
nothing else) and is cached on a case by `case_share(case)`.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext_lazy

from ..models import Budget, Case, Commitment, Payment, ReferenceFigure
from ..models.budget import INCOME_FIELDS, SPENDING_FIELDS
from .formatting import CENT, to_cents

ZERO = Decimal("0.00")
#: A monthly figure above this is a typo, not a budget.
MAX_MONTHLY_AMOUNT = Decimal("10000000.00")
MAX_HOUSEHOLD_SIZE = 20
MAX_COMMITMENTS = 20
EXPLANATION_MAX_LENGTH = 500

Status = Case.Status
#: Cases that share the budget; a closed case has left the split.
SPLIT_STATUSES: frozenset[str] = frozenset(set(Status.values) - {Status.CLOSED})
#: The lender agreed to terms: the case keeps its agreed monthly payment.
AGREED_STATUSES: frozenset[str] = frozenset({Status.APPROVED, Status.PARTLY_APPROVED})


def token_offer() -> Decimal:
    """The token monthly offer (settings.BUDGET_TOKEN_OFFER, ¥50.00 by default)."""
    return to_cents(Decimal(str(getattr(settings, "BUDGET_TOKEN_OFFER", "50.00"))))


def _as_amount(value, what: str) -> Decimal:
    if value is None:
        raise ValueError(f"{what} is missing.")
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ValueError(f"{what} is not a number: {value!r}.") from None
    if not amount.is_finite():
        raise ValueError(f"{what} is not a finite amount: {value!r}.")
    if amount < 0:
        raise ValueError(f"{what} is negative: {amount}.")
    return amount


def _largest_remainder(total_cents: int, weights: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """Split `total_cents` in proportion to `weights` (all > 0), in whole cents summing exactly to the
    total; leftover cents go to the largest remainders, ties to the larger weight, then key order."""
    weight_sum = sum(weights.values())
    exact = {key: Decimal(total_cents) * weight / weight_sum for key, weight in weights.items()}
    floors = {key: int(value.to_integral_value(rounding=ROUND_DOWN)) for key, value in exact.items()}
    left = total_cents - sum(floors.values())
    order = sorted(weights, key=lambda key: (-(exact[key] - floors[key]), -weights[key], str(key)))
    for key in order[:left]:
        floors[key] += 1
    return floors


def pro_rata_offers(
    available: Decimal, owed: Mapping[Hashable, Decimal], token: Decimal | None = None
) -> dict[Hashable, Decimal]:
    """Monthly offers per creditor key: `available` split in proportion to `owed`, cent-exact by largest
    remainder; a share below `token` (default settings.BUDGET_TOKEN_OFFER) becomes the token and the rest
    is split again among the others; nobody is offered more than it is owed, a zero debt gets 0. The
    offers sum exactly to `available` (or to Σ owed when that is less) unless a token applies.
    Empty `owed` gives {}. Raises ValueError on a missing, non-numeric or negative amount."""
    return pro_rata_split(available, owed, token)[0]


def pro_rata_split(
    available: Decimal, owed: Mapping[Hashable, Decimal], token: Decimal | None = None
) -> tuple[dict[Hashable, Decimal], frozenset]:
    """`pro_rata_offers`, and the keys that were offered the token."""
    available = _as_amount(available, "The available amount")
    owed = {key: _as_amount(amount, f"The amount owed to {key!r}") for key, amount in owed.items()}
    token = token_offer() if token is None else _as_amount(token, "The token offer")
    cents = lambda amount: int(to_cents(amount) / CENT)  # noqa: E731 - a local unit conversion
    owed_cents = {key: cents(amount) for key, amount in owed.items()}
    token_cents = cents(token)
    remaining = int((available / CENT).to_integral_value(rounding=ROUND_DOWN))

    tokens: set = set()
    offers: dict[Hashable, int] = {key: 0 for key, amount in owed_cents.items() if amount <= 0}
    active = {key: amount for key, amount in owed_cents.items() if amount > 0}
    while active:
        shares = _largest_remainder(max(remaining, 0), active)
        capped = {key for key in active if shares[key] >= active[key]}
        if capped:
            # Enough for these debts in full: offer what is owed, split the rest among the others.
            for key in capped:
                offers[key] = active.pop(key)
                remaining -= offers[key]
            continue
        below = {key for key in active if shares[key] < min(token_cents, active[key])}
        if below:
            for key in below:
                offers[key] = min(token_cents, active.pop(key))
                tokens.add(key)
                remaining -= offers[key]
            continue
        offers.update(shares)
        break
    return {key: Decimal(offers[key]) * CENT for key in owed}, frozenset(tokens)


# --- The budget's totals and its reference figures ------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    field: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class BudgetTotals:
    """A budget's monthly figures. `available` may be negative (essentials above income)."""

    income: Decimal
    essentials: Decimal
    priority: Decimal
    available: Decimal
    income_lines: tuple[BudgetLine, ...]
    spending_lines: tuple[BudgetLine, ...]

    @property
    def shortfall(self) -> Decimal:
        return -self.available if self.available < 0 else ZERO


def budget_totals(budget: Budget, *, commitments: Iterable[Commitment] | None = None) -> BudgetTotals:
    """Income, essentials, payments made first and what is available, from `budget` and `commitments`
    (default `budget.commitments.all()`: prefetch it)."""

    def line(name):
        model_field = Budget._meta.get_field(name)
        return BudgetLine(
            field=name, label=str(model_field.verbose_name), amount=to_cents(getattr(budget, name))
        )

    income_lines = tuple(line(name) for name in INCOME_FIELDS)
    spending_lines = tuple(line(name) for name in SPENDING_FIELDS)
    income = sum((item.amount for item in income_lines), ZERO)
    essentials = sum((item.amount for item in spending_lines), ZERO)
    rows = budget.commitments.all() if commitments is None else commitments
    priority = sum((to_cents(c.monthly_payment) for c in rows), ZERO)
    return BudgetTotals(
        income=income,
        essentials=essentials,
        priority=priority,
        available=income - essentials - priority,
        income_lines=income_lines,
        spending_lines=spending_lines,
    )


@dataclass(frozen=True)
class ReferenceGroup:
    key: str
    label: object  # lazy translated
    categories: tuple[str, ...]
    lines: tuple[str, ...]


Line = ReferenceFigure.Line
#: Budget categories grouped by the lines of the NBS release they are compared with (the release puts
#: housing and utilities in one line, transport and communications in another).
REFERENCE_GROUPS: tuple[ReferenceGroup, ...] = (
    ReferenceGroup(
        "housing",
        gettext_lazy("Housing and utilities"),
        ("spend_housing", "spend_utilities"),
        (Line.RESIDENCE,),
    ),
    ReferenceGroup(
        "food", gettext_lazy("Food and housekeeping"), ("spend_food",), (Line.FOOD, Line.HOUSEHOLD)
    ),
    ReferenceGroup(
        "transport",
        gettext_lazy("Transport and communications"),
        ("spend_transport", "spend_communications"),
        (Line.TRANSPORT,),
    ),
    ReferenceGroup(
        "children", gettext_lazy("Children and education"), ("spend_children",), (Line.EDUCATION,)
    ),
    ReferenceGroup("medical", gettext_lazy("Medical"), ("spend_medical",), (Line.MEDICAL,)),
    ReferenceGroup("other", gettext_lazy("Other essentials"), ("spend_other",), (Line.CLOTHING, Line.OTHER)),
)
REFERENCE_GROUP_KEYS: tuple[str, ...] = tuple(group.key for group in REFERENCE_GROUPS)


@dataclass(frozen=True)
class ReferenceCheck:
    """One category group against its reference: `reference` is monthly for the whole household (None when
    the figures are missing); `above` asks for an explanation."""

    key: str
    label: str
    categories: tuple[str, ...]
    spent: Decimal
    reference: Decimal | None
    above: bool
    explanation: str
    figures: tuple[ReferenceFigure, ...] = field(default=())

    @property
    def year(self) -> int | None:
        return min((figure.year for figure in self.figures), default=None)


def monthly_reference(*, figures: Iterable[ReferenceFigure], household_size: int) -> Decimal:
    """Σ yearly per-capita amounts ÷ 12 × people, to the cent."""
    yearly = sum((Decimal(figure.yearly_per_capita) for figure in figures), ZERO)
    return to_cents(yearly / 12 * max(int(household_size or 1), 1))


def reference_figures() -> dict[str, ReferenceFigure]:
    """The reference figures by line (one query)."""
    return {figure.line: figure for figure in ReferenceFigure.objects.all()}


def reference_checks(
    *, values: Mapping[str, Decimal], household_size: int, explanations: Mapping[str, str], figures=None
) -> list[ReferenceCheck]:
    """Each category group's spending in `values` (spend_* → Decimal) against its reference figure."""
    figures = reference_figures() if figures is None else figures
    checks = []
    for group in REFERENCE_GROUPS:
        spent = sum((to_cents(values.get(name) or ZERO) for name in group.categories), ZERO)
        found = tuple(figures[line] for line in group.lines if line in figures)
        reference = (
            monthly_reference(figures=found, household_size=household_size)
            if len(found) == len(group.lines)
            else None
        )
        checks.append(
            ReferenceCheck(
                key=group.key,
                label=str(group.label),
                categories=group.categories,
                spent=spent,
                reference=reference,
                above=reference is not None and spent > reference,
                explanation=str((explanations or {}).get(group.key) or "").strip(),
                figures=found,
            )
        )
    return checks


def budget_reference_checks(budget: Budget, *, figures=None) -> list[ReferenceCheck]:
    """`reference_checks` for a saved budget."""
    return reference_checks(
        values={name: getattr(budget, name) for name in SPENDING_FIELDS},
        household_size=budget.household_size,
        explanations=budget.explanations or {},
        figures=figures,
    )


# --- The household plan: every case's share --------------------------------------------------------


class OfferBasis:
    FAIR = "fair"
    TOKEN = "token"
    CHOSEN = "chosen"
    AGREED = "agreed"


@dataclass(frozen=True)
class CaseShare:
    """One creditor's monthly offer. `fair_share` is what the pro-rata split alone would give it."""

    case_id: int
    public_id: object
    lender_name: str
    owed: Decimal
    offer: Decimal
    fair_share: Decimal
    basis: str
    reason: str = ""

    @property
    def is_token(self) -> bool:
        return self.basis == OfferBasis.TOKEN


@dataclass(frozen=True)
class HouseholdPlan:
    """The owner's budget and every negotiated case's share of it. `budget` is None when the borrower has
    not made one (then there are no shares). `excess` is how far the offers exceed what is available."""

    budget: Budget | None
    totals: BudgetTotals | None
    token: Decimal
    shares: dict[int, CaseShare]
    cases: tuple[Case, ...] = ()

    @property
    def available(self) -> Decimal | None:
        return None if self.totals is None else self.totals.available

    @property
    def total_offers(self) -> Decimal:
        return sum((share.offer for share in self.shares.values()), ZERO)

    @property
    def excess(self) -> Decimal:
        if self.totals is None:
            return ZERO
        return max(self.total_offers - max(self.totals.available, ZERO), ZERO)

    @property
    def left_over(self) -> Decimal:
        if self.totals is None:
            return ZERO
        return max(self.totals.available - self.total_offers, ZERO)

    @property
    def over_budget_by_choice(self) -> bool:
        """The excess comes from offers the borrower chose, not only from token offers."""
        if self.excess <= 0:
            return False
        chosen = [s for s in self.shares.values() if s.basis == OfferBasis.CHOSEN and s.offer > s.fair_share]
        return bool(chosen)

    def share_for(self, case) -> CaseShare | None:
        return self.shares.get(case.pk)

    def others(self, case) -> list[CaseShare]:
        return [share for key, share in self.shares.items() if key != case.pk]


def owner_budget(owner_id: int) -> Budget | None:
    """The owner's budget with its commitments (two queries), or None."""
    return Budget.objects.filter(owner_id=owner_id).prefetch_related("commitments").first()


def _agreed_monthly(payments: Iterable[Payment]) -> Decimal | None:
    months: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for payment in payments:
        months[(payment.due_on.year, payment.due_on.month)] += payment.amount
    return max(months.values(), default=None)


def split_cases(cases: Iterable[Case]) -> list[Case]:
    """The cases that share the budget: not closed, with an amount due above zero."""
    return [c for c in cases if c.status in SPLIT_STATUSES and c.amount_due is not None and c.amount_due > 0]


def household_plan_from(
    *, budget: Budget | None, cases: Iterable[Case], agreed_payments=None, commitments=None
) -> HouseholdPlan:
    """The plan for `budget` and the owner's `cases` (no queries beyond `agreed_payments`, a mapping of
    case id → payments for the agreed cases, read from `case.payments.all()` when None)."""
    token = token_offer()
    cases = tuple(cases)
    if budget is None:
        return HouseholdPlan(budget=None, totals=None, token=token, shares={}, cases=cases)
    totals = budget_totals(budget, commitments=commitments)
    sharing = split_cases(cases)
    fixed: dict[int, tuple[Decimal, str, str]] = {}
    for case in sharing:
        if case.status in AGREED_STATUSES:
            rows = agreed_payments.get(case.pk, []) if agreed_payments is not None else case.payments.all()
            agreed = _agreed_monthly(rows)
            if agreed is not None:
                fixed[case.pk] = (agreed, OfferBasis.AGREED, "")
                continue
        if case.offer_override is not None:
            fixed[case.pk] = (to_cents(case.offer_override), OfferBasis.CHOSEN, case.offer_override_reason)
    available = max(totals.available, ZERO)
    fair_all = pro_rata_offers(available, {c.pk: c.amount_due for c in sharing}, token)
    rest = max(available - sum((amount for amount, _b, _r in fixed.values()), ZERO), ZERO)
    split, tokens = pro_rata_split(rest, {c.pk: c.amount_due for c in sharing if c.pk not in fixed}, token)
    shares = {}
    for case in sharing:
        if case.pk in fixed:
            offer, basis, reason = fixed[case.pk]
        else:
            offer = split[case.pk]
            basis = OfferBasis.TOKEN if case.pk in tokens else OfferBasis.FAIR
            reason = ""
        shares[case.pk] = CaseShare(
            case_id=case.pk,
            public_id=case.public_id,
            lender_name=case.lender.name if case.lender_id else "",
            owed=to_cents(case.amount_due),
            offer=offer,
            fair_share=fair_all[case.pk],
            basis=basis,
            reason=reason,
        )
    return HouseholdPlan(budget=budget, totals=totals, token=token, shares=shares, cases=cases)


def household_plan(owner_id: int) -> HouseholdPlan:
    """The owner's budget and every case's share (four queries)."""
    budget = owner_budget(owner_id)
    cases = list(Case.objects.filter(owner_id=owner_id).select_related("lender").order_by("created_at", "pk"))
    agreed_ids = [c.pk for c in split_cases(cases) if c.status in AGREED_STATUSES]
    agreed: dict[int, list[Payment]] = defaultdict(list)
    if budget is not None and agreed_ids:
        for payment in Payment.objects.filter(case_id__in=agreed_ids):
            agreed[payment.case_id].append(payment)
    return household_plan_from(budget=budget, cases=cases, agreed_payments=agreed)


def case_household_plan(case) -> HouseholdPlan:
    """The household plan of the case's owner, computed once per case object."""
    plan = getattr(case, "_household_plan", None)
    if plan is None:
        plan = household_plan(case.owner_id)
        case._household_plan = plan
    return plan


def case_plan(case) -> HouseholdPlan | None:
    """The household plan of the case's owner (computed once per case object), or None for a case not yet
    saved that carries none."""
    if getattr(case, "_household_plan", None) is None and (case.pk is None or case.owner_id is None):
        return None
    return case_household_plan(case)


def case_share(case) -> CaseShare | None:
    """The case's current monthly offer (its share of the owner's budget), or None when the owner has no
    budget yet or the case is not in the split (closed, no amount due). The one reader of "what this case
    can offer per month": validation, the schedule, scripts, the letter, the admin and the export ask it."""
    if getattr(case, "_household_plan", None) is None and (case.pk is None or case.owner_id is None):
        return None
    plan = case_household_plan(case)
    share = plan.share_for(case)
    if share is None:
        return None
    # The case object may carry unsaved changes (a wizard form): its own override wins.
    if (
        case.status not in AGREED_STATUSES
        and case.offer_override is not None
        and share.basis != OfferBasis.CHOSEN
    ):
        return CaseShare(
            **{
                **share.__dict__,
                "offer": to_cents(case.offer_override),
                "basis": OfferBasis.CHOSEN,
                "reason": case.offer_override_reason,
            }
        )
    return share


def forget_household_plan(case) -> None:
    """Drop the cached plan (after a write that changes the budget or the cases)."""
    if hasattr(case, "_household_plan"):
        del case._household_plan


def prefetch_household_plans(cases: Iterable[Case]) -> list[Case]:
    """Compute the household plan of every owner among `cases` in four queries in all and attach it to each
    case (as `case_share` would, one owner at a time), so a list of cases costs no queries per case."""
    cases = list(cases)
    owner_ids = {case.owner_id for case in cases if case.owner_id is not None}
    if not owner_ids:
        return cases
    budgets = {
        b.owner_id: b for b in Budget.objects.filter(owner_id__in=owner_ids).prefetch_related("commitments")
    }
    owned: dict[int, list[Case]] = defaultdict(list)
    everyone = (
        Case.objects.filter(owner_id__in=owner_ids).select_related("lender").order_by("created_at", "pk")
    )
    for case in everyone:
        owned[case.owner_id].append(case)
    agreed_ids = [c.pk for group in owned.values() for c in split_cases(group) if c.status in AGREED_STATUSES]
    agreed: dict[int, list[Payment]] = defaultdict(list)
    if agreed_ids:
        for payment in Payment.objects.filter(case_id__in=agreed_ids):
            agreed[payment.case_id].append(payment)
    plans = {
        owner_id: household_plan_from(
            budget=budgets.get(owner_id), cases=owned[owner_id], agreed_payments=agreed
        )
        for owner_id in owner_ids
    }
    for case in cases:
        if case.owner_id in plans:
            case._household_plan = plans[case.owner_id]
    return cases
