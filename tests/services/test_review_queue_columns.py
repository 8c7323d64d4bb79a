"""The review queue's columns on the case: kept by the contact service, read by the queue's filters."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from requests_app.models import Case
from requests_app.services import review
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.workflow import SETTLED_STATUSES
from tests.factories import CaseFactory, ContactAttemptFactory

pytestmark = pytest.mark.django_db


def record(case, *, at, follow_up=None, corrects=None, outcome="call_back"):
    return contact_attempt_record(
        case=case,
        by=case.owner,
        idempotency_key=uuid.uuid4(),
        channel="phone",
        occurred_at=at,
        outcome=outcome,
        next_follow_up=follow_up,
        corrects=corrects,
    )


def test_logging_a_contact_keeps_the_last_contact_and_follow_up_on_the_case():
    case = CaseFactory()
    now = timezone.now()
    first = record(case, at=now - dt.timedelta(days=2), follow_up=now + dt.timedelta(days=1))
    case.refresh_from_db()
    assert (case.latest_contact_at, case.latest_contact_outcome) == (first.occurred_at, "call_back")
    assert case.follow_up_at == first.next_follow_up
    # A correction replaces the entry it corrects, and its follow-up (none) is the case's now.
    record(case, at=now - dt.timedelta(days=2), corrects=first, outcome="pending")
    case.refresh_from_db()
    assert case.latest_contact_outcome == "pending"
    assert case.follow_up_at is None


def test_the_queue_rank_settles_exactly_the_settled_statuses():
    today = timezone.localdate()
    for status in Case.Status.values:
        with_date = CaseFactory(status=status, due_date=today)
        without = CaseFactory(status=status, due_date=None)
        settled = status in SETTLED_STATUSES
        assert Case.objects.get(pk=with_date.pk).queue_rank == (2 if settled else 0)
        assert Case.objects.get(pk=without.pk).queue_rank == (3 if settled else 1)


def test_follow_up_due_reads_the_column():
    due = ContactAttemptFactory(next_follow_up=timezone.now() - dt.timedelta(hours=1)).case
    later = ContactAttemptFactory(next_follow_up=timezone.now() + dt.timedelta(days=2)).case
    found = set(review.cases_follow_up_due(Case.objects.all()))
    assert due in found and later not in found


def test_a_page_of_the_queue_runs_no_subquery_per_case(django_assert_max_num_queries):
    for _ in range(5):
        ContactAttemptFactory()
    with django_assert_max_num_queries(1) as captured:
        list(review.review_queue(Case.objects.all()).order_by(*review.urgency_ordering())[:50])
    assert "SELECT U0" not in captured.captured_queries[0]["sql"]
