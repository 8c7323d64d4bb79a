"""Form-level checks behind tests/views/test_bad_input.py: messages in our own words, never echoing the input."""

import pytest
from django.utils import translation

from requests_app.forms.wizard import LenderStepForm, ReviewStepForm
from tests.factories import CaseFactory, LenderFactory

pytestmark = pytest.mark.django_db


def test_an_account_number_over_forty_characters_says_the_limit_and_the_count():
    lender = LenderFactory()
    data = {"version": "1", "lender": str(lender.pk), "amount_due": "1", "due_date": "2030-01-10"}
    with translation.override("en"):
        form = LenderStepForm({**data, "account_hint": "9" * 41})
        assert not form.is_valid()
        assert form.errors["account_hint"] == ["Keep it under 40 characters (you wrote 41)."]


@pytest.mark.parametrize("typed", ["klingon", "<b>x</b>", ""])
def test_a_letter_language_outside_the_two_offered_is_refused_without_echoing_it(typed):
    case = CaseFactory()
    with translation.override("en"):
        form = ReviewStepForm({"version": "1", "letter_language": typed}, case=case)
        assert not form.is_valid()
        (message,) = form.errors["letter_language"]
    assert message.startswith("Choose the language of your letter")
    assert typed == "" or typed not in message


@pytest.mark.parametrize("typed", ["zh-hans", "en"])
def test_the_two_letter_languages_are_accepted(typed):
    form = ReviewStepForm({"version": "1", "letter_language": typed}, case=CaseFactory())
    assert form.is_valid(), form.errors
