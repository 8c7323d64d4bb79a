"""Sign up (with consent), log in, log out, reset the password by e-mail, read the privacy notice."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.wording import error_codes, said

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "lin",
    "email": "lin@example.com",
    "password1": "a-very-good-pass-77",
    "password2": "a-very-good-pass-77",
    "consent": "on",
}


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body).group(1)


def test_signing_up_then_opening_the_mailed_link_logs_the_person_in_and_starts_a_request(client):
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 200
    assert 'data-testid="signup-sent"' in response.content.decode()
    assert not get_user_model().objects.filter(username="lin").exists()
    [message] = mail.outbox
    assert message.to == ["lin@example.com"]
    link = confirm_link(message)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("requests_app:case_create")
    user = get_user_model().objects.get(username="lin")
    assert user.email == "lin@example.com"
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.login(username="lin", password=SIGNUP["password1"])


def test_the_page_a_person_came_from_is_where_the_confirmed_sign_up_continues(client):
    client.post(reverse("signup") + "?next=/privacy/", SIGNUP)
    response = client.post(confirm_link(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/privacy/"


def test_mismatched_passwords_are_said_next_to_the_field_with_the_input_kept(client):
    response = client.post(reverse("signup"), {**SIGNUP, "password2": "another-pass-88"})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["password2"][0].code == "password_mismatch"
    assert 'value="lin"' in response.content.decode()
    assert mail.outbox == []


def test_a_password_like_the_username_is_refused_at_the_field(client):
    response = client.post(
        reverse("signup"),
        {**SIGNUP, "username": "lin-good-pass", "password1": "lin-good-pass", "password2": "lin-good-pass"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["password2"][0].code == "password_too_similar"
    assert mail.outbox == []


def test_signing_up_without_consent_keeps_what_was_typed_and_says_why(client):
    response = client.post(reverse("signup"), {**SIGNUP, "consent": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="lin@example.com"' in page
    assert error_codes(response.context["form"], "consent") == ["required"]
    assert said("Please agree to the processing of your data to create an account.") in page
    assert not get_user_model().objects.filter(username="lin").exists()


def test_the_sign_up_page_shows_the_consent_line_linking_to_the_privacy_notice(client):
    response = client.get(reverse("signup"))
    page = response.content.decode()
    assert (
        str(response.context["form"].fields["consent"].label) in page
    )  # the form's consent line, as rendered
    assert f'href="{reverse("requests_app:privacy")}"' in page


def test_the_privacy_notice_is_in_both_languages(client):
    assert said("Sensitive information") in client.get(reverse("requests_app:privacy")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/privacy/"})
    page = client.get(reverse("requests_app:privacy")).content.decode()
    assert said("Sensitive information", language="en") in page and said("Sensitive information") not in page


def test_logging_in_goes_to_my_cases_and_logging_out_is_a_post(client):
    UserFactory(username="wang", password="another-good-pass-88")
    response = client.post(reverse("login"), {"username": "wang", "password": "another-good-pass-88"})
    assert response.status_code == 302 and response["Location"] == reverse("requests_app:case_list")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_navigation_offers_log_out_as_a_form_once_logged_in(client, borrower):
    client.force_login(borrower)
    page = client.get("/").content.decode()
    assert f'action="{reverse("logout")}"' in page
    assert reverse("requests_app:case_list") in page and reverse("requests_app:case_create") in page


def test_a_password_can_be_reset_by_email(client):
    UserFactory(username="zhao", email="zhao@example.com")
    response = client.post(reverse("password_reset"), {"email": "zhao@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert said("Deferral Desk") in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "brand-new-pass-99", "new_password2": "brand-new-pass-99"})
    assert done.status_code == 302
    assert client.login(username="zhao", password="brand-new-pass-99")


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert response.status_code == 200
    assert said("Check your e-mail") in response.content.decode()
    assert mail.outbox == []


def test_a_logged_in_person_going_to_sign_up_is_sent_to_their_cases(client, borrower):
    client.force_login(borrower)
    response = client.get(reverse("signup"))
    assert response.status_code == 302 and response["Location"] == reverse("requests_app:case_list")


def test_the_privacy_texts_say_counselors_see_only_what_the_borrower_shares(client):
    """The promise made at sign-up is what the access rule does: counselors see shared requests only."""
    client.cookies["django_language"] = "en"
    privacy = client.get(reverse("requests_app:privacy")).content.decode()
    assert "see a request only if you ask for their help by sharing it" in privacy
    assert "only until you stop sharing it" in privacy
    signup = client.get(reverse("signup")).content.decode()
    assert "only you (and a counselor you ask for help) can see your requests" in signup
