"""A person can take all their data with them, and delete all of it (PIPL)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from requests_app.models import Case, ContactAttempt, Payment, PlanVersion, ReviewNote, StatusChange
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, ReviewNoteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_account(borrower):
    case = CaseFactory(owner=borrower, hardship_narrative="<b>工厂停工</b>，三个月没有工资。")
    PaymentFactory(case=case)
    version = PlanVersion.objects.create(
        case=case, number=1, content_hash="a" * 64, data={"total": "3000.00"}
    )
    first = ContactAttemptFactory(case=case, plan_version=version, agent_id="A77", ticket_number="T-9")
    ContactAttemptFactory(case=case, plan_version=version, corrects=first, notes="更正：工单号是 T-9")
    ReviewNoteFactory(case=case, body="材料齐全")
    StatusChange.objects.create(case=case, from_status="draft", to_status="ready")
    case.offer_override = 500
    case.save()  # a second history row
    return case


def test_the_export_holds_everything_the_person_entered(client, borrower, full_account):
    client.force_login(borrower)
    response = client.get(reverse("requests_app:account_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "borrower"
    [case] = data["cases"]
    assert case["public_id"] == str(full_account.public_id)
    assert case["hardship_narrative"] == "<b>工厂停工</b>，三个月没有工资。"
    assert case["amount_due"] == "3000.00"
    assert case["lender"] == full_account.lender.slug
    assert len(case["payments"]) == 1
    assert {c["agent_id"] for c in case["contacts"]} >= {"A77"}
    assert "T-9" in {c["ticket_number"] for c in case["contacts"]}
    assert any(c["corrects"] for c in case["contacts"])
    assert case["plan_versions"][0]["data"] == {"total": "3000.00"}
    assert case["review_notes"][0]["body"] == "材料齐全"
    assert case["status_changes"][0]["to"] == "ready"


def test_the_export_holds_nothing_of_other_people(client, borrower, full_account):
    CaseFactory(owner=UserFactory(username="stranger"), hardship_narrative="别人的故事")
    client.force_login(borrower)
    body = client.get(reverse("requests_app:account_export")).content.decode()
    assert "别人的故事" not in body
    assert "stranger" not in body


def test_deleting_the_account_removes_everything_in_it(client, borrower, full_account):
    other = CaseFactory(owner=UserFactory(username="stranger"))
    client.force_login(borrower)
    wrong = client.post(reverse("requests_app:account_delete"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 200
    assert Case.objects.filter(owner=borrower).exists()

    response = client.post(
        reverse("requests_app:account_delete"),
        {"password": "correct-horse-battery-staple", "confirm": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("requests_app:home")
    assert not get_user_model().objects.filter(username="borrower").exists()
    assert list(Case.objects.all()) == [other]
    for model in (Payment, PlanVersion, ContactAttempt, ReviewNote, StatusChange):
        assert not model.objects.filter(case_id=full_account.pk).exists()
    assert not Case.history.filter(id=full_account.pk).exists()
    assert Case.history.filter(id=other.pk).exists()
    # Logged out: the account pages now ask to log in.
    assert client.get(reverse("requests_app:account_data")).status_code == 302


def test_deleting_needs_the_confirmation_box(client, borrower, full_account):
    client.force_login(borrower)
    response = client.post(
        reverse("requests_app:account_delete"), {"password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert Case.objects.filter(owner=borrower).exists()


def test_account_pages_need_a_login(client):
    for name in ("account_data", "account_export", "account_delete"):
        response = client.get(reverse(f"requests_app:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_the_privacy_notice_says_counselors_notes_are_in_the_export(client, borrower, full_account):
    notice = client.get(reverse("requests_app:privacy")).content.decode()
    assert 'id="counselor-notes"' in notice
    client.force_login(borrower)
    exported = client.get(reverse("requests_app:account_export")).json()
    assert any(case["review_notes"] for case in exported["cases"])
