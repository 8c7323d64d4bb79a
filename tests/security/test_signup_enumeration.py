"""Sign-up does not reveal whether a username or an e-mail address has an account (security review F9):
the page is the same; the mail to the address given says what happened. Nothing exists before the link."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.urls import reverse

from requests_app.models import PendingSignup
from requests_app.services.signup import PENDING_SIGNUP_LIFETIME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-very-good-pass-77"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def signup(client, username, email="lin@example.com"):
    data = {
        "username": username,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    return client.post(reverse("signup"), data)


def page(response) -> bytes:
    return CSRF.sub("csrf", response.content.decode()).encode()


def page_template(response) -> str:
    return next(t.name for t in response.templates if t.name.endswith(".html"))


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body).group(1)


def test_a_taken_and_a_free_name_get_byte_identical_answers(client):
    UserFactory(username="demo", email="owner@example.com")
    # The same name differing in case or width counts as taken (the name check of the form before).
    free, other_case, other_width = (
        signup(client, "fresh-name"),
        signup(client, "Demo"),
        signup(client, "ｄｅｍｏ"),
    )
    answers = [free, other_case, other_width]
    assert {a.status_code for a in answers} == {200}
    assert {page_template(a) for a in answers} == {"registration/signup_sent.html"}
    assert page(other_case) == page(free) == page(other_width)
    assert [m.body.count("/accounts/signup/confirm/") for m in mail.outbox] == [1, 0, 0]
    taken = other_case
    assert sorted(h for h in free.headers if h != "Set-Cookie") == sorted(
        h for h in taken.headers if h != "Set-Cookie"
    )


def test_an_address_that_has_an_account_gets_the_same_answer_and_a_mail_about_password_reset(client):
    before = signup(client, "first-try")
    UserFactory(username="lin-old", email="lin@example.com")
    mail.outbox.clear()
    after = signup(client, "second-try")
    assert after.status_code == before.status_code == 200
    assert page(after) == page(before)
    [message] = mail.outbox
    assert message.to == ["lin@example.com"]
    assert "http://testserver" + reverse("password_reset") in message.body
    assert "/accounts/signup/confirm/" not in message.body
    assert not PendingSignup.objects.filter(username="second-try").exists()


def test_a_taken_name_mails_the_address_given_and_offers_to_sign_up_again(client):
    owner = UserFactory(username="demo", email="owner@example.com")
    signup(client, "DEMO", email="someone@example.com")
    [message] = mail.outbox
    assert message.to == ["someone@example.com"]
    assert "http://testserver" + reverse("signup") in message.body
    assert "/accounts/signup/confirm/" not in message.body
    assert owner.email not in message.body
    assert PendingSignup.objects.count() == 0
    assert get_user_model().objects.count() == 1


def test_no_account_exists_before_the_link_is_opened_and_the_mail_carries_no_password(client):
    signup(client, "lin")
    assert not get_user_model().objects.filter(username="lin").exists()
    pending = PendingSignup.objects.get(username="lin")
    assert check_password(PASSWORD, pending.password) and PASSWORD not in pending.password
    body = mail.outbox[0].body
    assert pending.password not in body and PASSWORD not in body
    token = confirm_link(mail.outbox[0]).rsplit("/", 2)[-2]
    assert token not in pending.token_digest  # only a digest of the link's token is stored


def test_the_link_works_once(client):
    signup(client, "lin")
    link = confirm_link(mail.outbox[0])
    assert client.post(link).status_code == 302
    client.logout()
    assert client.get(link).status_code == 410
    assert client.post(link).status_code == 410
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.filter(username="lin").count() == 1
    assert PendingSignup.objects.count() == 0


def test_the_link_expires(client):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        signup(client, "lin")
    link = confirm_link(mail.outbox[0])
    with time_machine.travel(start + PENDING_SIGNUP_LIFETIME + dt.timedelta(seconds=1), tick=False):
        assert client.get(link).status_code == 410
        response = client.post(link)
    assert response.status_code == 410
    assert 'data-testid="signup-link-invalid"' in response.content.decode()
    assert not get_user_model().objects.filter(username="lin").exists()


def test_expired_sign_ups_are_deleted_by_the_next_sign_up(client):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        signup(client, "lin")
    with time_machine.travel(start + PENDING_SIGNUP_LIFETIME + dt.timedelta(minutes=1), tick=False):
        signup(client, "mei", email="mei@example.com")
    assert list(PendingSignup.objects.values_list("username", flat=True)) == ["mei"]


def test_a_name_taken_between_sign_up_and_link_is_said_and_nothing_is_created(client):
    signup(client, "lin")
    UserFactory(username="Lin")
    response = client.post(confirm_link(mail.outbox[0]))
    assert response.status_code == 409
    assert 'data-testid="signup-name-taken"' in response.content.decode()
    assert get_user_model().objects.filter(username__iexact="lin").count() == 1
    assert PendingSignup.objects.count() == 0
    assert "_auth_user_id" not in client.session


def test_the_mails_are_in_the_language_of_the_page(client):
    client.cookies["django_language"] = "en"
    signup(client, "lin")
    assert "Finish creating your Deferral Desk account" in mail.outbox[0].subject
    client.cookies["django_language"] = "zh-hans"
    signup(client, "mei", email="mei@example.com")
    assert "完成" in mail.outbox[1].subject
