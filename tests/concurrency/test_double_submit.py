"""A contact form sent twice — a double tap, a refresh that re-posts, a retry after a timeout — records one
entry: the form carries a one-time token (the idempotency key) and the second send returns the first entry."""

import uuid

import pytest
from django.urls import reverse

from requests_app.models import ContactAttempt, PlanVersion
from tests.concurrency.posts import contact_post
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, case):
    client.force_login(case.owner)
    return client


def contact_url(case):
    return reverse("requests_app:contact_create", args=[case.public_id])


def test_the_form_shown_carries_a_fresh_token_each_time(owner_client, case):
    first = owner_client.get(contact_url(case)).context["form"]["idempotency_key"].value()
    second = owner_client.get(contact_url(case)).context["form"]["idempotency_key"].value()
    assert uuid.UUID(str(first)) != uuid.UUID(str(second))


def test_sending_the_same_form_twice_makes_one_entry(owner_client, case):
    data = contact_post(notes="按了两次保存")
    first = owner_client.post(contact_url(case), data)
    second = owner_client.post(contact_url(case), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == case.get_absolute_url()
    assert ContactAttempt.objects.filter(case=case).count() == 1
    assert PlanVersion.objects.filter(case=case).count() <= 1


def test_a_resend_with_changed_fields_still_returns_the_first_entry_unchanged(owner_client, case):
    key = uuid.uuid4()
    owner_client.post(contact_url(case), contact_post(key=key, notes="第一次"))
    owner_client.post(contact_url(case), contact_post(key=key, notes="刷新后又提交", outcome="refused"))
    [entry] = ContactAttempt.objects.filter(case=case)
    assert entry.notes == "第一次"
    assert entry.outcome == "call_back"


def test_two_forms_make_two_entries(owner_client, case):
    owner_client.post(contact_url(case), contact_post(notes="第一次电话"))
    owner_client.post(contact_url(case), contact_post(notes="第二次电话"))
    assert ContactAttempt.objects.filter(case=case).count() == 2


def test_a_token_already_used_on_another_case_is_refused_with_a_message_not_a_crash(owner_client, case):
    other_case = CaseFactory(owner=case.owner)
    key = uuid.uuid4()
    owner_client.post(contact_url(case), contact_post(key=key))
    response = owner_client.post(contact_url(other_case), contact_post(key=key))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ContactAttempt.objects.filter(case=other_case).exists()


def test_a_forged_token_is_a_field_message(owner_client, case):
    for key in ("", "not-a-uuid", "\x00", "1" * 100_000):
        response = owner_client.post(contact_url(case), {**contact_post(), "idempotency_key": key})
        assert response.status_code == 200
        assert "idempotency_key" in response.context["form"].errors
    assert not ContactAttempt.objects.filter(case=case).exists()
