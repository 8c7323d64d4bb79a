import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from requests_app.models import AccountProfile, Case, Lender
from requests_app.services.versions import plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, UserFactory


def fresh(case: Case) -> Case:
    """The case again, with everything the letters read prefetched."""
    return (
        Case.objects.select_related("lender", "owner", "owner__account_profile")
        .prefetch_related("payments", "contacts", "plan_versions", "escalation_steps", "letter_downloads")
        .get(pk=case.pk)
    )


@pytest.fixture
def refused_case(db):
    """A Huabei case with a plan and three contacts: a call with no answer, then two refusals with agent ids
    and tickets (the second without a reason)."""
    owner = UserFactory(username="wangxm", first_name="小明", last_name="王")
    AccountProfile.objects.create(user=owner, letter_name="王小明")
    case = CaseFactory(
        owner=owner,
        lender=Lender.objects.get(slug="huabei"),
        amount_due=Decimal("6930.00"),
        account_hint="8812",
        hardship_narrative="公司九月底裁员，我在找工作。",
    )
    start = case.due_date + dt.timedelta(days=30)
    for index in range(3):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * index), amount=Decimal("2310.00"))
    plan_version_record(case=case)
    now = timezone.now()
    ContactAttemptFactory(case=case, occurred_at=now - dt.timedelta(days=9), outcome="no_answer", agent_id="")
    ContactAttemptFactory(
        case=case,
        occurred_at=now - dt.timedelta(days=6),
        outcome="refused",
        agent_id="A1024",
        ticket_number="T-0001",
        offer_made="只能按最低还款",
    )
    ContactAttemptFactory(
        case=case,
        channel="chat",
        occurred_at=now - dt.timedelta(days=2),
        outcome="refused",
        agent_id="C3301",
        ticket_number="T-0002",
        offer_made="",
    )
    return fresh(case)
