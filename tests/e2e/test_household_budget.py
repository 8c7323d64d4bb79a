"""One borrower, three debts, one budget, on a phone (390 px, Chromium): the three plans offer fair shares
that add up to no more than what the budget leaves, each letter shows its own share, and a budget change
moves the offers and records a plan version on each."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from requests_app.models import Case, Lender, PlanVersion
from requests_app.services.cases import case_schedule_replace
from requests_app.services.schedule import suggest_schedule_for_case
from tests.e2e.test_borrower_journey import go, no_horizontal_scrolling, sign_up
from tests.factories import CaseFactory
from tests.wording import words_plural

OTHER_LENDERS = words_plural(
    "I also owe %(count)s other lender; each lender is offered a fair share of the same budget, in proportion "
    "to what I owe it.",
    "I also owe %(count)s other lenders; each lender is offered a fair share of the same budget, in "
    "proportion to what I owe it.",
    2,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEBTS = (("huabei", "6000"), ("jiebei", "3000"), ("cmb-credit-card", "1000"))


def money(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text))


def fill_budget(page, *, salary: str):
    page.goto("/budget/")
    no_horizontal_scrolling(page)
    page.fill("#id_household_size", "1")
    page.fill("#id_income_salary", salary)
    page.fill("#id_spend_food", "800")
    page.fill("#id_spend_utilities", "200")
    page.fill("#id_spend_transport", "200")
    page.select_option("#id_commitments-0-kind", "rent")
    page.fill("#id_commitments-0-monthly_payment", "1800")
    go(page, "[data-testid=save-budget]")


def test_three_debts_share_one_budget_and_follow_its_changes(phone):
    page = phone
    sign_up(page, "mei")
    owner = get_user_model().objects.get(username="mei")
    lenders = list(Lender.objects.filter(is_active=True).order_by("pk")[:3])
    cases = [
        CaseFactory(
            owner=owner,
            lender=lender,
            amount_due=Decimal(amount),
            monthly_income=None,
            essential_expenses=None,
        )
        for lender, (_slug, amount) in zip(lenders, DEBTS, strict=True)
    ]

    # One budget: ¥5,000 − ¥1,200 essentials − ¥1,800 rent leaves ¥2,000 for the three lenders.
    fill_budget(page, salary="5000")
    assert page.url.endswith("/debts/")
    no_horizontal_scrolling(page)
    expect(page.locator("[data-testid=available]")).to_have_text("¥2,000.00")
    expect(page.locator("[data-testid=budget-chart]")).to_be_visible()
    offers = [money(t) for t in page.locator("[data-testid=debt-case] [data-testid=offer]").all_inner_texts()]
    assert sorted(offers) == [Decimal("200.00"), Decimal("600.00"), Decimal("1200.00")]
    assert sum(offers) <= Decimal("2000.00")

    # Each plan is suggested within its own share; each letter shows that share.
    for case in cases:
        case.refresh_from_db()
        case_schedule_replace(
            case=case,
            payments=suggest_schedule_for_case(case).payments,
            expected_version=case.version,
            by=owner,
        )
    expected = {cases[0].pk: "¥1,200.00", cases[1].pk: "¥600.00", cases[2].pk: "¥200.00"}
    for case in cases:
        page.goto(f"/cases/{case.public_id}/plan/")
        no_horizontal_scrolling(page)
        expect(page.locator("body")).to_contain_text(expected[case.pk])
        # The letter's written sentence about the other lenders sharing the same budget.
        expect(page.locator("body")).to_contain_text(OTHER_LENDERS)
        expect(page.locator("body")).to_contain_text("给贵机构的每月还款额")
    versions_before = {c.pk: PlanVersion.objects.filter(case=c).count() for c in cases}

    # The budget changes: ¥1,000 more income, ¥3,000 to share; every offer moves and every plan is versioned.
    fill_budget(page, salary="6000")
    expect(page.locator("[data-testid=available]")).to_have_text("¥3,000.00")
    offers = [money(t) for t in page.locator("[data-testid=debt-case] [data-testid=offer]").all_inner_texts()]
    assert sorted(offers) == [Decimal("300.00"), Decimal("900.00"), Decimal("1800.00")]
    for case in cases:
        assert PlanVersion.objects.filter(case=case).count() == versions_before[case.pk] + 1
        assert PlanVersion.objects.filter(case=case).order_by("-number").first().reason == "budget_changed"

    page.goto(cases[0].get_absolute_url())
    no_horizontal_scrolling(page)
    expect(page.locator("[data-testid=case-offer]")).to_have_text("¥1,800.00")
    moves = page.locator("[data-testid=offer-move]")
    expect(moves.first).to_be_visible()
    expect(page.locator("[data-testid=offer-moves]")).to_contain_text("¥1,200.00 → ¥1,800.00")
    page.goto(f"/cases/{cases[0].public_id}/plan/")
    expect(page.locator("body")).to_contain_text("¥1,800.00")
    assert Case.objects.filter(owner=owner).count() == 3
    assert page.js_errors == []
