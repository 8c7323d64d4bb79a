"""What a counselor asked for when sending a plan back: which note applies, and where the person fixes it."""

import datetime as dt

import pytest
from django.db.models import Prefetch
from django.utils import timezone

from requests_app.models import Case, StatusChange
from requests_app.services.cases import case_overviews, counselor_request
from requests_app.services.findings import Finding, Severity
from requests_app.services.workflow import case_status_change
from tests.factories import CaseFactory, ReviewNoteFactory, UserFactory, counselor

pytestmark = pytest.mark.django_db
Status = Case.Status


def finding(step, severity=Severity.ERROR):
    return Finding(
        code=f"TEST_{step.upper()}", severity=severity, fields=(), message="m", hint="h", step=step
    )


def sent_back(note="请把每月还款降到 1000 元以内。", *, reviewer_name="counselor", **fields):
    case = CaseFactory(**{"wizard_step": "review", **fields})
    reviewer = counselor(reviewer_name)
    case_status_change(case=case, to_status=Status.READY, by=case.owner)
    case_status_change(case=case, to_status=Status.NEEDS_CHANGES, by=reviewer, note=note)
    return Case.objects.get(pk=case.pk)


def test_a_plan_sent_back_carries_the_counselors_note_and_when_it_was_written():
    case = sent_back()
    request = counselor_request(case)
    move = StatusChange.objects.get(case=case, to_status=Status.NEEDS_CHANGES)
    assert request.note == "请把每月还款降到 1000 元以内。"
    assert request.asked_at == move.changed_at


def test_the_counselor_is_never_named():
    request = counselor_request(sent_back(reviewer_name="wang.reviewer"))
    assert "wang.reviewer" not in repr(request)
    assert {"note", "asked_at", "steps", "items"} == set(request.__dataclass_fields__)
    assert all(set(item.__dataclass_fields__) == {"step", "field", "addressed"} for item in request.items)


def test_the_latest_move_to_needs_changes_is_the_one_that_applies():
    case = sent_back(note="first request")
    reviewer = counselor()
    case_status_change(case=case, to_status=Status.READY, by=case.owner)
    case_status_change(case=case, to_status=Status.NEEDS_CHANGES, by=reviewer, note="second request")
    # Same second on a fast machine: the later row must still win over the earlier one.
    StatusChange.objects.filter(case=case).update(changed_at=StatusChange.objects.first().changed_at)
    oldest_first = Case.objects.prefetch_related(
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("id"))
    ).get(pk=case.pk)
    assert counselor_request(oldest_first).note == "second request"
    assert counselor_request(Case.objects.get(pk=case.pk)).note == "second request"


@pytest.mark.parametrize("status", [Status.READY, Status.DRAFT, Status.CLOSED])
def test_once_the_plan_moved_on_the_old_request_no_longer_applies(status):
    case = sent_back()
    case_status_change(case=case, to_status=status, by=case.owner)
    assert counselor_request(Case.objects.get(pk=case.pk)) is None


def test_review_notes_stay_with_the_counselors():
    case = sent_back(note="")
    ReviewNoteFactory(case=case, body="内部：此人可能夸大了困难")
    request = counselor_request(case)
    assert request is not None and request.note == ""


def test_a_sent_back_case_without_a_recorded_move_still_says_changes_were_asked():
    case = CaseFactory(status=Status.NEEDS_CHANGES, wizard_step="schedule")
    request = counselor_request(case)
    assert request.note == "" and request.asked_at is None and request.steps == ("schedule",)


def test_the_steps_to_fix_are_those_of_errors_and_warnings_in_wizard_order():
    case = sent_back()
    findings = [
        finding("schedule"),
        finding("lender", Severity.WARNING),
        finding("hardship", Severity.INFO),
        finding("review"),
        finding("schedule", Severity.WARNING),
    ]
    assert counselor_request(case, findings=findings).steps == ("lender", "schedule")


def test_without_findings_the_step_is_where_the_person_left_the_wizard():
    assert counselor_request(sent_back()).steps == ("review",)
    assert counselor_request(sent_back(wizard_step="finances")).steps == ("finances",)
    assert counselor_request(sent_back(wizard_step="")).steps == ("review",)


def test_it_reads_the_prefetched_moves_without_a_query(django_assert_num_queries):
    sent_back()
    case = Case.objects.prefetch_related(
        Prefetch("status_changes", queryset=StatusChange.objects.filter(to_status=Status.NEEDS_CHANGES))
    ).get()
    with django_assert_num_queries(0):
        assert counselor_request(case).note


def test_a_case_that_was_not_sent_back_costs_no_query(django_assert_num_queries):
    case = CaseFactory(status=Status.READY)
    with django_assert_num_queries(0):
        assert counselor_request(case) is None


def test_the_note_is_kept_as_written_apart_from_surrounding_blank_lines():
    case = sent_back(note="\n  1. 补充失业证明\n2. 第一笔还款推迟到下月\n\n")
    assert counselor_request(case).note == "1. 补充失业证明\n2. 第一笔还款推迟到下月"
    assert isinstance(counselor_request(case).asked_at, dt.datetime)


def test_my_cases_puts_a_plan_sent_back_before_calm_ones_but_after_an_overdue_bill():
    owner = UserFactory()
    today = timezone.localdate()
    calm = CaseFactory(owner=owner, due_date=today + dt.timedelta(days=10))
    back = sent_back(owner=owner, due_date=today + dt.timedelta(days=40))
    overdue = CaseFactory(owner=owner, due_date=today - dt.timedelta(days=1))
    overviews = case_overviews(
        Case.objects.filter(owner=owner).prefetch_related("payments", "contacts", "status_changes")
    )
    assert [o.case for o in overviews] == [overdue, back, calm]
    assert overviews[1].counselor_request.note == "请把每月还款降到 1000 元以内。"
