"""The review queue's computed columns served by the digest of their inputs (services.review_rows): a row is
computed again after any change to what it is made from, however written, and served unchanged otherwise."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from requests_app.models import (
    Budget,
    Case,
    Commitment,
    ContactAttempt,
    CounterOffer,
    Lender,
    LenderProgramme,
    Payment,
    PaymentRecord,
)
from requests_app.services import review
from requests_app.services import review_rows as rows_module
from requests_app.services.review_rows import ROW_INPUT_TABLES, review_row, review_rows, row_digests
from requests_app.services.versions import latest_plan_version, plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, UserFactory, budget_for

pytestmark = pytest.mark.django_db


def household(username: str = "wangxm") -> Case:
    """A Huabei case in a household: six payments, a plan version presented at a contact and changed since,
    a counter-offer not decided yet; a budget with a commitment; a second, agreed case whose payments fix its
    share."""
    owner = UserFactory(username=username)
    huabei = Lender.objects.get(slug="huabei")
    budget_for(
        owner,
        monthly_income=Decimal("6000.00"),
        essential_expenses=Decimal("3000.00"),
        other_debt_payments=Decimal("400.00"),
    )
    case = CaseFactory(owner=owner, lender=huabei, amount_due=Decimal("6930.00"))
    start = case.due_date + dt.timedelta(days=30)
    for index, amount in enumerate(["1180.00"] * 5 + ["1153.95"]):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * index), amount=Decimal(amount))
    plan_version_record(case=case)
    contact = ContactAttemptFactory(
        case=case,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        plan_version=latest_plan_version(case),
        outcome=ContactAttempt.Outcome.COUNTER_OFFER,
    )
    last = Payment.objects.filter(case=case).order_by("-due_on").first()
    Payment.objects.filter(pk=last.pk).update(amount=Decimal("1153.96"))  # the plan changed since
    CounterOffer.objects.create(
        contact=contact,
        case=case,
        periods=12,
        monthly_amount=Decimal("600.00"),
        fees=Decimal("0.00"),
        first_payment_on=start,
    )
    other = CaseFactory(
        owner=owner,
        lender=Lender.objects.get(slug="credit-card"),
        amount_due=Decimal("12000.00"),
        status=Case.Status.APPROVED,
    )
    PaymentFactory(case=other, due_on=other.due_date + dt.timedelta(days=30), amount=Decimal("500.00"))
    return Case.objects.get(pk=case.pk)


def _others(case):
    return Case.objects.filter(owner_id=case.owner_id).exclude(pk=case.pk)


def _record(case, result):
    payment = Payment.objects.filter(case=case).order_by("due_on").first()
    PaymentRecord.objects.create(
        case=case,
        due_on=payment.due_on,
        amount_due=payment.amount,
        result=result,
        idempotency_key=uuid.uuid4(),
    )


def _present_current_plan(case):
    version = plan_version_record(case=Case.objects.get(pk=case.pk))
    ContactAttemptFactory(case=case, occurred_at=timezone.now(), plan_version=version)


#: One change to each thing a row is made from, made as directly as code could (queryset updates and plain
#: creates, which no service or signal sees). Each changes what the queue shows.
CHANGES = {
    "the case's narrative": lambda case: Case.objects.filter(pk=case.pk).update(hardship_narrative=""),
    "the case's due date": lambda case: Case.objects.filter(pk=case.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    ),
    "a payment's amount": lambda case: Payment.objects.filter(case=case).update(amount=Decimal("1.00")),
    "a payment added": lambda case: PaymentFactory(
        case=case, due_on=timezone.localdate() + dt.timedelta(days=400), amount=Decimal("5000.00")
    ),
    "the other case closed": lambda case: _others(case).update(status=Case.Status.CLOSED),
    "another case opened": lambda case: CaseFactory(owner=case.owner, amount_due=Decimal("3000.00")),
    "the agreed case's payments": lambda case: Payment.objects.filter(case__in=_others(case)).update(
        amount=Decimal("5000.00")
    ),
    "the budget's income": lambda case: Budget.objects.filter(owner_id=case.owner_id).update(
        income_salary=Decimal("100.00")
    ),
    "a commitment": lambda case: Commitment.objects.filter(budget__owner_id=case.owner_id).update(
        monthly_payment=Decimal("5000.00")
    ),
    "the lender's longest deferral": lambda case: Lender.objects.filter(pk=case.lender_id).update(
        max_deferral_days=None
    ),
    "the lender's programmes": lambda case: LenderProgramme.objects.filter(lender_id=case.lender_id).update(
        kind=LenderProgramme.Kind.INSTALLMENT, periods=3
    ),
    "the current plan presented at a new contact": _present_current_plan,
    "the counter-offer decided": lambda case: CounterOffer.objects.filter(case=case).update(
        decision=CounterOffer.Decision.DECLINED
    ),
    "a payment recorded missed": lambda case: _record(case, PaymentRecord.Result.MISSED),
    "a payment recorded paid": lambda case: _record(case, PaymentRecord.Result.PAID),
}


@pytest.fixture
def computed(monkeypatch):
    """The ids of the cases whose row was computed (not served from the cache)."""
    ids = []
    original = rows_module.review_row

    def counting(case, *, today):
        ids.append(case.pk)
        return original(case, today=today)

    monkeypatch.setattr(rows_module, "review_row", counting)
    return ids


def row_of(case, today=None):
    return review_rows(cases=[Case.objects.get(pk=case.pk)], today=today or timezone.localdate())[case.pk]


def fresh_row(case, today=None):
    """The row computed from scratch, no cache involved."""
    [loaded] = review.review_queue_page(Case.objects.filter(pk=case.pk).select_related("lender"))
    return review_row(loaded, today=today or timezone.localdate())


def test_the_household_shows_findings_a_counter_offer_and_a_shared_budget():
    """The starting point the changes below move away from."""
    row = row_of(household())
    assert "PLAN_CHANGED_SINCE_CONTACT" in row.codes
    assert row.offer.decision == CounterOffer.Decision.OPEN
    assert row.household.has_budget and row.household.lenders == 2
    assert (row.paid, row.missed) == (0, 0)


def test_a_row_whose_inputs_did_not_change_is_served_without_computing_it(computed):
    case = household()
    first = row_of(case)
    assert computed == [case.pk]
    computed.clear()
    assert row_of(case) == first
    assert computed == []


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_after_each_kind_of_change_the_row_is_computed_again_and_current(computed, change):
    case = household()
    before = row_of(case)
    digest = row_digests(cases=[(case.pk, case.owner_id)], today=timezone.localdate())
    computed.clear()
    CHANGES[change](case)
    after = row_of(case)
    assert row_digests(cases=[(case.pk, case.owner_id)], today=timezone.localdate()) != digest
    assert computed == [case.pk]
    assert after == fresh_row(case)
    assert after != before


def test_the_next_day_is_a_new_row(computed):
    """Due soon, overdue and payments in the past depend on the date."""
    case = household()
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() + dt.timedelta(days=1))
    today = timezone.localdate()
    assert "DUE_DATE_PASSED" not in row_of(case, today).codes
    later = today + dt.timedelta(days=3)
    computed.clear()
    row = row_of(case, later)
    assert computed == [case.pk]
    assert "DUE_DATE_PASSED" in row.codes
    assert row == fresh_row(case, later)


def test_a_row_whose_inputs_changed_while_it_was_computed_is_not_kept(monkeypatch, computed):
    """Computed from inputs that changed after their digest was read, a row could be kept under the old
    digest and shown should the inputs read the same again: it is dropped instead."""
    case = household()
    amounts = dict(Payment.objects.filter(case=case).values_list("pk", "amount"))
    counting = rows_module.review_row

    def changing_meanwhile(loaded, *, today):
        row = counting(loaded, today=today)
        Payment.objects.filter(case=case).update(amount=Decimal("1.00"))
        return row

    monkeypatch.setattr(rows_module, "review_row", changing_meanwhile)
    row_of(case)
    monkeypatch.setattr(rows_module, "review_row", counting)
    for pk, amount in amounts.items():
        Payment.objects.filter(pk=pk).update(amount=amount)
    computed.clear()
    assert row_of(case) == fresh_row(case)
    assert computed == [case.pk]


def tables_read(queries) -> set[str]:
    return {table for query in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}


def test_computing_a_row_reads_no_table_the_digest_leaves_out():
    """The guard of the cache: were a row to read a table the digest does not, a change there would leave
    the queue showing an old row."""
    case = household()
    _record(case, PaymentRecord.Result.PAID)
    with CaptureQueriesContext(connection) as queries:
        fresh_row(case)
    read = tables_read(queries.captured_queries)
    assert {
        "requests_app_payment",
        "requests_app_contactattempt",
        "requests_app_planversion",
        "requests_app_budget",
        "requests_app_commitment",
        "requests_app_lenderprogramme",
        "requests_app_counteroffer",
        "requests_app_paymentrecord",
    } <= read
    assert read <= ROW_INPUT_TABLES


def test_a_page_of_rows_runs_as_many_queries_for_many_households_as_for_one(django_assert_num_queries):
    one = [household("household-0")]
    many = [household(f"household-{n}") for n in range(1, 7)]
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as computing:
        review_rows(cases=one, today=today)
    with CaptureQueriesContext(connection) as serving:
        review_rows(cases=one, today=today)
    assert len(serving) < len(computing)
    with django_assert_num_queries(len(computing)):
        rows = review_rows(cases=many, today=today)
    with django_assert_num_queries(len(serving)):
        assert review_rows(cases=many, today=today) == rows
    assert set(rows) == {case.pk for case in many}


def test_rows_are_kept_apart_from_the_default_cache():
    """A page of rows must never push rate-limit counts out of a bounded local default cache."""
    case = household()
    row_of(case)
    [digest] = row_digests(cases=[(case.pk, case.owner_id)], today=timezone.localdate()).values()
    key = rows_module._key(digest)
    assert caches[rows_module.ROWS_CACHE].get(key) == row_of(case)
    assert cache.get(key) is None
