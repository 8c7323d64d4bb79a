"""Password reset and sign-up are throttled (security review F9): nobody can flood a mailbox, and testing
which usernames exist through the sign-up form is limited to a few tries an hour per address."""

import pytest
from django.core import mail
from django.urls import reverse

from requests_app.services import rate_limits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reset(client, email, address="198.51.100.4"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_mails_to_one_address_stop_at_the_limit_with_the_same_answer(client):
    UserFactory(username="zhao", email="zhao@example.com")
    limit = rate_limits.PASSWORD_RESET_PER_EMAIL.limit
    answers = [reset(client, "zhao@example.com", address=f"198.51.100.{n}") for n in range(limit + 3)]
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {reverse("password_reset_done")}
    assert len(mail.outbox) == limit


def test_one_address_asking_for_many_resets_is_refused(client):
    limit = rate_limits.PASSWORD_RESET_PER_ADDRESS.limit
    for n in range(limit):
        assert reset(client, f"person{n}@example.com").status_code == 302
    assert reset(client, "one-more@example.com").status_code == 429
    assert reset(client, "one-more@example.com", address="203.0.113.8").status_code == 302


def signup(client, username, address="198.51.100.4"):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": f"{username}@example.com",
            "password1": "a-very-good-pass-77",
            "password2": "a-very-good-pass-77",
            "consent": "on",
        },
        REMOTE_ADDR=address,
    )


def test_sign_ups_from_one_address_are_limited(client):
    limit = rate_limits.SIGNUP_PER_ADDRESS.limit
    for n in range(limit):
        assert signup(client, f"person{n}").status_code == 200
    assert signup(client, "fresh-name").status_code == 429  # the address is paused, whatever the name
    assert signup(client, "fresh-name", address="203.0.113.8").status_code == 200


def test_sign_up_mails_to_one_address_stop_at_the_limit_with_the_same_answer(client):
    limit = rate_limits.SIGNUP_PER_EMAIL.limit
    answers = [
        client.post(
            reverse("signup"),
            {
                "username": f"person{n}",
                "email": "Same@Example.com",
                "password1": "a-very-good-pass-77",
                "password2": "a-very-good-pass-77",
                "consent": "on",
            },
            REMOTE_ADDR=f"198.51.100.{n}",
        )
        for n in range(limit + 2)
    ]
    assert {a.status_code for a in answers} == {200}
    assert {next(t.name for t in a.templates if t.name.endswith(".html")) for a in answers} == {
        "registration/signup_sent.html"
    }
    assert len(mail.outbox) == limit


def test_no_e_mail_or_client_address_is_kept_in_clear_in_the_cache():
    key = rate_limits._cache_key(rate_limits.PASSWORD_RESET_PER_EMAIL, "zhao@example.com")
    assert "zhao" not in key and "example" not in key
