"""The counselor sees the lender's answer: outcomes and counter-offers in the queue (a column and a filter) and
on the case (the counter-offer's terms and check, the agreed schedule's payments made or missed), read-only;
a case its owner has not shared stays out of sight."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from requests_app.admin.case_negotiation import counter_offer_terms
from requests_app.models import Case, ContactAttempt, CounterOffer, Lender, PaymentRecord
from requests_app.services import review
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.negotiation.agreements import payment_record_add
from requests_app.services.negotiation.outcomes import (
    CounterOfferTerms,
    article_70_points,
    counter_offer_accept,
)
from requests_app.services.versions import plan_version_record
from tests.factories import CaseFactory, PaymentFactory, SharedCaseFactory

pytestmark = pytest.mark.django_db
D = Decimal
QUEUE = reverse("admin:requests_app_case_changelist")


def change_url(case):
    return reverse("admin:requests_app_case_change", args=[case.pk])


def negotiated(factory=SharedCaseFactory, *, accept=True, **fields):
    """A bank-card case with a plan, a counter-offer of 6 × ¥520 (+ ¥60 fees) and, accepted, its first payment
    paid and the second missed."""
    today = timezone.localdate()
    case = factory(lender=Lender.objects.get(slug="credit-card"), status=Case.Status.READY, **fields)
    for i in range(3):
        PaymentFactory(case=case, due_on=today + dt.timedelta(days=40 + 31 * i), amount=D("1000.00"))
    plan_version_record(case=case, by=case.owner)
    first = today + dt.timedelta(days=20)
    contact_attempt_record(
        case=case,
        by=case.owner,
        idempotency_key=uuid.uuid4(),
        channel="phone",
        occurred_at=timezone.now(),
        outcome=ContactAttempt.Outcome.COUNTER_OFFER,
        counter_offer=CounterOfferTerms(
            periods=6,
            monthly_amount=D("520.00"),
            fees=D("60.00"),
            first_payment_on=first,
            covers=("balance",),
        ),
    )
    offer = CounterOffer.objects.get(case=case)
    if accept:
        case.refresh_from_db()
        counter_offer_accept(offer=offer, by=case.owner, expected_version=case.version)
        later = first + dt.timedelta(days=40)
        for due_on, result in ((first, "paid"), (first + dt.timedelta(days=31), "missed")):
            payment_record_add(
                case=Case.objects.get(pk=case.pk),
                by=case.owner,
                idempotency_key=uuid.uuid4(),
                due_on=due_on,
                result=result,
                today=later,
            )
    return Case.objects.get(pk=case.pk)


def test_the_case_page_shows_the_counter_offer_its_check_and_the_payments_made_and_missed(reviewer_client):
    case = negotiated()
    assert list(PaymentRecord.objects.filter(case=case).values_list("result", flat=True)) == [
        "paid",
        "missed",
    ]
    page = reviewer_client.get(change_url(case)).content.decode()
    # The outcome, in the contact timeline, and the counter-offer's terms with the decision.
    assert str(ContactAttempt.Outcome.COUNTER_OFFER.label) in page
    offer = CounterOffer.objects.get(case=case)
    with translation.override("zh-hans"):
        terms = counter_offer_terms(offer)
    assert f'data-testid="counter-offer-terms">{terms}<' in page and "¥520.00" in terms and "¥60.00" in terms
    assert str(CounterOffer.Decision.ACCEPTED.label) in page
    # A bank card: the Article 70 points the terms leave out are listed (balance and schedule are stated).
    with translation.override("zh-hans"):
        missing = {point.code: point.label for point in article_70_points()}
    for code in ("charges", "no_new_cards", "breach"):
        assert missing[code] in page
    assert missing["balance"] not in page
    # The agreed schedule: the first payment paid, the second missed; the raw records in their inline.
    agreed = page[page.index('data-testid="agreed-payments"') :]
    agreed = agreed[: agreed.index("</table>")]
    assert agreed.count('data-state="paid"') == 1 and agreed.count('data-state="missed"') == 1
    records = page[page.index('id="payment_records-group"') :]
    assert records.count("<tr") >= 3  # a header and the two records
    # Read-only: no form field for a record, no "add another".
    assert 'name="payment_records-0-result"' not in page and 'name="counter_offers-0-periods"' not in page


def test_the_queue_shows_the_answer_and_filters_by_it(reviewer_client):
    agreed = negotiated()
    open_offer = negotiated(accept=False)
    queue = reviewer_client.get(QUEUE).content.decode()
    assert queue.count('data-testid="queue-counter-offer"') == 2
    with translation.override("zh-hans"):
        missed_one = ngettext("%(count)s missed", "%(count)s missed", 1) % {"count": 1}
    payments = queue[queue.index('data-testid="queue-payments"') :]
    assert missed_one in payments[: payments.index("</span>")]

    def listed(answer):
        response = reviewer_client.get(QUEUE, {"answer": answer})
        return {case.pk for case in response.context["cl"].result_list}

    assert listed("counter_offer_open") == {open_offer.pk}
    assert listed("payment_missed") == {agreed.pk}
    assert listed("agreed") == {agreed.pk}


def paid_after_all(case) -> None:
    """The borrower records the missed payment as paid five days late: a later record for the same date."""
    missed = PaymentRecord.objects.get(case=case, result="missed")
    payment_record_add(
        case=case,
        by=case.owner,
        idempotency_key=uuid.uuid4(),
        due_on=missed.due_on,
        result="paid",
        today=missed.due_on + dt.timedelta(days=5),
    )


def test_a_later_record_for_the_same_date_clears_the_missed_filter(reviewer_client):
    case = negotiated()
    paid_after_all(case)
    response = reviewer_client.get(QUEUE, {"answer": "payment_missed"})
    assert list(response.context["cl"].result_list) == []


def test_an_unshared_case_stays_out_of_the_queue_and_its_page_shows_nothing(reviewer_client):
    private = negotiated(factory=CaseFactory)
    # The admin answers a case it may not show as one that does not exist (tests/security/test_access_matrix).
    response = reviewer_client.get(change_url(private), follow=True)
    assert response.redirect_chain[0] == (reverse("admin:index"), 302)
    assert 'data-testid="counter-offer-terms"' not in response.content.decode()
    assert 'data-testid="agreed-payments"' not in response.content.decode()
    queue = reviewer_client.get(QUEUE)
    assert private.pk not in {case.pk for case in queue.context["cl"].result_list}
    for answer in ("counter_offer_open", "payment_missed", "agreed"):
        response = reviewer_client.get(QUEUE, {"answer": answer})
        assert private.pk not in {case.pk for case in response.context["cl"].result_list}


@pytest.mark.parametrize("answer", ["", "counter_offer_open", "payment_missed", "agreed", "refused"])
def test_the_lender_answer_views_run_as_many_queries_for_many_negotiated_cases_as_for_two(
    reviewer_client, django_assert_max_num_queries, answer
):
    negotiated(), negotiated(accept=False)
    params = {"answer": answer} if answer else {}
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(QUEUE, params)
    for _n in range(4):
        negotiated(), negotiated(accept=False)
    with django_assert_max_num_queries(len(few)):
        response = reviewer_client.get(QUEUE, params)
    shown = {"": 10, "counter_offer_open": 5, "payment_missed": 5, "agreed": 5, "refused": 0}[answer]
    assert len(response.context["cl"].result_list) == shown


def test_the_queue_column_counts_the_record_in_effect_for_each_date(reviewer_client):
    case = negotiated()
    paid_after_all(case)
    answer = review.lender_answer(
        Case.objects.prefetch_related("counter_offers", "payment_records").get(pk=case.pk)
    )
    assert (answer.offer, answer.paid, answer.missed) == (CounterOffer.objects.get(case=case), 2, 0)
    queue = reviewer_client.get(QUEUE).content.decode()
    with translation.override("zh-hans"):
        two_paid = ngettext("%(count)s paid", "%(count)s paid", 2) % {"count": 2}
    payments = queue[queue.index('class="review-sub" data-testid="queue-payments"') :]
    assert payments[payments.index(">") + 1 : payments.index("</span>")] == two_paid
