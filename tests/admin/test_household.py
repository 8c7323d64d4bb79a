"""The counselor sees the whole household from any one case, and the queue flags households over budget."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from requests_app.models import Budget, Case, Commitment
from requests_app.services.budget import budget_totals
from tests.factories import LenderFactory, SharedCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def household(owner):
    """Three debts for one borrower; ¥1,000 a month for the lenders; a mortgage paid first."""
    cases = [
        SharedCaseFactory(owner=owner, lender=LenderFactory(name_zh=name), amount_due=D(amount))
        for name, amount in (("花呗", "6000"), ("借呗", "3000"), ("信用卡", "1000"))
    ]
    budget = Budget.objects.get(owner=owner)
    Budget.objects.filter(pk=budget.pk).update(
        income_salary=D("3500"), spend_other=D("0"), spend_food=D("1000")
    )
    Budget.objects.filter(pk=budget.pk).update(spend_housing=D("0"), spend_transport=D("0"))
    Commitment.objects.filter(budget=budget).update(
        kind=Commitment.Kind.MORTGAGE, creditor="建设银行房贷", monthly_payment=D("1500")
    )
    return cases


def test_the_case_page_shows_the_budget_every_debt_and_every_offer(reviewer_client):
    cases = household(UserFactory(username="hh"))
    page = reviewer_client.get(reverse("admin:requests_app_case_change", args=[cases[1].pk])).content.decode()
    assert 'data-testid="household"' in page
    for text in (
        "¥3,500.00",
        "¥1,000.00",
        "建设银行房贷",
        "花呗",
        "借呗",
        "信用卡",
        "¥600.00",
        "¥300.00",
        "¥100.00",
    ):
        assert text in page, text


def test_the_review_queue_flags_a_household_whose_offers_exceed_its_budget(reviewer_client):
    cases = household(UserFactory(username="hh2"))
    queue = reviewer_client.get(reverse("admin:requests_app_case_changelist")).content.decode()
    assert "data-over-budget" not in queue
    Case.objects.filter(pk=cases[2].pk).update(offer_override=D("950"), offer_override_reason="先还清")
    queue = reviewer_client.get(reverse("admin:requests_app_case_changelist")).content.decode()
    assert queue.count('data-over-budget="1"') == 3  # every case of that household
    assert "¥50.00" in queue  # 950 chosen + two ¥50 tokens: ¥50 over the ¥1,000 left


def test_the_case_page_names_the_budget_lines_in_the_active_language(reviewer_client):
    cases = household(UserFactory(username="hh3"))
    page = reviewer_client.get(reverse("admin:requests_app_case_change", args=[cases[0].pk])).content.decode()
    with translation.override("zh-hans"):
        salary = str(Budget._meta.get_field("income_salary").verbose_name)
        food = str(Budget._meta.get_field("spend_food").verbose_name)
    assert salary == "工资收入"
    assert f"· {salary}" in page and f"· {food}" in page
    with translation.override("en"):
        (line,) = [line for line in budget_totals(Budget.objects.get()).income_lines if line.amount]
        assert line.label == "salary or wages"
