"""Who may see and change a case, and the borrower's consent to show it to the counselors.

A counselor (staff allowed to view cases: the Reviewer group or a superuser) sees a case only while its
owner shares it ("Ask a counselor"); `case_is_shared` and `cases_shared` are that rule, in one place.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Case

logger = logging.getLogger(__name__)

#: The condition a shared case meets, for querysets of cases and (through `case__`) of their records.
SHARED = Q(shared_at__isnull=False)


def is_counselor(user) -> bool:
    """Whether `user` is staff allowed to view cases (the Reviewer group, superusers)."""
    return bool(user.is_authenticated and user.is_staff and user.has_perm("requests_app.view_case"))


def case_is_shared(case: Case) -> bool:
    """Whether the owner currently shares `case` with the counselors."""
    return case.shared_at is not None


def cases_shared(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The cases of `queryset` their owners share with the counselors."""
    return queryset.filter(SHARED)


def records_of_shared_cases(queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` (payments, versions, contacts, notes… anything with a `case`) whose case is
    shared with the counselors."""
    return queryset.filter(case__shared_at__isnull=False)


def cases_for(user) -> QuerySet[Case]:
    """The cases `user` may see: their own; counselors also see the cases their owners share with them.
    Other staff see only their own; anonymous users see none."""
    if not user.is_authenticated:
        return Case.objects.none()
    if is_counselor(user):
        return Case.objects.filter(Q(owner=user) | SHARED)
    return Case.objects.filter(owner=user)


def cases_editable_by(user) -> QuerySet[Case]:
    """The cases `user` may change as a borrower: only their own, whoever they are."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(owner=user)


def second_factor_required(user) -> bool:
    """Whether `user` must confirm a code from an authenticator app (TOTP) to enter the admin: every staff
    account that can read cases (counselors and superusers). Staff who only edit lender facts need not."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm("requests_app.view_case"))
    )


def case_sharing_set(*, case: Case, shared: bool, by, at: dt.datetime | None = None) -> Case:
    """Share `case` with the counselors (`shared=True`, from `at` or now) or withdraw it; only the owner may.

    Sharing an already shared case keeps the original date; withdrawing also clears the assigned
    counselor, so nobody keeps a case in their list that they can no longer open.
    """
    if by is None or by.pk != case.owner_id:
        raise PermissionError("Only the owner shares a case.")
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if shared == case_is_shared(current):
            values = {}
        elif shared:
            values = {"shared_at": at or timezone.now()}
        else:
            values = {"shared_at": None, "assigned_reviewer": None}
        if values:
            for name, value in values.items():
                setattr(current, name, value)
            current._history_user = by
            current.save(update_fields=[*values, "updated_at"])
    for name in ("shared_at", "assigned_reviewer_id", "updated_at"):
        setattr(case, name, getattr(current, name))
    logger.info("case %s %s by its owner", case.public_id, "shared" if shared else "unshared")
    return case
