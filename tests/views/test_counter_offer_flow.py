"""Through the client: a contact with a counter-offer, its check on the case page, accept and decline, and
bad input kept next to the fields."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, CounterOffer, Lender, PlanVersion
from requests_app.services.versions import plan_version_record
from tests.factories import CaseFactory, PaymentFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def case(borrower):
    case = CaseFactory(
        owner=borrower, status=Case.Status.READY, lender=Lender.objects.get(slug="credit-card")
    )
    for i in range(3):
        PaymentFactory(
            case=case, due_on=timezone.localdate() + dt.timedelta(days=40 + 31 * i), amount=D("1000")
        )
    plan_version_record(case=case, by=borrower)
    return case


def contact_data(**overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "channel": "phone",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "outcome": "counter_offer",
        "offer_periods": "6",
        "offer_monthly_amount": "520",
        "offer_fees": "60",
        "offer_first_payment_on": (timezone.localdate() + dt.timedelta(days=40)).isoformat(),
        "offer_covers": ["balance"],
    }
    data.update(overrides)
    return data


def test_a_counter_offer_shows_its_check_and_article_70_questions_on_the_case_page(client, borrower, case):
    client.force_login(borrower)
    url = reverse("requests_app:contact_create", args=[case.public_id])
    assert client.post(url, contact_data()).status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="counter-offer"' in page and 'data-fits="yes"' in page
    assert 'data-testid="their-total"' in page and "¥3,180.00" in page and "¥3,000.00" in page
    assert 'data-point="charges"' in page and 'data-point="balance"' not in page


@pytest.mark.parametrize(
    "field, value",
    [
        ("offer_periods", "0"),
        ("offer_periods", "1000"),
        ("offer_monthly_amount", "5000"),
        ("offer_first_payment_on", "2020-01-01"),
        ("offer_fees", "-5"),
    ],
)
def test_bad_terms_get_a_message_next_to_the_field_and_keep_the_input(client, borrower, case, field, value):
    client.force_login(borrower)
    url = reverse("requests_app:contact_create", args=[case.public_id])
    response = client.post(url, contact_data(**{field: value, "notes": "对方说要六期"}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "对方说要六期" in response.content.decode()
    assert not ContactAttempt.objects.exists()


def test_terms_without_the_counter_offer_outcome_are_not_silently_dropped(client, borrower, case):
    client.force_login(borrower)
    url = reverse("requests_app:contact_create", args=[case.public_id])
    response = client.post(url, contact_data(outcome="no_answer"))
    assert response.status_code == 200 and "outcome" in response.context["form"].errors
    assert not ContactAttempt.objects.exists()


def test_an_outcome_on_a_closed_case_gets_a_message_not_a_500(client, borrower, case):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    client.force_login(borrower)
    url = reverse("requests_app:contact_create", args=[case.public_id])
    response = client.post(
        url,
        contact_data(
            outcome="refused",
            refusal_reason="x",
            offer_periods="",
            offer_monthly_amount="",
            offer_fees="",
            offer_first_payment_on="",
            offer_covers=[],
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ContactAttempt.objects.exists()


def test_accept_then_a_second_accept_changes_nothing_more(client, borrower, case):
    client.force_login(borrower)
    client.post(reverse("requests_app:contact_create", args=[case.public_id]), contact_data())
    offer = CounterOffer.objects.get()
    case.refresh_from_db()
    url = reverse("requests_app:counter_offer_decide", args=[case.public_id, offer.pk])
    assert client.post(url, {"action": "accept", "version": str(case.version)}).status_code == 302
    assert client.post(url, {"action": "accept", "version": str(case.version)}).status_code == 302
    assert PlanVersion.objects.filter(case=case, origin=PlanVersion.Origin.LENDER).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.APPROVED and case.payments.count() == 6


def test_decline_keeps_the_plan_and_shows_next_steps(client, borrower, case):
    client.force_login(borrower)
    client.post(reverse("requests_app:contact_create", args=[case.public_id]), contact_data())
    offer = CounterOffer.objects.get()
    url = reverse("requests_app:counter_offer_decide", args=[case.public_id, offer.pk])
    client.post(url, {"action": "decline", "version": "1"})
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="next-steps"' in page and 'data-decision="declined"' in page
    assert case.payments.count() == 3


def test_another_borrower_cannot_decide_on_the_offer(client, borrower, other_borrower, case):
    client.force_login(borrower)
    client.post(reverse("requests_app:contact_create", args=[case.public_id]), contact_data())
    offer = CounterOffer.objects.get()
    client.force_login(other_borrower)
    url = reverse("requests_app:counter_offer_decide", args=[case.public_id, offer.pk])
    assert client.post(url, {"action": "accept", "version": "1"}).status_code == 404
    offer.refresh_from_db()
    assert offer.decision == CounterOffer.Decision.OPEN
