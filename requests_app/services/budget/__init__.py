"""The household budget (a package: `split` the fair split, `figures` totals and reference figures, `plan`
the household plan) and the fair split of what it leaves across the creditors being negotiated.

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

from .figures import (
    REFERENCE_GROUP_KEYS,
    REFERENCE_GROUPS,
    BudgetLine,
    BudgetTotals,
    ReferenceCheck,
    ReferenceGroup,
    budget_reference_checks,
    budget_totals,
    monthly_reference,
    reference_checks,
    reference_figures,
)
from .plan import (
    CaseShare,
    HouseholdPlan,
    OfferBasis,
    case_household_plan,
    case_plan,
    case_share,
    forget_household_plan,
    household_plan,
    household_plan_from,
    owner_budget,
    prefetch_household_plans,
    split_cases,
)
from .split import (
    AGREED_STATUSES,
    EXPLANATION_MAX_LENGTH,
    MAX_COMMITMENTS,
    MAX_HOUSEHOLD_SIZE,
    MAX_MONTHLY_AMOUNT,
    SPLIT_STATUSES,
    ZERO,
    pro_rata_offers,
    pro_rata_split,
    token_offer,
)

__all__ = [
    "AGREED_STATUSES",
    "EXPLANATION_MAX_LENGTH",
    "MAX_COMMITMENTS",
    "MAX_HOUSEHOLD_SIZE",
    "MAX_MONTHLY_AMOUNT",
    "REFERENCE_GROUPS",
    "REFERENCE_GROUP_KEYS",
    "SPLIT_STATUSES",
    "ZERO",
    "BudgetLine",
    "BudgetTotals",
    "CaseShare",
    "HouseholdPlan",
    "OfferBasis",
    "ReferenceCheck",
    "ReferenceGroup",
    "budget_reference_checks",
    "budget_totals",
    "case_household_plan",
    "case_plan",
    "case_share",
    "forget_household_plan",
    "household_plan",
    "household_plan_from",
    "monthly_reference",
    "owner_budget",
    "prefetch_household_plans",
    "pro_rata_offers",
    "pro_rata_split",
    "reference_checks",
    "reference_figures",
    "split_cases",
    "token_offer",
]
