import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from requests_app.models import AccountProfile, Case, Lender
from requests_app.services.versions import latest_plan_version, plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, UserFactory


@pytest.fixture
def huabei(db):
    return Lender.objects.get(slug="huabei")


@pytest.fixture
def plan_case(huabei):
    """A Huabei case like the demo's: six monthly payments, a plan version, two contacts."""
    owner = UserFactory(username="wangxm", first_name="小明", last_name="王")
    AccountProfile.objects.create(user=owner, letter_name="王小明")
    case = CaseFactory(
        owner=owner,
        lender=huabei,
        amount_due=Decimal("6930.00"),
        hardship_narrative="公司九月底裁员，我在找工作，已经拿到录用通知，十二月中旬入职。",
    )
    start = case.due_date + dt.timedelta(days=30)
    amounts = ["1180.00"] * 5 + ["1153.95"]
    for index, amount in enumerate(amounts):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * index), amount=Decimal(amount))
    plan_version_record(case=case)
    version = latest_plan_version(case)
    ContactAttemptFactory(
        case=case, occurred_at=timezone.now() - dt.timedelta(days=6), agent_id="A1024", plan_version=version
    )
    ContactAttemptFactory(
        case=case,
        channel="chat",
        occurred_at=timezone.now() - dt.timedelta(days=2),
        agent_id="C3301",
        ticket_number="T-88-2026",
        plan_version=version,
    )
    return Case.objects.select_related("lender", "owner").get(pk=case.pk)


def pdf_text(data: bytes) -> str:
    """The PDF's text with all white space removed (line breaks fall anywhere in Chinese)."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
