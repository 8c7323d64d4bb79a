"""The database holds the rules it can: each constraint refuses what it should and accepts the boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from requests_app.models import Case, ContactAttempt, Lender, PlanVersion
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(**fields)


@pytest.mark.parametrize(
    "field",
    ["amount_due", "installment_amount", "offer_override"],
)
def test_negative_money_is_refused_and_zero_is_accepted(field):
    refused(**{field: Decimal("-0.01")})
    assert getattr(CaseFactory(**{field: Decimal("0.00")}), field) == Decimal("0.00")


def test_remaining_periods_above_total_are_refused():
    refused(repayment_mode="installments", installments_total=6, installments_remaining=7)
    case = CaseFactory(repayment_mode="installments", installments_total=6, installments_remaining=6)
    assert case.installments_remaining == 6


def test_zero_installment_periods_are_refused():
    refused(repayment_mode="installments", installments_total=0, installments_remaining=0)


def test_unknown_status_is_refused():
    refused(status="lost")


def test_one_payment_per_date_per_case():
    payment = PaymentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(case=payment.case, due_on=payment.due_on)
    PaymentFactory(case=payment.case, due_on=payment.due_on + dt.timedelta(days=1))
    PaymentFactory(due_on=payment.due_on)  # another case may use the same date
    assert payment.case.payments.count() == 2


@pytest.mark.parametrize("amount", [Decimal("0.00"), Decimal("-5.00")])
def test_payments_must_be_positive(amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(amount=amount)


def test_plan_version_numbers_are_unique_per_case_and_positive():
    case = CaseFactory()
    PlanVersion.objects.create(case=case, number=1, content_hash="a" * 64, data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(case=case, number=1, content_hash="b" * 64, data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(case=case, number=0, content_hash="c" * 64, data={})


def test_plan_versions_cannot_be_changed():
    version = PlanVersion.objects.create(case=CaseFactory(), number=1, content_hash="a" * 64, data={})
    version.data = {"changed": True}
    with pytest.raises(ValueError):
        version.save()


def test_contact_attempts_cannot_be_edited():
    contact = ContactAttemptFactory()
    contact.outcome = ContactAttempt.Outcome.APPROVED
    with pytest.raises(ValueError):
        contact.save()
    contact.refresh_from_db()
    assert contact.outcome == ContactAttempt.Outcome.PENDING


def test_daily_rate_must_be_a_fraction():
    lender = Lender.objects.get(slug="huabei")
    lender.daily_overdue_rate = Decimal("1.5")
    with pytest.raises(IntegrityError), transaction.atomic():
        lender.save()


def test_public_ids_are_random_and_unique():
    first, second = CaseFactory(), CaseFactory()
    assert first.public_id != second.public_id
    assert first.public_id.version == 4


def test_deleting_a_borrower_deletes_their_cases_and_history():
    contact = ContactAttemptFactory()
    PaymentFactory(case=contact.case)
    contact.case.owner.delete()
    assert not Case.objects.exists()
    assert not ContactAttempt.objects.exists()


def test_a_contact_or_plan_version_cannot_be_deleted_alone_while_referred_to():
    from django.db.models import RestrictedError

    from requests_app.models import PlanVersion

    case = CaseFactory()
    version = PlanVersion.objects.create(case=case, number=1, content_hash="a" * 64, data={})
    first = ContactAttemptFactory(case=case, plan_version=version)
    ContactAttemptFactory(case=case, corrects=first)
    with pytest.raises(RestrictedError):
        version.delete()
    with pytest.raises(RestrictedError):
        ContactAttempt.objects.filter(pk=first.pk).delete()
    case.delete()  # the whole case goes, with its versions and corrections
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize("field", ["income_salary", "spend_food", "spend_other"])
def test_a_negative_budget_figure_is_refused_by_the_database(field):
    from requests_app.models import Budget
    from tests.factories import UserFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(owner=UserFactory(), **{field: Decimal("-0.01")})
