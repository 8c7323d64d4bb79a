"""Whatever is typed into a log-in form, with throttling on as in production, the answer is a page, not
a 500, and the lock-out records (django-axes) keep no password."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORGED_USERNAMES = [
    # Longer than every column (axes keeps usernames in a varchar(255)), within the anonymous body limit
    # (a 100 000-character one is refused unread, as tests/security/test_request_limits.py shows).
    "x" * 50_000,
    "\u202e" * 300 + "lin",
    "😀" * 256,
    "lin\x00",
    "",
]


@override_settings(AXES_ENABLED=True)
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
@pytest.mark.parametrize("username", FORGED_USERNAMES, ids=["50k", "rtl", "emoji", "nul", "empty"])
def test_a_forged_username_is_a_failed_log_in_not_a_crash(client, url_name, username):
    response = client.post(reverse(url_name), {"username": username, "password": "Wrong-secret-771"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_very_long_username_is_still_counted_and_locked_out(client):
    username = "y" * 50_000
    for _ in range(4):
        assert client.post(reverse("login"), {"username": username, "password": "nope"}).status_code == 200
    assert client.post(reverse("login"), {"username": username, "password": "nope"}).status_code == 429
    attempt = AccessAttempt.objects.get()
    assert attempt.username == username[:255]


@override_settings(AXES_ENABLED=True)
def test_the_lock_out_record_keeps_the_username_but_never_the_password(client):
    UserFactory(username="lin", password="the-right-password-123")
    client.post(reverse("login"), {"username": "lin", "password": "Wrong-secret-771"})
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "lin"
    assert "Wrong-secret-771" not in attempt.post_data
    assert "Wrong-secret-771" not in attempt.get_data
