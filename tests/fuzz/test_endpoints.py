"""The main POST endpoints through the test client, driven by hypothesis: every wizard step, the first
step that creates the case, the contact form, sign-up and log-in (throttling on, as in production), plus
the query strings people and bots send. Never a 500: a page with a message, or a redirect.

A NUL byte in any text field is stopped by the form with a message next to that field (PostgreSQL would
refuse it, so it must never reach the database); these tests run on SQLite and on PostgreSQL."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from requests_app.models import Case, ContactAttempt
from requests_app.services.review import REVIEWER_GROUP
from tests.concurrency.posts import contact_post, step_post
from tests.factories import CaseFactory, ContactAttemptFactory, UserFactory, admin_login
from tests.fuzz.strategies import FUZZ, LONG, form_data, typed_text

pytestmark = pytest.mark.django_db

# Each example is a full request and page: fewer examples than the form fuzz, same variety.
ENDPOINTS = settings(FUZZ, max_examples=25)

STEPS = ["lender", "mode", "hardship", "finances", "schedule", "review"]
ACTIONS = ["next", "back", "save", "suggest", "add_row", "finish", "goto:review", "goto:nowhere", ""]


@pytest.fixture
def owner_client(db):
    owner = UserFactory(username="fuzz-owner")
    case = CaseFactory(owner=owner)
    client = Client()
    client.force_login(owner)
    client.case = case
    return client


def answered(response, also=()):
    # 413: a body over the request limit (deferral_site.middleware) is refused unread, with a page.
    assert response.status_code in (200, 302, 413, 429, *also), response.status_code
    return response


def post_and_roll_back(client, url, data, also=()):
    with transaction.atomic():
        answered(client.post(url, data), also)
        transaction.set_rollback(True)


@ENDPOINTS
@given(data=st.data(), step=st.sampled_from(STEPS), action=st.sampled_from(ACTIONS))
def test_a_wizard_step_answers_any_post_with_a_page_or_a_redirect(owner_client, data, step, action):
    case = Case.objects.get(pk=owner_client.case.pk)
    valid = step_post(case, step, action=action)
    extra = ("payments-0-due_on", "payments-0-amount", "payments-TOTAL_FORMS") if step == "schedule" else ()
    typed = data.draw(form_data({k: v for k, v in valid.items() if isinstance(v, str)}, extra))
    url = reverse("requests_app:case_step", args=[case.public_id, step])
    post_and_roll_back(owner_client, url, typed)


@ENDPOINTS
@given(data=st.data())
def test_the_first_step_answers_any_post(owner_client, data):
    valid = {k: v for k, v in step_post(owner_client.case, "lender").items() if k != "version"}
    post_and_roll_back(owner_client, reverse("requests_app:case_create"), data.draw(form_data(valid)))


@ENDPOINTS
@given(data=st.data(), corrects=st.one_of(st.none(), typed_text()))
def test_the_contact_form_answers_any_post(owner_client, data, corrects):
    case = owner_client.case
    typed = data.draw(form_data(contact_post(notes="电话里说会回电"), extra_fields=("corrects",)))
    url = reverse("requests_app:contact_create", args=[case.public_id])
    if corrects is not None:
        url += "?" + urlencode({"corrects": corrects})
    # Correcting an entry that is not one of this case's is a 404, like any other case's data; a NUL byte
    # in the query string is refused before anything reads it (400).
    also = (404,) if corrects is not None or "corrects" in typed else ()
    if corrects is not None and "\x00" in corrects:
        also += (400,)
    post_and_roll_back(owner_client, url, typed, also=also)


SIGNUP = {
    "username": "new-person",
    "email": "new@example.com",
    "password1": "a-long-enough-secret-42",
    "password2": "a-long-enough-secret-42",
    "consent": "on",
}


@ENDPOINTS
@given(data=st.data())
def test_sign_up_answers_any_post(db, data):
    post_and_roll_back(Client(), reverse("signup"), data.draw(form_data(SIGNUP)))


@override_settings(AXES_ENABLED=True)
@ENDPOINTS
@given(data=st.data(), url_name=st.sampled_from(["login", "admin:login"]))
def test_log_in_answers_any_post_with_throttling_on(db, data, url_name):
    UserFactory(username="lin", password="the-right-password-123")
    valid = {"username": "lin", "password": "the-right-password-123"}
    post_and_roll_back(Client(), reverse(url_name), data.draw(form_data(valid)))


@ENDPOINTS
@example(lang="\x00", page="case_plan_pdf")
@given(lang=typed_text(), page=st.sampled_from(["case_plan_preview", "case_script", "case_plan_pdf"]))
def test_document_pages_answer_any_language_asked_for(owner_client, lang, page):
    case = owner_client.case
    args = [case.public_id, "chat"] if page == "case_script" else [case.public_id]
    # A NUL byte in a query string is refused before anything reads it (see tests/security).
    refused = (400,) if "\x00" in lang else ()
    answered(owner_client.get(reverse(f"requests_app:{page}", args=args), {"lang": lang}), refused)


@pytest.fixture
def reviewer_client(db):
    reviewer = UserFactory(username="counselor", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    ContactAttemptFactory(case=CaseFactory())
    return admin_login(Client(), reviewer)


@ENDPOINTS
@given(q=typed_text(), status=typed_text(), order=typed_text())
@example(q="a\x00b", status="\x00", order="\x00")
@example(q=LONG, status="ready", order="1")
def test_the_review_queue_answers_any_search_and_filter(reviewer_client, q, status, order):
    url = reverse("admin:requests_app_case_changelist")
    for params in ({"q": q}, {"status__exact": status}, {"o": order}):
        refused = (400,) if "\x00" in next(iter(params.values())) else ()
        answered(reviewer_client.get(url, params), refused)


@ENDPOINTS
@given(language=typed_text(), next_url=typed_text())
def test_the_language_switch_answers_anything(db, language, next_url):
    answered(Client().post(reverse("set_language"), {"language": language, "next": next_url}))


# --- NUL bytes: a field message, on SQLite and PostgreSQL alike ------------------------------------------

TEXT_FIELDS = {
    "lender": ["account_hint"],
    "hardship": ["hardship_narrative", "evidence_notes"],
    "finances": ["offer_override_reason", "offer_override"],
    "schedule": ["requested_deferral_days"],
}


@pytest.mark.parametrize(
    "step, field", [(step, field) for step, fields in TEXT_FIELDS.items() for field in fields]
)
def test_a_nul_byte_in_a_wizard_field_is_a_message_next_to_that_field(owner_client, step, field):
    case = owner_client.case
    url = reverse("requests_app:case_step", args=[case.public_id, step])
    response = owner_client.post(url, step_post(case, step, **{field: "我的\x00经过"}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.parametrize("field", ["agent_id", "ticket_number", "offer_made", "promised", "notes"])
def test_a_nul_byte_in_a_contact_field_is_a_message_next_to_that_field(owner_client, field):
    case = owner_client.case
    url = reverse("requests_app:contact_create", args=[case.public_id])
    response = owner_client.post(url, contact_post(**{field: "A1\x0024"}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ContactAttempt.objects.filter(case=case).exists()


@pytest.mark.parametrize("field", ["username", "email", "password1"])
def test_a_nul_byte_at_sign_up_is_a_message_next_to_that_field(client, field):
    response = client.post(reverse("signup"), {**SIGNUP, field: "new\x00person"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
