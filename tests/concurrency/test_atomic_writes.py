"""Each wizard step, each plan change and each contact is one transaction: when anything fails halfway
(here a fault injected into the last part of the write), nothing of it is left behind — no schedule
without its plan version, no version bump without the data, no contact without its status change."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, Payment, PlanVersion, StatusChange
from requests_app.services import cases as case_services
from requests_app.services import contacts as contact_services
from requests_app.services.cases import case_mark_ready, case_schedule_replace, case_step_save
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.findings import has_errors
from requests_app.services.schedule import ScheduledPayment, suggest_schedule_for_case
from requests_app.services.validation import validate
from tests.concurrency.posts import contact_post, step_post
from tests.factories import CaseFactory, PaymentFactory

pytestmark = pytest.mark.django_db


class Fault(Exception):
    """The injected failure."""


def fail(*args, **kwargs):
    raise Fault


def state(case: Case) -> dict:
    """Everything a failed write must leave exactly as it was."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "case": {f.attname: getattr(fresh, f.attname) for f in Case._meta.concrete_fields},
        "payments": list(
            Payment.objects.filter(case=case).order_by("due_on").values_list("due_on", "amount")
        ),
        "versions": PlanVersion.objects.filter(case=case).count(),
        "contacts": ContactAttempt.objects.filter(case=case).count(),
        "status_changes": StatusChange.objects.filter(case=case).count(),
        "history": Case.history.filter(id=case.pk).count(),
    }


@pytest.fixture
def planned_case(borrower):
    """A complete draft with the suggested schedule: nothing stops it from becoming ready."""
    case = CaseFactory(owner=borrower)
    for payment in suggest_schedule_for_case(case).payments:
        PaymentFactory(case=case, due_on=payment.due_on, amount=payment.amount)
    assert not has_errors(validate(case))
    return case


def new_rows():
    today = timezone.localdate()
    return [
        ScheduledPayment(due_on=today + dt.timedelta(days=45), amount=Decimal("1000.00")),
        ScheduledPayment(due_on=today + dt.timedelta(days=75), amount=Decimal("2045.00")),
    ]


def test_a_schedule_step_failing_at_the_plan_version_leaves_the_schedule_and_version_as_they_were(
    planned_case, monkeypatch
):
    before = state(planned_case)
    monkeypatch.setattr(case_services, "plan_version_record", fail)
    with pytest.raises(Fault):
        case_step_save(
            case=planned_case,
            step="schedule",
            cleaned_data={"requested_deferral_days": 45, "payments": new_rows()},
            expected_version=planned_case.version,
            by=planned_case.owner,
        )
    assert state(planned_case) == before


def test_a_plan_change_failing_at_the_plan_version_changes_nothing(planned_case, monkeypatch):
    before = state(planned_case)
    monkeypatch.setattr(case_services, "plan_version_record", fail)
    with pytest.raises(Fault):
        case_schedule_replace(
            case=planned_case,
            payments=new_rows(),
            expected_version=planned_case.version,
            by=planned_case.owner,
        )
    assert state(planned_case) == before


def test_a_step_failing_at_the_status_check_leaves_the_fields_unsaved(planned_case, monkeypatch):
    before = state(planned_case)
    monkeypatch.setattr(case_services, "_leave_ready_if_errors", fail)
    with pytest.raises(Fault):
        case_step_save(
            case=planned_case,
            step="finances",
            cleaned_data={"offer_override": Decimal("9000"), "offer_override_reason": "x"},
            expected_version=planned_case.version,
            by=planned_case.owner,
        )
    assert state(planned_case) == before


def test_marking_ready_failing_at_the_status_change_records_no_plan_version(planned_case, monkeypatch):
    before = state(planned_case)
    monkeypatch.setattr(case_services, "case_status_change", fail)
    with pytest.raises(Fault):
        case_mark_ready(case=planned_case, by=planned_case.owner)
    assert state(planned_case) == before


def test_a_contact_failing_at_the_status_change_leaves_no_entry_and_no_plan_version(
    planned_case, monkeypatch
):
    before = state(planned_case)
    monkeypatch.setattr(contact_services, "_status_after_contact", fail)
    with pytest.raises(Fault):
        contact_attempt_record(
            case=planned_case,
            by=planned_case.owner,
            idempotency_key=uuid.uuid4(),
            channel="phone",
            occurred_at=timezone.now(),
            outcome="approved",
        )
    assert state(planned_case) == before


def test_through_the_browser_a_failing_schedule_save_is_a_500_that_leaves_everything_as_it_was(
    client, planned_case, monkeypatch
):
    client.force_login(planned_case.owner)
    client.raise_request_exception = False
    before = state(planned_case)
    monkeypatch.setattr(case_services, "plan_version_record", fail)
    rows = [{"due_on": r.due_on, "amount": r.amount} for r in new_rows()]
    response = client.post(
        reverse("requests_app:case_step", args=[planned_case.public_id, "schedule"]),
        step_post(planned_case, "schedule", payments=rows),
    )
    assert response.status_code == 500
    assert state(planned_case) == before


def test_through_the_browser_a_failing_contact_leaves_no_entry(client, planned_case, monkeypatch):
    client.force_login(planned_case.owner)
    client.raise_request_exception = False
    before = state(planned_case)
    monkeypatch.setattr(contact_services, "_status_after_contact", fail)
    response = client.post(
        reverse("requests_app:contact_create", args=[planned_case.public_id]),
        contact_post(outcome="approved"),
    )
    assert response.status_code == 500
    assert state(planned_case) == before
