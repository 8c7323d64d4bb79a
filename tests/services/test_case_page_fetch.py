"""The case page's fetch: the relations a case often has no rows in are read only when it has some."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from requests_app.models import (
    Case,
    CounterOffer,
    EscalationStep,
    PaymentRecord,
    StatusChange,
)
from requests_app.services.case_page import (
    OPTIONAL_RELATIONS,
    case_page,
    case_page_prefetch,
    case_page_queryset,
)
from requests_app.services.evidence import evidence_upload
from tests import evidence_samples
from tests.factories import ContactAttemptFactory

pytestmark = pytest.mark.django_db


def fetched(case: Case) -> Case:
    return case_page_queryset(Case.objects.all()).get(pk=case.pk)


def give_one_of_each(case: Case) -> None:
    """One row in each optional relation (and a status change the page does not read)."""
    today = timezone.localdate()
    contact = ContactAttemptFactory(case=case)
    CounterOffer.objects.create(
        contact=contact, case=case, periods=6, monthly_amount=Decimal("520.00"), first_payment_on=today
    )
    PaymentRecord.objects.create(
        case=case,
        due_on=today - dt.timedelta(days=1),
        amount_due=Decimal("500.00"),
        result=PaymentRecord.Result.PAID,
        amount_paid=Decimal("500.00"),
        idempotency_key=uuid.uuid4(),
    )
    StatusChange.objects.create(
        case=case, from_status="ready", to_status=Case.Status.NEEDS_CHANGES, note="Add your payslip"
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.NEEDS_CHANGES)
    StatusChange.objects.create(case=case, from_status="draft", to_status="ready")
    EscalationStep.objects.create(case=case, kind="complaint_sent", occurred_on=today)
    evidence_upload(
        case=case, item="id_card", data=evidence_samples.jpeg(size=(8, 8)), raw_name=None, by=case.owner
    )


def test_a_case_without_optional_rows_reads_none_of_them(case, django_assert_num_queries):
    case = fetched(case)
    with django_assert_num_queries(0):
        case_page_prefetch(case)
        for relation in OPTIONAL_RELATIONS:
            assert list(getattr(case, relation).all()) == []
            assert getattr(case, relation).count() == 0


def test_a_case_with_optional_rows_reads_each_once_and_sees_them_all(case, django_assert_num_queries):
    give_one_of_each(case)
    case = fetched(case)
    with django_assert_num_queries(len(OPTIONAL_RELATIONS)):
        case_page_prefetch(case)
    with django_assert_num_queries(0):
        rows = {relation: list(getattr(case, relation).all()) for relation in OPTIONAL_RELATIONS}
    assert {relation: len(found) for relation, found in rows.items()} == {
        "counter_offers": 1,
        "payment_records": 1,
        "status_changes": 1,  # only the move to "needs changes", which is what the page reads
        "escalation_steps": 1,
        "evidence_files": 1,
    }
    assert rows["status_changes"][0].to_status == Case.Status.NEEDS_CHANGES


def test_the_case_page_sees_each_optional_row(case, borrower):
    give_one_of_each(case)
    page = case_page(case=fetched(case), viewer=borrower)
    assert page.counselor_request.note == "Add your payslip"
    assert len(page.counter_offers) == 1
    assert page.letters.clocks.complaint_sent
    assert sum(len(group.files) for group in page.evidence.groups) == 1


def test_a_case_fetched_without_the_flags_gets_every_relation(case):
    give_one_of_each(case)
    case = Case.objects.get(pk=case.pk)
    case_page_prefetch(case)
    assert all(len(getattr(case, relation).all()) == 1 for relation in OPTIONAL_RELATIONS)
