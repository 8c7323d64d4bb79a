"""No lost work with two tabs (or a phone and a laptop) on the same case: the later save from a page
opened before the first save is refused with a message, what the person typed is shown again, the
database keeps the first save — and saving the kept input again then works."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case
from requests_app.services.cases import StaleCase
from tests.concurrency.posts import step_post
from tests.factories import CaseFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client, case):
    client.force_login(case.owner)
    return client


def step_url(case, step):
    return reverse("requests_app:case_step", args=[case.public_id, step])


def stale_message(case) -> str:
    return StaleCase(case_id=case.pk, expected_version=case.version).message


def two_tabs(client, case, step):
    """Open the step twice, as two tabs would: both pages carry the same version."""
    first, second = client.get(step_url(case, step)), client.get(step_url(case, step))
    assert first.status_code == second.status_code == 200
    assert first.context["form"].initial["version"] == second.context["form"].initial["version"]
    return Case.objects.get(pk=case.pk)


def test_the_later_tab_saving_the_same_step_is_refused_and_keeps_what_was_typed(owner_client, case):
    opened = two_tabs(owner_client, case, "finances")
    first = owner_client.post(
        step_url(case, "finances"), step_post(opened, "finances", offer_override="5000")
    )
    assert first.status_code == 302

    later = owner_client.post(
        step_url(case, "finances"),
        step_post(
            opened, "finances", offer_override="7777.77", offer_override_reason="第二个标签页的理由说明"
        ),
    )
    assert later.status_code == 200
    assert stale_message(case) in later.context["form"].non_field_errors()
    html = later.content.decode()
    assert stale_message(case) in html
    assert 'value="7777.77"' in html
    assert "第二个标签页的理由说明" in html

    case.refresh_from_db()
    assert case.offer_override == Decimal("5000.00")
    assert case.offer_override_reason != "第二个标签页的理由说明"
    assert case.version == opened.version + 1


def test_saving_the_kept_input_again_after_the_refusal_works(owner_client, case):
    opened = two_tabs(owner_client, case, "finances")
    owner_client.post(step_url(case, "finances"), step_post(opened, "finances", offer_override="5000"))
    later = owner_client.post(
        step_url(case, "finances"), step_post(opened, "finances", offer_override="7777.77")
    )
    kept = later.context["form"]
    # The page shown again carries the current version, so the person only has to press save again.
    assert kept["version"].value() == str(opened.version + 1)
    again = owner_client.post(step_url(case, "finances"), {**kept.data.dict(), "action": "next"})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.offer_override == Decimal("7777.77")


def test_a_long_story_typed_in_an_old_tab_is_not_lost_when_its_save_is_refused(owner_client, case):
    opened = two_tabs(owner_client, case, "hardship")
    owner_client.post(
        step_url(case, "hardship"),
        step_post(opened, "hardship", hardship_narrative="第一个标签页写的经过。" * 5),
    )
    story = "我在旧标签页里写了很长的经过：工厂停工三个月，没有工资，家里老人生病住院。" * 10
    later = owner_client.post(
        step_url(case, "hardship"), step_post(opened, "hardship", hardship_narrative=story)
    )
    assert later.status_code == 200
    assert stale_message(case) in later.context["form"].non_field_errors()
    assert later.context["form"]["hardship_narrative"].value() == story
    case.refresh_from_db()
    assert case.hardship_narrative == "第一个标签页写的经过。" * 5


def test_a_stale_schedule_keeps_the_rows_typed_and_the_saved_schedule(owner_client, borrower):
    today = timezone.localdate()
    case = CaseFactory(owner=borrower)
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=40), amount=Decimal("3000.00"))
    opened = two_tabs(owner_client, case, "schedule")
    first_rows = [{"due_on": today + dt.timedelta(days=45), "amount": "3000.00"}]
    assert (
        owner_client.post(
            step_url(case, "schedule"), step_post(opened, "schedule", payments=first_rows)
        ).status_code
        == 302
    )

    typed = [
        {"due_on": today + dt.timedelta(days=50), "amount": "1000.00"},
        {"due_on": today + dt.timedelta(days=80), "amount": "2000.00"},
    ]
    later = owner_client.post(step_url(case, "schedule"), step_post(opened, "schedule", payments=typed))
    assert later.status_code == 200
    assert stale_message(case) in later.context["form"].non_field_errors()
    rows = [(form["due_on"].value(), form["amount"].value()) for form in later.context["formset"].forms]
    assert rows == [(str(r["due_on"]), r["amount"]) for r in typed]
    assert list(case.payments.values_list("due_on", "amount")) == [
        (today + dt.timedelta(days=45), Decimal("3000.00"))
    ]


def test_a_save_after_a_suggestion_in_another_tab_is_refused(owner_client, case):
    opened = two_tabs(owner_client, case, "schedule")
    suggested = owner_client.post(step_url(case, "schedule"), step_post(opened, "schedule", action="suggest"))
    assert suggested.status_code == 302
    saved = list(case.payments.values_list("due_on", "amount"))
    assert saved  # the suggestion was stored

    later = owner_client.post(
        step_url(case, "schedule"),
        step_post(
            opened,
            "schedule",
            payments=[{"due_on": timezone.localdate() + dt.timedelta(days=60), "amount": "9.99"}],
        ),
    )
    assert later.status_code == 200
    assert stale_message(case) in later.context["form"].non_field_errors()
    assert list(case.payments.values_list("due_on", "amount")) == saved


def test_different_steps_saved_from_two_tabs_are_refused_too_so_no_step_overwrites_silently(
    owner_client, case
):
    # The version is per case: a page opened before any other save is refused, whichever step it is.
    opened = two_tabs(owner_client, case, "finances")
    owner_client.post(
        step_url(case, "hardship"), step_post(opened, "hardship", hardship_narrative="新的经过" * 5)
    )
    later = owner_client.post(
        step_url(case, "finances"), step_post(opened, "finances", offer_override="1234")
    )
    assert later.status_code == 200
    assert stale_message(case) in later.context["form"].non_field_errors()
    case.refresh_from_db()
    assert case.offer_override == opened.offer_override


def test_a_forged_or_missing_version_is_refused_not_saved(owner_client, case):
    for version in ("", "0", "999999", "abc"):
        response = owner_client.post(
            step_url(case, "finances"), step_post(case, "finances", offer_override="4321", version=version)
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    case.refresh_from_db()
    assert case.offer_override != Decimal("4321")
