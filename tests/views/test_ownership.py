"""Another person's case is 404 on every case URL, for reading and for writing; anonymous people log in."""

import uuid

import pytest
from django.urls import reverse

from requests_app.models import Case, ContactAttempt
from tests.factories import CaseFactory, ContactAttemptFactory, UserFactory, counselor

pytestmark = pytest.mark.django_db

STEPS = ["lender", "mode", "hardship", "finances", "schedule", "review"]
CHANNELS = ["phone", "chat", "social"]


def case_urls(case) -> list[str]:
    return [
        reverse("requests_app:case_detail", args=[case.public_id]),
        reverse("requests_app:contact_create", args=[case.public_id]),
        reverse("requests_app:case_calendar", args=[case.public_id]),
        *(reverse("requests_app:case_step", args=[case.public_id, step]) for step in STEPS),
        reverse("requests_app:case_plan_preview", args=[case.public_id]),
        reverse("requests_app:case_plan_pdf", args=[case.public_id]),
        *(reverse("requests_app:case_script", args=[case.public_id, channel]) for channel in CHANNELS),
    ]


def test_another_borrower_gets_404_on_every_case_url_for_get_and_post(client, other_borrower):
    case = CaseFactory()
    client.force_login(other_borrower)
    for url in case_urls(case):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": "1", "action": "next"}).status_code in (404, 405), url
    case.refresh_from_db()
    assert case.version == 1


def test_a_contact_cannot_be_logged_on_another_persons_case(client, other_borrower):
    case = CaseFactory()
    client.force_login(other_borrower)
    response = client.post(
        reverse("requests_app:contact_create", args=[case.public_id]),
        {
            "idempotency_key": str(uuid.uuid4()),
            "channel": "phone",
            "occurred_at": "2026-01-01T10:00",
            "outcome": "approved",
        },
    )
    assert response.status_code == 404
    assert not ContactAttempt.objects.filter(case=case).exists()


def test_another_persons_contact_cannot_be_used_as_a_correction(client, borrower):
    mine = CaseFactory(owner=borrower)
    theirs = ContactAttemptFactory()
    client.force_login(borrower)
    url = reverse("requests_app:contact_create", args=[mine.public_id]) + f"?corrects={theirs.pk}"
    assert client.get(url).status_code == 404


def test_an_unknown_case_is_404(logged_in):
    assert logged_in.get(reverse("requests_app:case_detail", args=[uuid.uuid4()])).status_code == 404


def test_anonymous_people_are_asked_to_log_in_on_every_case_url(client):
    case = CaseFactory()
    for url in [reverse("requests_app:case_list"), reverse("requests_app:case_create"), *case_urls(case)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_a_counselor_may_read_a_shared_case_but_not_change_it(client):
    case = CaseFactory(shared=True)
    client.force_login(counselor())
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(reverse("requests_app:case_calendar", args=[case.public_id])).status_code == 200
    for step in STEPS:
        assert client.get(reverse("requests_app:case_step", args=[case.public_id, step])).status_code == 404
    assert client.get(reverse("requests_app:contact_create", args=[case.public_id])).status_code == 404
    assert Case.objects.get(pk=case.pk).version == 1


def test_staff_who_are_not_counselors_get_404_on_someone_elses_case(client):
    case = CaseFactory()
    client.force_login(UserFactory(username="lender-editor", is_staff=True))
    for url in case_urls(case):
        assert client.get(url).status_code == 404, url


def test_my_cases_never_lists_someone_elses_even_for_a_counselor(client):
    someone = CaseFactory()
    client.force_login(counselor())
    assert str(someone.public_id) not in client.get(reverse("requests_app:case_list")).content.decode()


def test_the_owner_shares_and_withdraws_from_the_case_page(client):
    case = CaseFactory()
    client.force_login(case.owner)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="share-case"' in page and 'data-shared="0"' in page
    sharing = reverse("requests_app:case_sharing", args=[case.public_id])

    response = client.post(sharing, {"shared": "1"})

    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="unshare-case"' in page and 'data-shared="1"' in page
    assert 'data-testid="case-shared"' in client.get(reverse("requests_app:case_list")).content.decode()
    client.post(sharing, {"shared": "0"})
    case.refresh_from_db()
    assert case.shared_at is None


def test_a_counselor_never_sees_the_sharing_buttons(client):
    case = CaseFactory(shared=True)
    client.force_login(counselor())
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-sharing"' not in page
