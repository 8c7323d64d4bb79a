"""Rule 12's third pair: the installment plan is said in one phrase (`formatting.installments_summary`),
on the case page and in the plan PDF's figures alike."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from requests_app.models import Case
from requests_app.services.formatting import installments_summary
from requests_app.services.pdf.document import plan_document
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_case_page_and_the_pdf_say_the_installments_in_the_one_phrase(client):
    case = CaseFactory(
        repayment_mode=Case.RepaymentMode.INSTALLMENTS,
        installments_total=12,
        installments_remaining=3,
        installment_amount=Decimal("1000.00"),
    )
    phrase = installments_summary(case)
    assert "3" in phrase and "12" in phrase and "¥1,000.00" in phrase
    client.force_login(case.owner)
    page = client.get(reverse("requests_app:case_detail", args=[case.public_id])).content.decode()
    assert phrase in " ".join(strip_tags(page).split())
    document = plan_document(case=case, language="zh-hans")
    assert phrase in {figure.value for figure in document.figures}
