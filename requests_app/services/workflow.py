"""The status workflow of a case: which moves are legal, and the record of each move.

draft → ready → contacted → (approved | partly approved | refused) → closed, with "needs changes"
sending a case back to the borrower. Every move is a `StatusChange` row (who, when, from, to, note)
and a row in the case's history.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Case, StatusChange
from .budget import AGREED_STATUSES, SPLIT_STATUSES
from .household import PlanVersionReason, household_resplit
from .refusals import Refusal

Status = Case.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.READY, Status.CLOSED}),
    Status.READY: frozenset({Status.CONTACTED, Status.NEEDS_CHANGES, Status.DRAFT, Status.CLOSED}),
    Status.NEEDS_CHANGES: frozenset({Status.READY, Status.DRAFT, Status.CLOSED}),
    Status.CONTACTED: frozenset(
        {Status.APPROVED, Status.PARTLY_APPROVED, Status.REFUSED, Status.NEEDS_CHANGES, Status.CLOSED}
    ),
    Status.APPROVED: frozenset({Status.CONTACTED, Status.CLOSED}),
    Status.PARTLY_APPROVED: frozenset({Status.CONTACTED, Status.NEEDS_CHANGES, Status.CLOSED}),
    Status.REFUSED: frozenset({Status.CONTACTED, Status.NEEDS_CHANGES, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

#: Statuses where the lender has decided for good or the case has ended: the bill's due date no longer
#: makes the case urgent, and a counselor's queue puts them after every open case.
SETTLED_STATUSES: frozenset[str] = frozenset({Status.APPROVED, Status.CLOSED})

#: The order in which the workflow is usually walked; used to list the allowed moves in a stable order.
STATUS_ORDER: tuple[str, ...] = tuple(Status.values)


def _label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


class IllegalTransition(Refusal):
    """A status move the workflow does not allow; `message` is translated and safe to show."""

    code = "illegal_transition"

    def __init__(self, *, from_status: str, to_status: str):
        self.from_status, self.to_status = from_status, to_status
        self.message = _("A case cannot go from “%(from)s” to “%(to)s”.") % {
            "from": _label(from_status),
            "to": _label(to_status),
        }
        super().__init__(self.message)


def allowed_transitions(status: str) -> frozenset[str]:
    """The statuses a case in `status` may move to (none for an unknown status)."""
    return TRANSITIONS.get(status, frozenset())


def allowed_transitions_ordered(status: str) -> list[str]:
    """The statuses a case in `status` may move to, in workflow order (for menus)."""
    allowed = allowed_transitions(status)
    return [s for s in STATUS_ORDER if s in allowed]


def transition_check(*, from_status: str, to_status: str) -> None:
    """Return quietly when `from_status` → `to_status` is a legal move; raise IllegalTransition otherwise."""
    if to_status not in allowed_transitions(from_status):
        raise IllegalTransition(from_status=from_status, to_status=to_status)


def case_status_change(*, case: Case, to_status: str, by=None, note: str = "") -> StatusChange:
    """Move `case` to `to_status` and record who did it and when; raise IllegalTransition otherwise.

    The move is checked against the status stored in the database (not a possibly stale `case`),
    inside one transaction; `case.status` is updated in place on success.
    """
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        transition_check(from_status=current.status, to_status=to_status)
        change = StatusChange(
            case=current, from_status=current.status, to_status=to_status, changed_by=by, note=note
        )
        change.full_clean(exclude=["changed_by"] if by is None else None)
        change.save()
        current.status = to_status
        if by is not None:
            current._history_user = by
        current.save(update_fields=["status", "updated_at"])
        if _moves_the_split(change.from_status, to_status):
            # A debt settled, closed or agreed: the others share the budget anew (services.budget).
            household_resplit(owner_id=current.owner_id, by=by, reason=PlanVersionReason.HOUSEHOLD)
    case.status, case.updated_at = current.status, current.updated_at
    return change


def _moves_the_split(from_status: str, to_status: str) -> bool:
    def place(status):
        if status not in SPLIT_STATUSES:
            return "out"
        return "agreed" if status in AGREED_STATUSES else "shared"

    return place(from_status) != place(to_status)
