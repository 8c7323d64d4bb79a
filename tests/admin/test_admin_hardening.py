"""Admin findings of the security review: the 'view on site' shortcut, mistyped URLs, case deletion."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from requests_app.models import Case
from requests_app.services.privacy import account_delete
from tests.factories import CaseFactory, SharedCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_view_on_site_does_not_turn_case_numbers_into_public_ids(client):
    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="lenderprofile"))
    client.force_login(editor)
    case = CaseFactory()
    content_type = ContentType.objects.get_for_model(Case)
    response = client.get(f"/admin/r/{content_type.pk}/{case.pk}/")
    assert response.status_code == 404
    assert str(case.public_id) not in response.get("Location", "")


@pytest.mark.parametrize("suffix", ["change/history/", "x/history/", "1/change/history/"])
def test_a_mistyped_history_url_is_a_404_not_a_500(superuser_client, suffix):
    case = SharedCaseFactory()
    response = superuser_client.get(f"/admin/requests_app/case/{case.pk}/{suffix}")
    assert response.status_code == 404


def test_the_history_page_of_a_case_still_opens(superuser_client):
    case = SharedCaseFactory()
    assert superuser_client.get(f"/admin/requests_app/case/{case.pk}/history/").status_code == 200


def test_deleting_a_case_in_the_admin_deletes_its_history_rows(superuser_client):
    case = SharedCaseFactory()
    case.amount_due += 1
    case.save()
    assert Case.history.filter(id=case.pk).count() == 2
    response = superuser_client.post(f"/admin/requests_app/case/{case.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Case.history.filter(id=case.pk).count() == 0


def test_the_bulk_delete_action_deletes_the_history_rows_too(superuser_client):
    cases = [SharedCaseFactory(), SharedCaseFactory()]
    response = superuser_client.post(
        "/admin/requests_app/case/",
        {"action": "delete_selected", "_selected_action": [c.pk for c in cases], "post": "yes"},
    )
    assert response.status_code == 302
    assert Case.history.filter(id__in=[c.pk for c in cases]).count() == 0


def test_deleting_the_account_later_removes_history_of_cases_deleted_before(borrower):
    kept = CaseFactory(owner=borrower)
    deleted_earlier = CaseFactory(owner=borrower)
    deleted_id = deleted_earlier.pk
    deleted_earlier.delete()  # e.g. by a counselor before this fix: its history rows stayed
    assert Case.history.filter(id=deleted_id).exists()
    account_delete(user=borrower)
    assert not Case.history.filter(id__in=[kept.pk, deleted_id]).exists()
    assert not Case.history.filter(owner_id=borrower.pk).exists()
