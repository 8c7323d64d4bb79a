"""Lender programmes priced for a case, the options that fit, and the findings and fee rules they feed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from requests_app.models import Lender, LenderProgramme
from requests_app.services.finances import amount_to_repay
from requests_app.services.negotiation.programmes import (
    CUSTOM,
    allowed_fee,
    matching_programme,
    option_summary,
    repayment_options,
)
from requests_app.services.schedule import Schedule, ScheduledPayment, suggest_schedule_for_case
from requests_app.services.scripts.letter import waiver_request
from requests_app.services.scripts.sentences import waiver_sentences
from requests_app.services.validation import validate
from tests.factories import CaseFactory, LenderFactory, PaymentFactory
from tests.wording import words

TODAY = dt.date(2026, 12, 1)


def huabei_case(**fields):
    """The issue's example: Huabei, ¥8,650 due, ¥800 a month available."""
    values = {
        "lender": Lender.objects.get(slug="huabei"),
        "amount_due": Decimal("8650.00"),
        "due_date": TODAY + dt.timedelta(days=9),
        "monthly_income": Decimal("4000.00"),
        "essential_expenses": Decimal("2900.00"),
        "other_debt_payments": Decimal("300.00"),
        "requested_deferral_days": 30,
    }
    values.update(fields)
    return CaseFactory(**values)


@pytest.mark.django_db
def test_huabei_example_offers_the_12_period_installment_with_its_fee():
    options = repayment_options(huabei_case(), today=TODAY)
    fitting = {(o.kind, o.periods): o for o in options.fitting}
    twelve = fitting[(LenderProgramme.Kind.INSTALLMENT, 12)]
    assert twelve.fee == Decimal("761.20")  # 8.8% of ¥8,650
    assert twelve.total == Decimal("9411.20")
    assert twelve.monthly == Decimal("784.27")
    assert twelve.schedule.total == Decimal("9411.20")
    assert len(twelve.schedule) == 12
    # 3, 6 and 9 periods need more than ¥800 a month; the one-month deferral too.
    assert set(fitting) == {(LenderProgramme.Kind.INSTALLMENT, 12)}
    assert options.best is twelve
    assert options.custom is None
    assert "¥761.20" in option_summary(twelve)


@pytest.mark.django_db
def test_the_offer_contains_no_estimated_overdue_charges():
    case = huabei_case()
    assert amount_to_repay(case) == Decimal("8650.00")
    schedule = suggest_schedule_for_case(case, today=TODAY)
    assert schedule.total == Decimal("8650.00")
    assert schedule.largest <= Decimal("800.00")


@pytest.mark.django_db
def test_options_are_ranked_fitting_first_then_by_total_cost():
    case = huabei_case(essential_expenses=Decimal("500.00"))  # ¥3,200 a month
    options = repayment_options(case, today=TODAY)
    fitting = [o for o in options.options if o.fits]
    totals = [o.total for o in fitting if o.total is not None]
    assert totals == sorted(totals)
    assert [o.periods for o in fitting if o.kind == LenderProgramme.Kind.INSTALLMENT] == [3, 6, 9, 12]
    unknown = [o for o in options.options if o.total is None]
    assert all(options.options.index(o) > options.options.index(fitting[-1]) for o in unknown if not o.fits)


@pytest.mark.django_db
def test_a_custom_proposal_is_offered_when_no_programme_fits():
    case = huabei_case(essential_expenses=Decimal("3000.00"))  # ¥700 a month: 12 periods need ¥784.27
    options = repayment_options(case, today=TODAY)
    assert options.fitting == ()
    assert options.custom is None  # ¥8,650 at ¥700 needs 13 months, beyond Huabei's 12
    case = huabei_case(essential_expenses=Decimal("2950.00"), amount_due=Decimal("8500.00"))  # ¥750
    options = repayment_options(case, today=TODAY)
    assert options.fitting == ()
    assert options.custom is not None and options.custom.code == CUSTOM
    assert options.custom.total == Decimal("8500.00")
    assert options.nearest.periods == 12


@pytest.mark.django_db
def test_a_lender_without_programmes_has_no_options_and_says_so():
    options = repayment_options(CaseFactory(lender=LenderFactory()), today=TODAY)
    assert options.known is False
    assert options.options == ()


