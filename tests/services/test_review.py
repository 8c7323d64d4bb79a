"""Review services: assignment, the reviewed mark, finding counts and the queue's search."""

import datetime as dt

import pytest
from django.utils import timezone

from requests_app.models import Case
from requests_app.services.findings import Finding, Severity
from requests_app.services.review import (
    NotAReviewer,
    case_assign_reviewer,
    case_mark_reviewed,
    case_search,
    finding_counts,
    review_queue,
    urgency_ordering,
)
from tests.factories import CaseFactory, ContactAttemptFactory, UserFactory


def finding(severity):
    return Finding(code="X", severity=severity, fields=(), message="", hint="", step="review")


def test_findings_are_counted_by_severity():
    counts = finding_counts([finding(Severity.ERROR), finding(Severity.WARNING), finding(Severity.WARNING)])
    assert (counts.errors, counts.warnings, counts.infos) == (1, 2, 0)


@pytest.mark.django_db
def test_only_active_staff_can_be_assigned_and_none_unassigns():
    case = CaseFactory()
    counselor = UserFactory(username="c1", is_staff=True)
    with pytest.raises(NotAReviewer):
        case_assign_reviewer(case=case, reviewer=UserFactory(username="borrower-x"), by=counselor)
    with pytest.raises(NotAReviewer):
        case_assign_reviewer(case=case, reviewer=UserFactory(username="gone", is_staff=True, is_active=False))
    case_assign_reviewer(case=case, reviewer=counselor, by=counselor)
    assert Case.objects.get(pk=case.pk).assigned_reviewer == counselor
    case_assign_reviewer(case=case, reviewer=None, by=counselor)
    assert Case.objects.get(pk=case.pk).assigned_reviewer is None


@pytest.mark.django_db
def test_assignment_keeps_what_the_borrower_saved_meanwhile():
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(amount_due="1234.00")  # the borrower's newer save
    case_assign_reviewer(case=case, reviewer=UserFactory(username="c2", is_staff=True))
    assert str(Case.objects.get(pk=case.pk).amount_due) == "1234.00"


@pytest.mark.django_db
def test_marking_reviewed_records_the_time_and_the_counselor():
    case = CaseFactory()
    counselor = UserFactory(username="c3", is_staff=True)
    at = timezone.now() - dt.timedelta(minutes=3)
    case_mark_reviewed(case=case, by=counselor, at=at)
    stored = Case.objects.get(pk=case.pk)
    assert stored.reviewed_at == at
    assert stored.history.latest().history_user == counselor


@pytest.mark.django_db
def test_a_public_id_prefix_matches_with_or_without_dashes_and_in_any_case():
    case = CaseFactory()
    CaseFactory()
    dashed = str(case.public_id)
    for term in (dashed[:13], dashed[:13].upper(), case.public_id.hex[:12], dashed):
        assert list(case_search(Case.objects.all(), term)) == [case]


@pytest.mark.django_db
def test_a_word_too_short_to_be_an_id_only_searches_names_and_contacts():
    case = CaseFactory(owner=UserFactory(username="abc-borrower"))
    assert list(case_search(Case.objects.all(), "abc")) == [case]


@pytest.mark.django_db
def test_the_queue_annotates_the_latest_contact_and_sorts_open_before_settled():
    open_case = CaseFactory(due_date=timezone.localdate() + dt.timedelta(days=20))
    settled = CaseFactory(due_date=timezone.localdate() - dt.timedelta(days=20), status=Case.Status.APPROVED)
    ContactAttemptFactory(
        case=open_case, occurred_at=timezone.now() - dt.timedelta(days=2), outcome="no_answer"
    )
    ContactAttemptFactory(
        case=open_case, occurred_at=timezone.now() - dt.timedelta(days=1), outcome="call_back"
    )
    rows = list(review_queue(Case.objects.all()).order_by(*urgency_ordering()))
    assert rows == [open_case, settled]
    assert rows[0].last_contact_outcome == "call_back"
    assert rows[1].last_contact_at is None
