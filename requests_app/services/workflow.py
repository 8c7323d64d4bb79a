"""The status workflow of a case: which moves are legal, and the record of each move."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case, StatusChange

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


class IllegalTransition(Exception):
    """A status move the workflow does not allow; `message` is translated and safe to show."""

    def __init__(self, *, from_status: str, to_status: str):
        self.from_status, self.to_status = from_status, to_status
        self.message = _("A case cannot go from “%(from)s” to “%(to)s”.") % {
            "from": Status(from_status).label,
            "to": Status(to_status).label,
        }
        super().__init__(self.message)


def allowed_transitions(status: str) -> frozenset[str]:
    """The statuses a case in `status` may move to."""
    return TRANSITIONS[status]


def case_status_change(*, case: Case, to_status: str, by=None, note: str = "") -> StatusChange:
    """Move `case` to `to_status` and record who did it and when; raise IllegalTransition otherwise."""
    if to_status not in TRANSITIONS.get(case.status, frozenset()):
        raise IllegalTransition(from_status=case.status, to_status=to_status)
    with transaction.atomic():
        change = StatusChange(
            case=case, from_status=case.status, to_status=to_status, changed_by=by, note=note
        )
        change.full_clean()
        change.save()
        Case.objects.filter(pk=case.pk).update(status=to_status, updated_at=timezone.now())
        case.status = to_status
    return change
