"""Who may do what in the admin: counselors review, administrators keep lender profiles, borrowers stay out."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from requests_app.models import ContactAttempt, Lender, ReviewNote
from requests_app.services.review import REVIEWER_GROUP, REVIEWER_PERMISSIONS, reviewer_group_sync
from tests.admin.conftest import case_with_records
from tests.factories import ContactAttemptFactory, LenderChannelFactory, ReviewNoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def group_permissions():
    group = Group.objects.get(name=REVIEWER_GROUP)
    return {(p.content_type.app_label, p.codename) for p in group.permissions.select_related("content_type")}


def test_the_reviewer_group_has_exactly_the_counselor_permissions():
    migration = importlib.import_module("requests_app.migrations.0003_reviewer_group")
    programmes = importlib.import_module("requests_app.migrations.0007_programmes_issue11")
    negotiation = importlib.import_module("requests_app.migrations.0019_reviewers_read_negotiation_issue11")
    frozen = (
        set(migration.PERMISSIONS)
        | set(programmes.ADDED_REVIEWER_PERMISSIONS)
        | set(negotiation.ADDED_REVIEWER_PERMISSIONS)
    )
    assert group_permissions() == set(REVIEWER_PERMISSIONS) == frozen
    assert not any(codename.startswith("delete_") for _app, codename in REVIEWER_PERMISSIONS)
    assert ("requests_app", "change_lender") not in REVIEWER_PERMISSIONS


def test_syncing_the_group_restores_its_permissions_and_nothing_more():
    group = Group.objects.get(name=REVIEWER_GROUP)
    group.permissions.add(Permission.objects.get(codename="delete_contactattempt"))
    group.permissions.remove(Permission.objects.get(codename="add_reviewnote"))
    reviewer_group_sync(group_model=Group, permission_model=Permission)
    assert group_permissions() == set(REVIEWER_PERMISSIONS)


@pytest.mark.parametrize("path", ["/admin/", "/admin/requests_app/case/", "/admin/requests_app/lender/"])
def test_a_borrower_cannot_reach_the_admin(client, path):
    borrower = UserFactory(username="borrower-only")
    client.force_login(borrower)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_borrower_cannot_post_to_the_admin_either(client):
    case = case_with_records()
    client.force_login(case.owner)
    response = client.post(
        reverse("admin:requests_app_case_changelist"),
        {"action": "assign_to_me", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_reviewer is None


def test_a_reviewer_cannot_delete_contacts(reviewer_client):
    contact = ContactAttemptFactory()
    delete_url = reverse("admin:requests_app_contactattempt_delete", args=[contact.pk])
    assert reviewer_client.get(delete_url).status_code == 403
    assert reviewer_client.post(delete_url, {"post": "yes"}).status_code == 403

    changelist = reverse("admin:requests_app_contactattempt_changelist")
    response = reviewer_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [contact.pk]}
    )
    assert response.status_code == 200  # the list again: the action is not offered to a reviewer
    assert 'value="delete_selected"' not in response.content.decode()
    assert ContactAttempt.objects.filter(pk=contact.pk).exists()


def test_contacts_are_read_only_on_the_case_page_even_for_a_superuser(superuser_client):
    case = case_with_records(contacts=1)
    page = superuser_client.get(reverse("admin:requests_app_case_change", args=[case.pk])).content.decode()
    assert 'name="contacts-0-agent_id"' not in page
    assert 'name="contacts-0-DELETE"' not in page
    assert case.contacts.get().agent_id in page
    contact_change = reverse("admin:requests_app_contactattempt_change", args=[case.contacts.get().pk])
    assert 'name="agent_id"' not in superuser_client.get(contact_change).content.decode()
    assert superuser_client.get(reverse("admin:requests_app_contactattempt_add")).status_code == 403


def test_a_reviewer_cannot_edit_lender_profiles(reviewer_client):
    lender = Lender.objects.get(slug="huabei")
    change_url = reverse("admin:requests_app_lender_change", args=[lender.pk])
    page = reviewer_client.get(change_url)
    assert page.status_code == 200  # they may read it
    assert 'name="name_zh"' not in page.content.decode()

    response = reviewer_client.post(change_url, {"name_zh": "改了", "name_en": "Changed", "kind": "bnpl"})
    assert response.status_code == 403
    lender.refresh_from_db()
    assert lender.name_zh == "花呗"
    assert reviewer_client.get(reverse("admin:requests_app_lender_add")).status_code == 403
    assert (
        reviewer_client.get(reverse("admin:requests_app_lender_delete", args=[lender.pk])).status_code == 403
    )


def test_a_superuser_edits_a_lender_profile_with_its_channels(superuser_client):
    lender = Lender.objects.get(slug="huabei")
    page = superuser_client.get(
        reverse("admin:requests_app_lender_change", args=[lender.pk])
    ).content.decode()
    assert 'name="name_zh"' in page
    assert 'name="channels-0-steps_zh"' in page


def test_unsourced_facts_are_flagged_unverified_in_the_lender_list(superuser_client):
    sourced = LenderChannelFactory(
        lender__slug="sourced", lender__name_zh="有来源", lender__limits_source="官网", source="官网"
    ).lender
    unsourced = LenderChannelFactory(
        lender__slug="unsourced",
        lender__name_zh="没来源",
        lender__overdue_rate_source="",
        source="",
        name_zh="某热线",
    ).lender
    page = superuser_client.get(reverse("admin:requests_app_lender_changelist")).content.decode()
    row_of = {lender.name_zh: page[page.index(lender.name_zh) :][:2500] for lender in (sourced, unsourced)}
    assert "review-flag" not in row_of["有来源"].split("</tr>")[0]
    unsourced_row = row_of["没来源"].split("</tr>")[0]
    assert "review-flag" in unsourced_row
    assert "某热线" in unsourced_row


def test_a_reviewer_adds_notes_but_cannot_edit_or_delete_them(reviewer_client, reviewer):
    note = ReviewNoteFactory(body="原来的备注")
    change_url = reverse("admin:requests_app_reviewnote_change", args=[note.pk])
    assert reviewer_client.post(change_url, {"case": note.case.pk, "body": "改过"}).status_code == 403
    assert (
        reviewer_client.get(reverse("admin:requests_app_reviewnote_delete", args=[note.pk])).status_code
        == 403
    )

    response = reviewer_client.post(
        reverse("admin:requests_app_reviewnote_add"), {"case": note.case.pk, "body": "请借款人补充病历"}
    )
    assert response.status_code == 302
    added = ReviewNote.objects.get(body="请借款人补充病历")
    assert added.author == reviewer


def test_a_reviewer_cannot_delete_a_case_or_revert_its_history(reviewer_client):
    case = case_with_records()
    assert reviewer_client.get(reverse("admin:requests_app_case_delete", args=[case.pk])).status_code == 403
    history = reviewer_client.get(reverse("admin:requests_app_case_history", args=[case.pk]))
    assert history.status_code == 200
    version = case.history.earliest()
    revert_url = reverse("admin:requests_app_case_simple_history", args=[case.pk, version.history_id])
    assert reviewer_client.post(revert_url, {"assigned_reviewer": ""}).status_code == 403


def test_a_superuser_can_delete_a_case_with_its_records(superuser_client):
    case = case_with_records(contacts=2)
    delete_url = reverse("admin:requests_app_case_delete", args=[case.pk])
    page = superuser_client.get(delete_url)
    assert page.status_code == 200
    assert not page.context["perms_lacking"]
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not ContactAttempt.objects.filter(case_id=case.pk).exists()


def test_staff_without_the_reviewer_group_see_no_cases(client):
    client.force_login(UserFactory(username="staff-only", is_staff=True))
    assert client.get(reverse("admin:requests_app_case_changelist")).status_code == 403
