from django.db.models import QuerySet

from ..models import Case


def cases_for(user) -> QuerySet[Case]:
    """The cases `user` may see: their own; staff (counselors) see every case. Anonymous users see none."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_staff:
        return Case.objects.all()
    return Case.objects.filter(owner=user)


def cases_editable_by(user) -> QuerySet[Case]:
    """The cases `user` may change as a borrower: only their own, whoever they are."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(owner=user)
