"""A budget's monthly totals and its comparison with the national reference figures."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy

from ...models import Budget, Commitment, ReferenceFigure
from ...models.budget import INCOME_FIELDS, SPENDING_FIELDS
from ..formatting import to_cents
from .split import ZERO

# --- The budget's totals and its reference figures ------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    field: str
    amount: Decimal

    @property
    def label(self) -> str:
        """The budget field's name in the active language (translated when shown: the review queue totals
        fifty budgets a page and shows none of their lines)."""
        return str(Budget._meta.get_field(self.field).verbose_name)


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
        return BudgetLine(field=name, amount=to_cents(getattr(budget, name)))

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
