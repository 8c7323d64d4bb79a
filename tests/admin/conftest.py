import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from requests_app.services.review import REVIEWER_GROUP
from tests.factories import ContactAttemptFactory, PaymentFactory, SharedCaseFactory, UserFactory, admin_login


@pytest.fixture
def reviewer(db):
    user = UserFactory(username="counselor", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


@pytest.fixture
def reviewer_client(client, reviewer):
    return admin_login(client, reviewer)


@pytest.fixture
def superuser_client(client, db):
    return admin_login(client, UserFactory(username="root", is_staff=True, is_superuser=True))


def case_with_records(*, payments=2, contacts=2, **fields):
    """A case with a schedule and contacts, the way the review queue sees them."""
    case = SharedCaseFactory(**fields)
    for month in range(payments):
        PaymentFactory(
            case=case,
            due_on=timezone.localdate() + dt.timedelta(days=40 + 30 * month),
            amount=Decimal("100.00"),
        )
    for n in range(contacts):
        ContactAttemptFactory(
            case=case,
            occurred_at=timezone.now() - dt.timedelta(days=contacts - n),
            agent_id=f"AG{case.pk:04d}{n}",
            ticket_number=f"TK{case.pk:05d}{n}",
        )
    return case
