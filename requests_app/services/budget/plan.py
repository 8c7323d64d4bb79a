"""The household plan: every negotiated case's share of its owner's budget, computed in a bounded number of
queries and cached on the case."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ...models import Budget, Case, Payment
from ..formatting import to_cents
from .figures import BudgetTotals, budget_totals
from .split import AGREED_STATUSES, SPLIT_STATUSES, ZERO, pro_rata_offers, pro_rata_split, token_offer

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
