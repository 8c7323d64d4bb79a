"""The case page lists the lender's programmes priced for the case; the borrower can make one the plan."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from requests_app.models import Case, Lender, Payment, PlanVersion
from requests_app.services import pdf
from requests_app.services.assessment import plan_assessment
from requests_app.services.formatting import money
from tests.factories import CaseFactory, LenderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def huabei_case(borrower):
    return CaseFactory(
        owner=borrower,
        lender=Lender.objects.get(slug="huabei"),
        amount_due=Decimal("8650.00"),
        due_date=timezone.localdate() + dt.timedelta(days=9),
        monthly_income=Decimal("4000.00"),
        essential_expenses=Decimal("2900.00"),
        other_debt_payments=Decimal("300.00"),
    )


def test_the_case_page_lists_the_12_period_installment_with_its_fee(client, borrower, huabei_case):
    client.force_login(borrower)
    response = client.get(huabei_case.get_absolute_url())
    options = response.context["options"]
    twelve = next(o for o in options.options if o.periods == 12 and o.kind == "installment")
    assert twelve.fits and twelve.fee == Decimal("761.20")
    page = response.content.decode()
    assert 'data-periods="12"' in page and "¥761.20" in page and 'data-testid="check-with-lender"' in page


def test_a_lender_without_programmes_says_to_ask(client, borrower):
    case = CaseFactory(owner=borrower, lender=LenderFactory())
    client.force_login(borrower)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="no-programmes"' in page


def test_making_an_option_the_plan_replaces_the_schedule_and_records_a_version(client, borrower, huabei_case):
    client.force_login(borrower)
    options = client.get(huabei_case.get_absolute_url()).context["options"]
    twelve = next(o for o in options.options if o.periods == 12)
    url = reverse("requests_app:case_option_use", args=[huabei_case.public_id])
    response = client.post(url, {"option": twelve.code, "version": str(huabei_case.version)})
    assert response.status_code == 302
    amounts = list(Payment.objects.filter(case=huabei_case).values_list("amount", flat=True))
    assert len(amounts) == 12 and sum(amounts) == Decimal("9411.20")
    assert PlanVersion.objects.filter(case=huabei_case).count() == 1
    # The same form sent twice (an old version) changes nothing more.
    response = client.post(url, {"option": twelve.code, "version": str(huabei_case.version)})
    assert response.status_code == 302
    assert PlanVersion.objects.filter(case=huabei_case).count() == 1


def test_an_option_that_does_not_fit_or_does_not_exist_is_refused(client, borrower, huabei_case):
    client.force_login(borrower)
    options = client.get(huabei_case.get_absolute_url()).context["options"]
    three = next(o for o in options.options if o.periods == 3)
    url = reverse("requests_app:case_option_use", args=[huabei_case.public_id])
    for code in (three.code, "programme-99999", "<script>"):
        response = client.post(url, {"option": code, "version": str(huabei_case.version)})
        assert response.status_code == 302
    assert not Payment.objects.filter(case=huabei_case).exists()


def test_the_issue_example_the_letter_offers_the_programme_and_asks_to_waive_the_penalty(
    client, borrower, huabei_case
):
    """Issue 11's example: ¥8,650 at ¥800 a month → Huabei's 12 periods with its fee shown; the amount offered
    holds no estimated overdue charges, and the letter asks for the penalty interest to be waived."""
    client.force_login(borrower)
    options = client.get(huabei_case.get_absolute_url()).context["options"]
    twelve = next(o for o in options.options if o.periods == 12 and o.kind == "installment")
    url = reverse("requests_app:case_option_use", args=[huabei_case.public_id])
    client.post(url, {"option": twelve.code, "version": str(huabei_case.version)})
    case = pdf.plan_document_queryset(Case.objects.all()).get(pk=huabei_case.pk)
    assessment = plan_assessment(case)
    assert assessment.charges > 0  # the product does estimate overdue charges for this case…
    assert (
        assessment.schedule.total == Decimal("8650.00") + twelve.fee == Decimal("9411.20")
    )  # …and never offers them
    document = pdf.plan_document(case=case, language="zh-hans")
    figures = {figure.label: figure.value for figure in document.figures}
    with translation.override("zh-hans"):
        assert figures[gettext("To repay, with the programme's stated fee")] == "¥9,411.20"
    assert money(assessment.charges) not in " ".join([*document.paragraphs, *figures.values()])
    assert "减免罚息" in document.paragraphs[2] and "停止计收" in document.paragraphs[2]
