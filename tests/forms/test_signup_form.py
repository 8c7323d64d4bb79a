"""Sign-up asks for a username, an e-mail, a password twice and the PIPL consent."""

import pytest
from django.utils import translation

from requests_app.forms.accounts import SignupForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "lin",
    "email": "lin@example.com",
    "password1": "a-very-good-pass-77",
    "password2": "a-very-good-pass-77",
    "consent": "on",
}


def test_a_complete_sign_up_is_valid():
    form = SignupForm(GOOD)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "lin@example.com"


@pytest.mark.parametrize("username", ["lin", "LIN", "ｌｉｎ"])
def test_a_name_or_address_that_has_an_account_is_not_refused_by_the_form(username):
    """Whether it has is said by e-mail only (services.signup), so that the page reveals nothing."""
    UserFactory(username="lin", email="lin@example.com")
    form = SignupForm({**GOOD, "username": username})
    assert form.is_valid(), form.errors


def test_invalid_characters_in_the_name_are_refused_next_to_it():
    form = SignupForm({**GOOD, "username": "lin wang!"})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["username"]] == ["invalid"]


def test_sign_up_without_consent_is_refused_on_the_consent_box():
    form = SignupForm({**GOOD, "consent": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["consent"]


def test_sign_up_needs_an_email():
    form = SignupForm({**GOOD, "email": "not-an-email"})
    assert not form.is_valid()
    assert "email" in form.errors


@pytest.mark.parametrize("language, law", [("zh-hans", "《个人信息保护法》"), ("en", "(PIPL)")])
def test_the_consent_label_links_to_the_privacy_notice_and_names_the_law(language, law):
    with translation.override(language):
        label = str(SignupForm().fields["consent"].label)
    assert 'href="/privacy/"' in label
    assert law in label
