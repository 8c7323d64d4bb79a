"""The fair split: `pro_rata_offers` and the token (see the package docstring for the rules)."""

from collections.abc import Hashable, Mapping
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.conf import settings

from ...models import Case
from ..formatting import CENT, to_cents
from ..text_limits import EXPLANATION_MAX_LENGTH  # noqa: F401  (re-exported by budget)

ZERO = Decimal("0.00")
#: A monthly figure above this is a typo, not a budget.
MAX_MONTHLY_AMOUNT = Decimal("10000000.00")
MAX_HOUSEHOLD_SIZE = 20
MAX_COMMITMENTS = 20

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
