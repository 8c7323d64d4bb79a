"""The contact log form parses one contact; the idempotency key and the entry to correct ride along."""

import uuid

import pytest

from requests_app.forms.contacts import ContactForm
from tests.factories import CaseFactory, ContactAttemptFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "idempotency_key": str(uuid.uuid4()),
        "channel": "phone",
        "occurred_at": "2026-11-20T10:30",
        "outcome": "call_back",
        "agent_id": "A1024",
        "ticket_number": "T-1",
        "call_recorded": "yes",
        "offer_made": "",
        "promised": "",
        "next_follow_up": "",
        "notes": "",
    }
    values.update(overrides)
    return values


def test_a_complete_contact_parses_with_an_aware_time_and_yes_as_true():
    case = CaseFactory()
    form = ContactForm(data(), case=case)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"].tzinfo is not None
    assert form.cleaned_data["call_recorded"] is True


def test_unknown_recording_is_none():
    form = ContactForm(data(call_recorded=""), case=CaseFactory())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["call_recorded"] is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("channel", "carrier-pigeon"),
        ("outcome", "maybe"),
        ("occurred_at", ""),
        ("occurred_at", "yesterday"),
        ("next_follow_up", "2026-13-40T99:99"),
        ("agent_id", "A" * 51),
        ("notes", "字" * 1001),
        ("idempotency_key", "not-a-uuid"),
    ],
)
def test_bad_input_is_refused_on_its_field(field, value):
    form = ContactForm(data(**{field: value}), case=CaseFactory())
    assert not form.is_valid()
    assert field in form.errors


def test_a_correction_must_refer_to_an_entry_of_the_same_case():
    case = CaseFactory()
    other = ContactAttemptFactory()
    form = ContactForm(data(corrects=str(other.pk)), case=case)
    assert not form.is_valid()
    assert "corrects" in form.errors
    own = ContactAttemptFactory(case=case)
    form = ContactForm(data(corrects=str(own.pk)), case=case)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["corrects"] == own
