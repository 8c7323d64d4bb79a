"""Rule 8: the limits on typed text live in `services.text_limits`, and "too long" is said one way
(`refusals.TOO_LONG_MESSAGE`, code "max_length") by the forms and the services alike."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError

from requests_app.admin.forms import CaseAdminForm, StatusActionForm
from requests_app.forms.accounts import SignupForm
from requests_app.forms.budget import BudgetForm, CommitmentForm
from requests_app.forms.contacts import ContactForm
from requests_app.forms.escalation import EscalationStepForm
from requests_app.forms.wizard import STEP_FORMS
from requests_app.services import text_limits
from requests_app.services.household import budget_check
from requests_app.services.refusals import TOO_LONG_MESSAGE
from requests_app.services.wizard import step_values
from tests.factories import CaseFactory

#: Fields whose limit is a standard's, not ours (an e-mail address), said in Django's words.
STANDARD = {(SignupForm, "email"), (SignupForm, "username")}

FORMS = [*STEP_FORMS.values(), BudgetForm, CommitmentForm, ContactForm, EscalationStepForm, StatusActionForm]


def limited_fields(form):
    return [(name, field) for name, field in form.fields.items() if getattr(field, "max_length", None)]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [*FORMS, SignupForm], ids=lambda f: f.__name__)
def test_every_limited_text_field_says_too_long_in_the_one_wording(form_class):
    form = form_class(case=CaseFactory()) if form_class is ContactForm else form_class()
    for name, field in limited_fields(form):
        if (form_class, name) in STANDARD:
            continue
        assert field.error_messages["max_length"] == TOO_LONG_MESSAGE, (form_class.__name__, name)
        assert field.max_length in vars(text_limits).values(), (form_class.__name__, name, field.max_length)


@pytest.mark.django_db
def test_the_admins_notes_have_the_desks_limits():
    form = CaseAdminForm()
    assert form.fields["status_note"].max_length == text_limits.STATUS_NOTE_MAX_LENGTH
    assert form.fields["correction_note"].max_length == text_limits.CORRECTION_NOTE_MAX_LENGTH


TODAY = dt.date(2026, 4, 1)


@pytest.mark.parametrize(
    ("step", "field", "limit"),
    [
        ("hardship", "hardship_narrative", text_limits.NARRATIVE_MAX_LENGTH),
        ("hardship", "evidence_notes", text_limits.NOTES_MAX_LENGTH),
        ("finances", "offer_override_reason", text_limits.SHORT_TEXT_MAX_LENGTH),
    ],
)
def test_the_wizards_form_and_service_refuse_at_the_same_length_with_the_same_words(step, field, limit):
    form_field = STEP_FORMS[step].base_fields[field]
    assert form_field.max_length == limit
    for length, refused in [(limit, False), (limit + 1, True)]:
        text = "字" * length
        try:
            form_field.clean(text)
            form_refusal = None
        except ValidationError as error:
            form_refusal = error.error_list[0]
        try:
            step_values(step, {field: text, "offer_override": 1}, today=TODAY)
            service_refusal = None
        except ValidationError as error:
            service_refusal = error.error_dict.get(field, [None])[0]
        assert (form_refusal is not None, service_refusal is not None) == (refused, refused)
        if refused:
            assert (form_refusal.code, service_refusal.code) == ("max_length", "max_length")
            assert form_refusal.message % form_refusal.params == service_refusal.message


@pytest.mark.django_db
def test_the_budget_form_and_service_refuse_at_the_same_length_with_the_same_words():
    limit = text_limits.INCOME_NOTES_MAX_LENGTH
    text = "字" * (limit + 1)
    form = BudgetForm({"household_size": "1", "income_notes": text})
    form.is_valid()
    _clean, _rows, _checks, errors = budget_check(
        values={"household_size": 1, "income_notes": text}, commitments=[]
    )
    assert form.errors["income_notes"] == [errors["income_notes"]]
    assert isinstance(form.fields["income_notes"], forms.CharField)
