"""The counselors' access rule: a case is theirs to read only while its owner shares it."""

import pytest
from django.contrib.auth.models import Group

from requests_app.models import Case
from requests_app.services.access import case_is_shared, case_sharing_set, cases_for
from requests_app.services.review import REVIEWER_GROUP
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def counselor_user():
    user = UserFactory(username="access-counselor", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def test_a_counselor_sees_only_shared_cases_and_their_own():
    counselor = counselor_user()
    shared, unshared = CaseFactory(shared=True), CaseFactory()
    own = CaseFactory(owner=counselor)
    assert set(cases_for(counselor)) == {shared, own}
    assert unshared not in cases_for(counselor)


def test_other_staff_and_borrowers_see_only_their_own_even_when_shared():
    shared = CaseFactory(shared=True)
    staff = UserFactory(username="lender-keeper", is_staff=True)
    assert list(cases_for(staff)) == []
    assert list(cases_for(UserFactory(username="someone"))) == []
    assert list(cases_for(shared.owner)) == [shared]


def test_sharing_sets_the_date_once_and_withdrawing_clears_it_and_the_assignment():
    case = CaseFactory()
    case_sharing_set(case=case, shared=True, by=case.owner)
    first = Case.objects.get(pk=case.pk).shared_at
    assert case_is_shared(case) and first is not None
    case_sharing_set(case=case, shared=True, by=case.owner)
    assert Case.objects.get(pk=case.pk).shared_at == first  # sharing again keeps the original date

    Case.objects.filter(pk=case.pk).update(assigned_reviewer=counselor_user())
    case_sharing_set(case=case, shared=False, by=case.owner)
    stored = Case.objects.get(pk=case.pk)
    assert stored.shared_at is None and stored.assigned_reviewer is None
    assert not case_is_shared(case)


def test_only_the_owner_may_share():
    case = CaseFactory()
    with pytest.raises(PermissionError):
        case_sharing_set(case=case, shared=True, by=counselor_user())
    assert Case.objects.get(pk=case.pk).shared_at is None


def test_the_history_records_who_shared():
    case = CaseFactory()
    case_sharing_set(case=case, shared=True, by=case.owner)
    latest = case.history.latest()
    assert latest.shared_at is not None and latest.history_user == case.owner
