"""The contact log: append-only entries, idempotent submits, status moves and follow-ups."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from requests_app.models import Case, ContactAttempt
from requests_app.services.cases import case_mark_ready, case_schedule_replace
from requests_app.services.contacts import (
    case_follow_up,
    contact_attempt_record,
    contact_form_initial,
    contact_timeline,
    contacts_in_effect,
)
from requests_app.services.schedule import suggest_schedule_for_case
from tests.factories import CaseFactory, ContactAttemptFactory

pytestmark = pytest.mark.django_db

Status = Case.Status


def ready_case():
    case = CaseFactory()
    saved = case_schedule_replace(
        case=case, payments=suggest_schedule_for_case(case).payments, expected_version=1, by=case.owner
    )
    case_mark_ready(case=saved.case, by=case.owner)
    case.refresh_from_db()
    assert case.status == Status.READY
    return case


def record(case, **overrides):
    values = {
        "case": case,
        "by": case.owner,
        "idempotency_key": uuid.uuid4(),
        "channel": "phone",
        "occurred_at": timezone.now() - dt.timedelta(minutes=5),
        "outcome": "call_back",
        "agent_id": "A1024",
        "ticket_number": "T-1",
    }
    values.update(overrides)
    return contact_attempt_record(**values)


def test_a_contact_records_the_plan_version_presented_and_the_script_shown():
    case = ready_case()
    contact = record(case)
    assert contact.plan_version is not None
    assert contact.plan_version == case.plan_versions.order_by("-number").first()
    assert contact.script_snapshot
    assert contact.recorded_by == case.owner


def test_the_same_idempotency_key_records_one_entry():
    case = ready_case()
    key = uuid.uuid4()
    first = record(case, idempotency_key=key)
    second = record(case, idempotency_key=key, notes="double click")
    assert first.pk == second.pk
    assert ContactAttempt.objects.filter(case=case).count() == 1


def test_a_key_used_for_another_case_is_refused():
    key = uuid.uuid4()
    record(ready_case(), idempotency_key=key)
    with pytest.raises(ValidationError):
        record(ready_case(), idempotency_key=key)


def test_a_first_contact_moves_a_ready_case_to_contacted():
    case = ready_case()
    record(case, outcome="no_answer")
    assert Case.objects.get(pk=case.pk).status == Status.CONTACTED


@pytest.mark.parametrize(
    "outcome, status",
    [("approved", Status.APPROVED), ("partly_approved", Status.PARTLY_APPROVED), ("refused", Status.REFUSED)],
)
def test_a_decision_moves_the_case_to_its_status(outcome, status):
    case = ready_case()
    record(case, outcome=outcome)
    assert Case.objects.get(pk=case.pk).status == status


def test_an_approval_after_a_refusal_goes_through_contacted():
    case = ready_case()
    record(case, outcome="refused")
    record(case, outcome="approved")
    case.refresh_from_db()
    assert case.status == Status.APPROVED
    moves = list(case.status_changes.order_by("id").values_list("to_status", flat=True))
    assert moves[-2:] == [Status.CONTACTED, Status.APPROVED]


def test_a_contact_on_a_draft_is_recorded_without_moving_the_status():
    case = CaseFactory()
    record(case, outcome="approved")
    assert Case.objects.get(pk=case.pk).status == Status.DRAFT
    assert case.contacts.count() == 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("occurred_at", dt.timedelta(days=1)),
        ("occurred_at", -dt.timedelta(days=3000)),
        ("next_follow_up", -dt.timedelta(hours=2)),
        ("next_follow_up", dt.timedelta(days=3000)),
    ],
)
def test_times_in_the_wrong_place_are_refused_by_field(field, value):
    case = ready_case()
    with pytest.raises(ValidationError) as refused:
        record(case, **{field: timezone.now() + value})
    assert field in refused.value.error_dict
    assert not case.contacts.exists()


def test_text_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        record(ready_case(), notes="字" * 1001)
    assert "notes" in refused.value.error_dict


def test_a_correction_refers_to_the_old_entry_which_stays_but_no_longer_counts():
    case = ready_case()
    old = record(case, next_follow_up=timezone.now() + dt.timedelta(days=2))
    fix = record(
        case, corrects=old, occurred_at=old.occurred_at, next_follow_up=timezone.now() + dt.timedelta(days=5)
    )
    contacts = list(case.contacts.all())
    assert {c.pk for c in contacts} == {old.pk, fix.pk}
    assert [c.pk for c in contacts_in_effect(contacts)] == [fix.pk]
    assert case_follow_up(contacts).contact == fix


def test_the_timeline_lists_every_entry_newest_first_with_what_corrects_what():
    case = ready_case()
    now = timezone.now()
    first = record(case, occurred_at=now - dt.timedelta(days=3))
    second = record(case, occurred_at=now - dt.timedelta(days=2))
    fix = record(case, corrects=first, occurred_at=now - dt.timedelta(hours=1))
    timeline = contact_timeline(case.contacts.all())
    assert [entry.contact for entry in timeline] == [fix, second, first]
    assert [entry.in_effect for entry in timeline] == [True, True, False]
    assert [entry.corrected_by for entry in timeline] == [None, None, fix]


def test_a_correction_of_another_cases_entry_is_refused():
    case = ready_case()
    other = ContactAttemptFactory()
    with pytest.raises(ValidationError) as refused:
        record(case, corrects=other)
    assert "corrects" in refused.value.error_dict


def test_a_correction_may_keep_a_follow_up_that_has_passed():
    case = ready_case()
    old = ContactAttemptFactory(
        case=case,
        occurred_at=timezone.now() - dt.timedelta(days=5),
        next_follow_up=timezone.now() - dt.timedelta(days=1),
    )
    fix = record(case, corrects=old, occurred_at=old.occurred_at, next_follow_up=old.next_follow_up)
    assert fix.corrects == old


def test_entries_cannot_be_edited():
    contact = record(ready_case())
    contact.notes = "changed"
    with pytest.raises(ValueError):
        contact.save()


def test_the_follow_up_is_due_once_its_time_has_come():
    case = ready_case()
    now = timezone.now()
    ContactAttemptFactory(
        case=case, occurred_at=now - dt.timedelta(days=3), next_follow_up=now - dt.timedelta(hours=1)
    )
    follow_up = case_follow_up(list(case.contacts.all()), now=now)
    assert follow_up.is_due
    later = ContactAttemptFactory(
        case=case, occurred_at=now - dt.timedelta(hours=2), next_follow_up=now + dt.timedelta(days=2)
    )
    follow_up = case_follow_up(list(case.contacts.all()), now=now)
    assert follow_up.contact == later and not follow_up.is_due


def test_no_follow_up_when_the_latest_contact_sets_none():
    case = ready_case()
    now = timezone.now()
    ContactAttemptFactory(
        case=case, occurred_at=now - dt.timedelta(days=3), next_follow_up=now + dt.timedelta(days=1)
    )
    ContactAttemptFactory(
        case=case, occurred_at=now - dt.timedelta(days=1), next_follow_up=None, outcome="approved"
    )
    assert case_follow_up(list(case.contacts.all()), now=now) is None


def test_the_form_starts_with_a_fresh_key_and_for_a_correction_the_old_values():
    first, second = contact_form_initial(corrects=None), contact_form_initial(corrects=None)
    assert first["idempotency_key"] != second["idempotency_key"]
    old = ContactAttemptFactory(call_recorded=True, notes="原来的备注")
    initial = contact_form_initial(corrects=old)
    assert (
        initial["corrects"] == old.pk
        and initial["notes"] == "原来的备注"
        and initial["call_recorded"] == "yes"
    )


def test_amounts_in_the_plan_version_are_the_plan_presented():
    case = ready_case()
    contact = record(case)
    total = sum(Decimal(p["amount"]) for p in contact.plan_version.data["payments"])
    assert total == sum(p.amount for p in case.payments.all())


def test_a_second_submit_that_wins_the_race_is_the_entry_returned(monkeypatch):
    from requests_app.services import contacts as service

    case = ready_case()
    key = uuid.uuid4()
    original_check = service._check

    def other_request_saves_first(**kwargs):
        original_check(**kwargs)
        ContactAttemptFactory(case=case, idempotency_key=key, notes="the other tab")

    monkeypatch.setattr(service, "_check", other_request_saves_first)
    contact = record(case, idempotency_key=key)
    assert contact.notes == "the other tab"
    assert ContactAttempt.objects.filter(idempotency_key=key).count() == 1


def test_logging_a_call_reads_the_case_once_for_its_script_however_long_the_history(
    django_assert_max_num_queries,
):
    """The script snapshot reads the case's contacts, payments and versions once, not once per sentence:
    the same number of queries after 1 or 8 earlier calls (26, where reading them per sentence made 32)."""
    counts = []
    for earlier in (1, 8):
        case = ready_case()
        for _index in range(earlier):
            record(case)
        case = Case.objects.select_related("lender").get(pk=case.pk)
        with django_assert_max_num_queries(26) as captured:
            contact = record(case)
        counts.append(len(captured))
        assert contact.script_snapshot
    assert counts[0] == counts[1]
