"""What a counselor asks to change when sending a plan back ("needs changes"), and whether it was done.

The counselor names wizard steps or single fields; each item is stored on the status change with a
fingerprint of what the item covered at that moment. An item is addressed once what it covers differs from
that fingerprint: the checklist ticks itself as the borrower saves the named fields.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext_lazy as _

from ..models import Case, StatusChange
from .schedule import case_schedule
from .wizard import STEP_FIELDS, STEP_LABELS, WIZARD_STEPS

#: The steps a counselor may point at (the last one only checks; nothing there to change but the language).
CHANGE_STEPS: tuple[str, ...] = tuple(step for step in WIZARD_STEPS if step != "review")
PAYMENTS = "payments"


@dataclass(frozen=True)
class ChecklistItem:
    """One thing the counselor asked to change: a whole `step`, or one `field` of it; `addressed` once the
    borrower changed it."""

    step: str
    field: str
    addressed: bool

    @property
    def key(self) -> str:
        return change_target_key(self.step, self.field)

    @property
    def label(self) -> str:
        """ "Your money · monthly income", or the step's name for the whole step."""
        return f"{step_label(self.step)} · {field_label(self.field)}" if self.field else step_label(self.step)


def _targets() -> list[tuple[str, str]]:
    """(step, field) pairs a counselor can name: each step ("" for the whole step), then its fields."""
    targets = []
    for step in CHANGE_STEPS:
        targets.append((step, ""))
        fields = STEP_FIELDS[step] + ((PAYMENTS,) if step == "schedule" else ())
        targets.extend((step, field) for field in fields)
    return targets


def change_target_key(step: str, field: str) -> str:
    return f"{step}.{field}" if field else step


def change_target_choices() -> list[tuple[str, str]]:
    """The choices of the admin's "what to change" field: "finances" or "finances.monthly_income"."""
    choices = []
    for step, field in _targets():
        label = field_label(field) if field else _("The whole step")
        choices.append((change_target_key(step, field), f"{step_label(step)} · {label}"))
    return choices


def step_label(step: str) -> str:
    return str(STEP_LABELS.get(step, step))


def field_label(field: str) -> str:
    if field == PAYMENTS:
        return str(_("Payments"))
    return str(Case._meta.get_field(field).verbose_name)


def _value(case: Case, field: str) -> str:
    if field == PAYMENTS:
        return "|".join(f"{p.due_on.isoformat()}:{p.amount}" for p in case_schedule(case).payments)
    value = getattr(case, f"{field}_id" if field == "lender" else field)
    # The same value reads the same whether it came from a form or from the database.
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, Decimal):
        value = value.normalize()
    return repr(value)


def _fingerprint(case: Case, step: str, field: str) -> str:
    fields = [field] if field else list(STEP_FIELDS[step]) + ([PAYMENTS] if step == "schedule" else [])
    joined = "\x1f".join(_value(case, name) for name in fields)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def requested_changes_record(*, case: Case, keys: Iterable[str]) -> list[dict]:
    """The items for `keys` (from `change_target_choices`), each with what it covers now; unknown keys are
    dropped. Stored on the move to "needs changes"."""
    valid = {change_target_key(step, field): (step, field) for step, field in _targets()}
    items = []
    for key in dict.fromkeys(keys):
        if key in valid:
            step, field = valid[key]
            items.append({"step": step, "field": field, "was": _fingerprint(case, step, field)})
    return items


def change_checklist(*, case: Case, change: StatusChange | None) -> tuple[ChecklistItem, ...]:
    """The counselor's items of `change` with whether each is addressed on `case` as it is now."""
    if change is None:
        return ()
    items = []
    for item in change.requested_changes or []:
        step, field = item.get("step", ""), item.get("field", "")
        if step not in CHANGE_STEPS:
            continue
        items.append(
            ChecklistItem(
                step=step, field=field, addressed=_fingerprint(case, step, field) != item.get("was")
            )
        )
    return tuple(items)
