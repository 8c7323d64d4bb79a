"""The budget page and My debts, through the client: one budget, fair shares, re-split with plan versions."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from requests_app.models import Budget, Case, Commitment, PlanVersion
from requests_app.services.budget import case_share
from requests_app.services.versions import plan_version_record
from tests.factories import CaseFactory, LenderFactory

pytestmark = pytest.mark.django_db

EMPTY_ROWS = {"commitments-TOTAL_FORMS": "0", "commitments-INITIAL_FORMS": "0"}


def budget_post(**figures):
    return {"household_size": "1", **EMPTY_ROWS, **{k: str(v) for k, v in figures.items()}}


def set_budget(owner, *, income, essentials):
    """The owner's budget: `income` salary, `essentials` all on food, nothing paid first."""
    Budget.objects.filter(owner=owner).update(
        income_salary=income, spend_food=essentials, spend_housing=0, spend_transport=0, spend_other=0
    )
    Commitment.objects.filter(budget__owner=owner).delete()


def three_debts(owner):
    """Huabei ¥6,000, Jiebei ¥3,000, a credit card ¥1,000, each with a recorded plan version."""
    cases = [
        CaseFactory(owner=owner, lender=LenderFactory(name_zh=name), amount_due=D(amount))
        for name, amount in (("花呗", "6000"), ("借呗", "3000"), ("信用卡", "1000"))
    ]
    for case in cases:
        plan_version_record(case=case)
    return cases


