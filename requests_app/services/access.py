from django.db.models import QuerySet

from ..models import Case


def cases_for(user) -> QuerySet[Case]:
    """The cases `user` may see: their own; counselors (staff allowed to view cases, i.e. the Reviewer
    group or superusers) see every case. Other staff see only their own; anonymous users see none."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_staff and user.has_perm("requests_app.view_case"):
        return Case.objects.all()
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
