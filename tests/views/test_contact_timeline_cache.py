"""The case page's contact entries are rendered once for each state an entry can be shown in
(settings.CACHES["fragments"]; contacts are append-only): a correction, the viewer, the language and "show
every contact" each give the entry its own copy, and an entry already rendered is served as it was."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from requests_app.models import ContactAttempt
from requests_app.services.access import case_sharing_set
from tests.factories import CaseFactory, ContactAttemptFactory, counselor
from tests.wording import said

pytestmark = pytest.mark.django_db


def entry(page: str, contact: ContactAttempt) -> str:
    """The list item of `contact` in the case page `page`."""
    found = re.search(rf'<li [^>]*id="contact-{contact.pk}".*?</li>', page, re.S)
    assert found, f"no entry for contact {contact.pk}"
    return found.group(0)


def view(client, case, query: str = "") -> str:
    response = client.get(case.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def case(borrower):
    return CaseFactory(owner=borrower)


def test_an_entry_rendered_once_is_served_as_it_was(logged_in, case):
    contact = ContactAttemptFactory(case=case, notes="first words")
    first = entry(view(logged_in, case), contact)
    assert "first words" in first

    # Never done (contacts are append-only); here it shows that the entry is not rendered again.
    ContactAttempt.objects.filter(pk=contact.pk).update(notes="changed behind the page")

    assert entry(view(logged_in, case), contact) == first


def test_a_correction_changes_the_entry_it_corrects(logged_in, case):
    old = ContactAttemptFactory(case=case, occurred_at=days_ago(2))
    before = entry(view(logged_in, case), old)
    assert f"?corrects={old.pk}" in before  # the owner may correct it
    assert said("Corrected by a later entry") not in before

    fix = ContactAttemptFactory(case=case, corrects=old, occurred_at=days_ago(1))
    page = view(logged_in, case)

    after = entry(page, old)
    assert said("Corrected by a later entry") in after
    assert f'href="#contact-{fix.pk}"' in after
    assert f"?corrects={old.pk}" not in after  # no longer in effect: nothing to correct
    assert f"#contact-{old.pk}" in entry(page, fix)


def test_the_owner_and_a_counselor_each_see_their_own_entry(logged_in, case, borrower):
    contact = ContactAttemptFactory(case=case)
    case_sharing_set(case=case, shared=True, by=borrower)  # "Ask a counselor"
    reviewer = Client()
    reviewer.force_login(counselor())

    assert f"?corrects={contact.pk}" in entry(view(logged_in, case), contact)
    assert f"?corrects={contact.pk}" not in entry(view(reviewer, case), contact)
    assert f"?corrects={contact.pk}" in entry(view(logged_in, case), contact)


def test_each_language_has_its_own_entry(logged_in, case):
    contact = ContactAttemptFactory(case=case, channel=ContactAttempt.Channel.CHAT)
    assert said("In-app online chat") in entry(view(logged_in, case), contact)

    logged_in.cookies["django_language"] = "en"
    in_english = entry(view(logged_in, case), contact)

    assert said("In-app online chat", language="en") in in_english
    assert said("In-app online chat") not in in_english


def test_the_link_to_a_corrected_entry_opens_every_contact_only_when_they_are_not_all_shown(logged_in, case):
    old = ContactAttemptFactory(case=case, occurred_at=days_ago(2))
    fix = ContactAttemptFactory(case=case, corrects=old, occurred_at=days_ago(1))

    assert f'href="?contacts=all#contact-{old.pk}"' in entry(view(logged_in, case), fix)
    assert f'href="#contact-{old.pk}"' in entry(view(logged_in, case, "?contacts=all"), fix)