@pytest.mark.django_db
def test_article_70_agreement_takes_the_fewest_periods_within_the_amount_and_at_most_60():
    card = Lender.objects.get(slug="credit-card")
    case = CaseFactory(lender=card, amount_due=Decimal("30000.00"), due_date=TODAY)
    options = repayment_options(case, today=TODAY)  # ¥1,200 a month
    (agreement,) = options.options
    assert agreement.kind == LenderProgramme.Kind.PERSONALISED
    assert agreement.periods == 25
    assert agreement.fits and agreement.at_lender_discretion
    assert agreement.fee is None and agreement.total is None
    big = CaseFactory(lender=card, amount_due=Decimal("90000.00"), due_date=TODAY)
    (agreement,) = repayment_options(big, today=TODAY).options
    assert agreement.periods == 60 and not agreement.fits


@pytest.mark.django_db
def test_an_11_payment_huabei_plan_gets_a_finding_naming_the_nearest_programme():
    case = huabei_case()
    schedule = suggest_schedule_for_case(case)
    for payment in schedule:
        PaymentFactory(case=case, due_on=payment.due_on, amount=payment.amount)
    assert len(schedule) == 11
    findings = {f.code: f for f in validate(case)}
    assert "PLAN_OUTSIDE_PROGRAMMES" in findings
    assert "¥784.27" in findings["PLAN_OUTSIDE_PROGRAMMES"].hint


@pytest.mark.django_db
def test_a_plan_following_the_12_period_programme_may_include_its_fee():
    case = huabei_case()
    twelve = repayment_options(case).best
    for payment in twelve.schedule:
        PaymentFactory(case=case, due_on=payment.due_on, amount=payment.amount)
    codes = {f.code for f in validate(case)}
    assert "PLAN_OUTSIDE_PROGRAMMES" not in codes
    assert "SCHEDULE_OVER" not in codes
    assert allowed_fee(case, twelve.schedule) == Decimal("761.20")


@pytest.mark.django_db
def test_a_plan_above_the_amount_due_without_a_programme_fee_is_over():
    case = CaseFactory(lender=LenderFactory(), amount_due=Decimal("1000.00"))
    PaymentFactory(case=case, due_on=TODAY + dt.timedelta(days=45), amount=Decimal("1015.00"))
    codes = {f.code for f in validate(case)}
    assert "SCHEDULE_OVER" in codes


@pytest.mark.django_db
def test_matching_programme_counts_payments():
    case = huabei_case()
    one = Schedule(payments=(ScheduledPayment(due_on=TODAY, amount=Decimal("8650.00")),))
    assert matching_programme(case, one).kind == LenderProgramme.Kind.DEFERRAL
    three = Schedule(
        payments=tuple(
            ScheduledPayment(due_on=TODAY + dt.timedelta(days=31 * i), amount=Decimal("1")) for i in range(3)
        )
    )
    assert matching_programme(case, three).periods == 3
    assert matching_programme(case, Schedule(payments=())) is None


@pytest.mark.django_db
def test_an_inactive_programme_is_not_offered():
    LenderProgramme.objects.filter(lender__slug="huabei", periods=12).update(is_active=False)
    options = repayment_options(huabei_case(), today=TODAY)
    assert all(o.periods != 12 for o in options.options)


@pytest.mark.django_db
def test_huabei_example_letter_and_scripts_ask_for_the_waiver_and_name_the_12_period_fallback():
    from requests_app.services import scripts

    case = huabei_case()
    for payment in suggest_schedule_for_case(case):
        PaymentFactory(case=case, due_on=payment.due_on, amount=payment.amount)
    letter = scripts.letter_text(case=case, language="zh-hans")
    body = "".join(letter.paragraphs)
    with translation.override("zh-hans"):
        waiver, written = waiver_sentences(), waiver_request()
    # The letter asks in writing (减免罚息、停止计收), the script aloud: the same ask in two registers.
    assert written in body and not any(sentence in body for sentence in waiver)
    assert "¥8,650.00" in body and "¥8,779.75" not in body
    phone = scripts.build_script(case=case, channel="phone", language="zh-hans")
    assert set(waiver) <= set(phone.section("request").lines)
    fallback = phone.section("if_refused").lines[0]
    assert fallback == words(
        "If my plan is not possible, could I use your %(count)s-period installment instead, about "
        "%(amount)s a month?",
        count=12,
        amount="¥784.27",
    )