def test_the_budget_page_saves_income_spending_and_payments_made_first(logged_in, borrower):
    response = logged_in.post(
        reverse("requests_app:budget"),
        {
            "household_size": "2",
            "income_salary": "5000",
            "income_partner": "1000",
            "spend_food": "900",
            "spend_utilities": "200",
            "commitments-TOTAL_FORMS": "2",
            "commitments-INITIAL_FORMS": "0",
            "commitments-0-kind": "rent",
            "commitments-0-monthly_payment": "1500",
            "commitments-1-kind": "family",
            "commitments-1-creditor": "舅舅",
            "commitments-1-balance": "20000",
            "commitments-1-monthly_payment": "0",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("requests_app:my_debts")
    budget = Budget.objects.get(owner=borrower)
    assert (budget.household_size, budget.income_salary, budget.spend_food) == (2, D("5000"), D("900"))
    assert sorted(budget.commitments.values_list("kind", "monthly_payment")) == [
        ("family", D("0.00")),
        ("rent", D("1500.00")),
    ]
    page = logged_in.get(reverse("requests_app:my_debts")).content.decode()
    assert "舅舅" in page
    assert "¥3,400.00" in page  # 6,000 − 1,100 − 1,500 left for the lenders


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("income_salary", "-1"),
        ("income_salary", "10000000.01"),
        ("spend_food", "abc"),
        ("household_size", "0"),
    ],
)
def test_bad_budget_figures_get_a_message_and_keep_the_input_and_save_nothing(
    logged_in, borrower, field, typed
):
    response = logged_in.post(
        reverse("requests_app:budget"), budget_post(**{"income_salary": "5000", field: typed})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'value="{typed}"' in response.content.decode()
    assert not Budget.objects.filter(owner=borrower).exists()


def test_a_category_above_the_national_average_asks_why_and_below_it_does_not(logged_in, borrower):
    # NBS 2024: food ¥8,411 + household goods ¥1,547 a year per person → ¥829.83 a month for one person.
    response = logged_in.post(
        reverse("requests_app:budget"), budget_post(income_salary="9000", spend_food="829.83")
    )
    assert response.status_code == 302
    response = logged_in.post(
        reverse("requests_app:budget"), budget_post(income_salary="9000", spend_food="829.84")
    )
    assert response.status_code == 200
    assert "explain_food" in response.context["form"].errors
    response = logged_in.post(
        reverse("requests_app:budget"),
        budget_post(income_salary="9000", spend_food="1500", explain_food="孩子过敏，要买特殊奶粉"),
    )
    assert response.status_code == 302
    assert Budget.objects.get(owner=borrower).explanations == {"food": "孩子过敏，要买特殊奶粉"}


def test_essentials_above_income_give_every_lender_the_token_not_a_500(logged_in, borrower):
    cases = three_debts(borrower)
    response = logged_in.post(
        reverse("requests_app:budget"),
        budget_post(income_salary="1000", spend_housing="3000", explain_housing="租在医院附近，方便照顾病人"),
    )
    assert response.status_code == 302
    offers = [case_share(Case.objects.get(pk=c.pk)).offer for c in cases]
    assert offers == [D("50.00")] * 3
    page = logged_in.get(reverse("requests_app:my_debts")).content.decode()
    assert 'data-testid="over-budget"' in page


def test_three_debts_share_one_budget_in_proportion_and_a_budget_change_moves_them_with_versions(
    logged_in, borrower
):
    cases = three_debts(borrower)
    assert (
        logged_in.post(
            reverse("requests_app:budget"),
            budget_post(income_salary="2000", spend_food="800", spend_utilities="200"),
        ).status_code
        == 302
    )
    # ¥1,000 available across ¥6,000 / ¥3,000 / ¥1,000 owed.
    assert [case_share(Case.objects.get(pk=c.pk)).offer for c in cases] == [
        D("600.00"),
        D("300.00"),
        D("100.00"),
    ]
    versions_before = PlanVersion.objects.count()
    assert (
        logged_in.post(
            reverse("requests_app:budget"),
            budget_post(income_salary="2500", spend_food="800", spend_utilities="200"),
        ).status_code
        == 302
    )
    assert [case_share(Case.objects.get(pk=c.pk)).offer for c in cases] == [
        D("900.00"),
        D("450.00"),
        D("150.00"),
    ]
    assert PlanVersion.objects.count() == versions_before + 3
    latest = PlanVersion.objects.filter(case=cases[0]).order_by("-number").first()
    assert latest.reason == "budget_changed" and latest.data["monthly_capacity"] == "900.00"
    page = logged_in.get(cases[0].get_absolute_url()).content.decode()
    assert 'data-testid="offer-move"' in page
    assert "¥600.00 → ¥900.00" in page


def test_my_debts_ranks_creditors_by_the_daily_cost_of_waiting(logged_in, borrower):
    CaseFactory(
        owner=borrower,
        lender=LenderFactory(name_zh="小额", daily_overdue_rate=D("0.0005")),
        amount_due=D("1000"),
    )
    CaseFactory(
        owner=borrower,
        lender=LenderFactory(name_zh="大额", daily_overdue_rate=D("0.0005")),
        amount_due=D("9000"),
    )
    page = logged_in.get(reverse("requests_app:my_debts")).content.decode()
    debts = page[page.index('data-testid="debts"') :]
    assert debts.index("大额") < debts.index("小额")
    assert "¥4.50" in debts and "¥0.50" in debts  # 9,000 × 0.05 % and 1,000 × 0.05 % a day
    assert 'data-testid="budget-chart"' in page


def test_settling_a_debt_gives_its_share_to_the_others(borrower):
    from requests_app.services.workflow import case_status_change

    cases = three_debts(borrower)
    set_budget(borrower, income=D("2000"), essentials=D("1000"))
    Commitment.objects.filter(budget__owner=borrower).delete()
    card = Case.objects.get(pk=cases[2].pk)
    case_status_change(case=card, to_status=Case.Status.CLOSED, by=borrower)
    offers = [case_share(Case.objects.get(pk=c.pk)) for c in cases]
    assert offers[2] is None
    assert [offers[0].offer, offers[1].offer] == [D("666.67"), D("333.33")]
    assert PlanVersion.objects.filter(case=cases[0], reason="household_changed").exists()


def test_a_chosen_offer_above_the_budget_is_a_finding_naming_the_cases_and_the_excess(logged_in, borrower):
    from requests_app.services.validation import validate

    cases = three_debts(borrower)
    set_budget(borrower, income=D("2000"), essentials=D("1000"))
    Commitment.objects.filter(budget__owner=borrower).delete()
    Case.objects.filter(pk=cases[2].pk).update(offer_override=D("1000"), offer_override_reason="先还清小额")
    case = Case.objects.get(pk=cases[0].pk)
    [finding] = [f for f in validate(case) if f.code == "OFFERS_OVER_AVAILABLE"]
    assert finding.severity == "error"
    assert "花呗" in finding.message and "信用卡" in finding.message
    assert "¥100.00" in finding.message  # 1,000 chosen + 50 + 50 tokens over ¥1,000 available


def test_a_budget_saved_from_another_tab_is_refused_keeping_the_input(logged_in, borrower):
    logged_in.post(reverse("requests_app:budget"), budget_post(income_salary="3000"))
    Budget.objects.filter(owner=borrower).update(version=7)
    response = logged_in.post(
        reverse("requests_app:budget"), {**budget_post(income_salary="3333"), "version": "1"}
    )
    assert response.status_code == 200
    assert 'value="3333"' in response.content.decode()
    assert Budget.objects.get(owner=borrower).income_salary == D("3000")


def test_twenty_debts_and_a_one_cent_debt_add_up(logged_in, borrower):
    for n in range(19):
        CaseFactory(owner=borrower, amount_due=D(100 + n * 37))
    CaseFactory(owner=borrower, amount_due=D("0.01"))
    logged_in.post(
        reverse("requests_app:budget"),
        budget_post(income_salary="5000", spend_other="100", explain_other="x"),
    )
    page = logged_in.get(reverse("requests_app:my_debts"))
    assert page.status_code == 200
    shares = page.context["plan"].shares.values()
    assert len(shares) == 20
    assert min(s.offer for s in shares) == D("0.01")
    assert all(s.offer <= s.owed for s in shares)
