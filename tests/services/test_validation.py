import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Prefetch
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests_app.models import Case, Lender, Payment
from requests_app.services import validation
from requests_app.services.budget import prefetch_household_plans
from requests_app.services.finances import case_monthly_offer
from requests_app.services.findings import Severity, Step, has_errors
from requests_app.services.formatting import day_count
from requests_app.services.schedule import NoScheduleFits, ScheduledPayment, suggest_schedule_for_case
from requests_app.services.validation import RULES, validate
from requests_app.services.versions import plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, attach_budget
from tests.wording import words

TODAY = dt.date(2026, 5, 1)
D = Decimal


def make_lender(**overrides):
    fields = {
        "slug": "test",
        "name_zh": "测试贷",
        "name_en": "Test Loans",
        "kind": Lender.Kind.CONSUMER_LOAN,
        "daily_overdue_rate": D("0.000500"),
        "max_deferral_days": 90,
        "max_installment_months": 12,
    }
    fields.update(overrides)
    return Lender(**fields)


def make_case(**overrides):
    """A complete, consistent unsaved case: ¥3,000 due 10 May 2026, 30 days' deferral (to 9 June), capacity
    ¥1,200; the plan repays the ¥3,000 due (the estimated ¥45 of overdue charges are never part of it)."""
    fields = {
        "lender": make_lender(),
        "amount_due": D("3000.00"),
        "due_date": dt.date(2026, 5, 10),
        "repayment_mode": Case.RepaymentMode.FULL,
        "requested_deferral_days": 30,
        "hardship_category": Case.HardshipCategory.JOB_LOSS,
        "hardship_since": dt.date(2026, 3, 20),
        "hardship_expected_end": dt.date(2026, 7, 1),
        "hardship_narrative": "公司裁员，我三月份失业了，正在找工作，下个月有一份新工作可以入职。",
    }
    finances = {
        "monthly_income": D("4000.00"),
        "essential_expenses": D("2500.00"),
        "other_debt_payments": D("300.00"),
    }
    for name in list(finances):
        if name in overrides:
            finances[name] = overrides.pop(name)
    fields.update(overrides)
    return attach_budget(Case(**fields), **finances)


def pay(*rows):
    return [ScheduledPayment(due_on=d, amount=D(a)) for d, a in rows]


GOOD = pay(
    (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "1000.00")
)


def codes(case=None, *, payments=GOOD, today=TODAY):
    return [f.code for f in validate(case or make_case(), today=today, payments=payments)]


def finding(code, case=None, *, payments=GOOD, today=TODAY):
    (match,) = [f for f in validate(case or make_case(), today=today, payments=payments) if f.code == code]
    return match


def test_a_complete_consistent_case_has_no_findings():
    assert codes() == []


def test_a_blank_draft_lists_what_is_missing_as_errors():
    found = validate(Case(), today=TODAY)
    assert {f.code for f in found} >= {
        "LENDER_MISSING",
        "AMOUNT_DUE_MISSING",
        "DUE_DATE_MISSING",
        "REPAYMENT_MODE_MISSING",
        "DEFERRAL_MISSING",
        "FINANCES_MISSING",
        "HARDSHIP_CATEGORY_MISSING",
        "HARDSHIP_NARRATIVE_MISSING",
        "SCHEDULE_MISSING",
    }
    assert has_errors(found)
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_every_finding_follows_its_registry_entry_and_names_model_fields():
    model_fields = {field.name for field in Case._meta.get_fields()}
    cases = [Case(), make_case(amount_due=D("0"), installments_total=3, hardship_since=dt.date(2027, 1, 1))]
    for case in cases:
        for f in validate(case, today=TODAY, payments=pay((dt.date(2026, 4, 1), "5000"))):
            assert f.severity == RULES[f.code].severity
            assert f.step == RULES[f.code].step
            assert f.step in set(Step)
            assert f.fields and set(f.fields) <= model_fields
            assert re.fullmatch(r"[A-Z][A-Z_]+", f.code)


def test_every_code_is_documented_in_the_module_docstring():
    documented = set(re.findall(r"^- ([A-Z_]+) · (error|warning|info) · (\w+)", validation.__doc__, re.M))
    assert {(code, rule.severity.value, rule.step.value) for code, rule in RULES.items()} == documented


def test_messages_and_hints_are_translated_in_both_languages():
    case = make_case(amount_due=D("0"), installments_total=3, hardship_since=dt.date(2027, 1, 1), lender=None)
    for language, pattern in (("zh-hans", r"[\u4e00-\u9fff]"), ("en", r"^[^\u4e00-\u9fff]*$")):
        with translation.override(language):
            for f in validate(case, today=TODAY, payments=pay((dt.date(2026, 4, 1), "5000"))):
                assert re.search(pattern, f.message), (language, f.code, f.message)
                assert re.search(pattern, f.hint), (language, f.code, f.hint)


# The bill -------------------------------------------------------------------------------------------


def test_zero_amount_due_is_an_error_and_one_cent_is_not():
    assert "AMOUNT_DUE_NOT_POSITIVE" in codes(make_case(amount_due=D("0")))
    assert "AMOUNT_DUE_NOT_POSITIVE" not in codes(make_case(amount_due=D("0.01")))


def test_no_deferral_requested_is_an_error_but_zero_days_is_an_answer():
    assert "DEFERRAL_MISSING" in codes(make_case(requested_deferral_days=None))
    assert "DEFERRAL_MISSING" not in codes(make_case(requested_deferral_days=0))


# Repayment mode --------------------------------------------------------------------------------------


def installments(**overrides):
    fields = {
        "repayment_mode": Case.RepaymentMode.INSTALLMENTS,
        "installments_total": 6,
        "installments_remaining": 3,
        "installment_amount": D("1000.00"),
    }
    fields.update(overrides)
    return make_case(**fields)


def test_complete_consistent_installments_have_no_mode_findings():
    assert codes(installments()) == []


def test_installments_with_a_missing_field_name_that_field():
    f = finding("INSTALLMENT_FIELDS_MISSING", installments(installment_amount=None))
    assert f.fields == ("installment_amount",)
    assert f.severity == Severity.ERROR


def test_installment_fields_on_a_full_repayment_are_an_error():
    assert "INSTALLMENT_FIELDS_UNEXPECTED" in codes(make_case(installments_remaining=2))
    assert "INSTALLMENT_FIELDS_UNEXPECTED" not in codes(make_case())


def test_more_periods_remaining_than_in_total_is_an_error():
    assert "INSTALLMENTS_REMAINING_ABOVE_TOTAL" in codes(
        installments(installments_total=2, installments_remaining=3)
    )
    assert "INSTALLMENTS_REMAINING_ABOVE_TOTAL" not in codes(installments(installments_total=3))


def test_per_period_times_remaining_may_differ_from_the_amount_by_one_yuan_per_period():
    assert "INSTALLMENTS_INCONSISTENT" not in codes(installments(installment_amount=D("1001.00")))
    assert "INSTALLMENTS_INCONSISTENT" not in codes(installments(installment_amount=D("999.00")))
    assert "INSTALLMENTS_INCONSISTENT" in codes(installments(installment_amount=D("1001.01")))
    with translation.override("en"):
        f = finding("INSTALLMENTS_INCONSISTENT", installments(installment_amount=D("1100.00")))
    assert "¥3,300.00" in f.message and "¥300.00" in f.message
    assert f.severity == Severity.WARNING


# Hardship -------------------------------------------------------------------------------------------


def test_narrative_missing_or_blank_is_an_error():
    assert "HARDSHIP_NARRATIVE_MISSING" in codes(make_case(hardship_narrative="   \n"))


def test_chinese_narrative_needs_twenty_characters_not_counting_spaces():
    assert "HARDSHIP_NARRATIVE_SHORT" in codes(make_case(hardship_narrative="我" * 19 + "   "))
    assert "HARDSHIP_NARRATIVE_SHORT" not in codes(make_case(hardship_narrative="我" * 20))


def test_narrative_in_other_scripts_needs_sixty_characters():
    assert "HARDSHIP_NARRATIVE_SHORT" in codes(make_case(hardship_narrative="a" * 59))
    assert "HARDSHIP_NARRATIVE_SHORT" not in codes(make_case(hardship_narrative="a" * 60))


def test_a_missing_category_is_an_error():
    assert "HARDSHIP_CATEGORY_MISSING" in codes(make_case(hardship_category=""))


def test_hardship_may_start_today_but_not_tomorrow():
    assert "HARDSHIP_SINCE_IN_FUTURE" not in codes(make_case(hardship_since=TODAY))
    assert "HARDSHIP_SINCE_IN_FUTURE" in codes(make_case(hardship_since=TODAY + dt.timedelta(days=1)))
    assert "HARDSHIP_SINCE_MISSING" in codes(make_case(hardship_since=None))


def test_expected_end_must_come_after_the_start():
    since = dt.date(2026, 3, 20)
    assert "HARDSHIP_END_NOT_AFTER_SINCE" in codes(make_case(hardship_expected_end=since))
    assert "HARDSHIP_END_NOT_AFTER_SINCE" not in codes(
        make_case(hardship_expected_end=since + dt.timedelta(days=1))
    )
    assert "HARDSHIP_END_NOT_AFTER_SINCE" not in codes(make_case(hardship_expected_end=None))


# Finances -------------------------------------------------------------------------------------------


def test_nothing_left_in_the_budget_is_a_warning_with_a_token_offer_and_one_cent_is_not():
    zero = make_case(monthly_income=D("2800.00"))
    f = finding("CAPACITY_NOT_POSITIVE", zero)
    assert f.severity == Severity.WARNING
    assert "¥50.00" in f.message
    assert case_monthly_offer(zero) == D("50.00")
    assert "CAPACITY_NOT_POSITIVE" not in codes(make_case(monthly_income=D("2800.01")))
    assert "CAPACITY_NOT_POSITIVE" in codes(make_case(monthly_income=D("1000.00")))


def test_a_household_budget_is_required():
    f = finding("FINANCES_MISSING", make_case(monthly_income=None, essential_expenses=None))
    assert f.severity == Severity.ERROR
    assert "FINANCES_MISSING" not in codes(make_case(other_debt_payments=None))


# Schedule -------------------------------------------------------------------------------------------


def test_no_payments_is_an_error():
    assert "SCHEDULE_MISSING" in codes(payments=[])


def test_a_schedule_one_cent_short_of_the_amount_due_is_an_error():
    short = pay(
        (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "999.99")
    )
    assert "SCHEDULE_SHORT" in codes(payments=short)


def test_schedule_short_message_uses_the_cases_figures():
    short = pay(
        (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "700.00")
    )
    with translation.override("zh-hans"):
        f = finding("SCHEDULE_SHORT", payments=short)
    assert f.message == words(
        "Your plan adds up to %(total)s, %(shortfall)s less than the %(amount)s you owe.",
        total="¥2,700.00",
        shortfall="¥300.00",
        amount="¥3,000.00",
    )
    assert "¥300.00" in f.hint


def test_the_amount_due_is_enough_and_estimated_charges_are_never_required():
    exact = pay(
        (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "1000.00")
    )
    assert codes(payments=exact) == []
    with_charges = pay(
        (dt.date(2026, 6, 9), "1015.00"), (dt.date(2026, 7, 9), "1015.00"), (dt.date(2026, 8, 9), "1015.00")
    )
    assert codes(payments=with_charges) == ["SCHEDULE_OVER"]
    assert "SCHEDULE_MISSES_CHARGES" not in RULES


def test_without_a_known_rate_the_amount_due_is_enough_and_the_charges_are_an_open_question():
    case = make_case(lender=make_lender(daily_overdue_rate=None))
    exact = pay(
        (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "1000.00")
    )
    assert codes(case, payments=exact) == ["CHARGES_UNKNOWN"]


def test_a_schedule_one_cent_over_is_a_warning():
    over = pay(
        (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "1000.01")
    )
    assert codes(payments=over) == ["SCHEDULE_OVER"]


def test_a_payment_of_zero_is_an_error():
    rows = [*GOOD, ScheduledPayment(due_on=dt.date(2026, 9, 9), amount=D("0"))]
    assert "PAYMENT_NOT_POSITIVE" in codes(payments=rows)


def test_two_payments_on_one_date_are_an_error():
    rows = pay(
        (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 6, 9), "1000.00"), (dt.date(2026, 8, 9), "1000.00")
    )
    assert "PAYMENT_DATE_REPEATED" in codes(payments=rows)


def test_a_payment_yesterday_is_an_error_and_today_is_fine():
    case = make_case(due_date=dt.date(2026, 4, 1), requested_deferral_days=0)
    yesterday = pay(
        (TODAY - dt.timedelta(days=1), "1000"), (dt.date(2026, 5, 20), "1000"), (dt.date(2026, 6, 20), "1015")
    )
    today = pay((TODAY, "1000"), (dt.date(2026, 5, 20), "1000"), (dt.date(2026, 6, 20), "1000"))
    assert "PAYMENT_IN_PAST" in codes(case, payments=yesterday)
    assert "PAYMENT_IN_PAST" not in codes(case, payments=today)


def test_the_first_payment_may_not_come_before_the_deferral_ends():
    early = pay(
        (dt.date(2026, 6, 8), "1000.00"), (dt.date(2026, 7, 9), "1000.00"), (dt.date(2026, 8, 9), "1000.00")
    )
    f = finding("FIRST_PAYMENT_BEFORE_DEFERRAL_END", payments=early)
    assert f.fields == ("payments", "requested_deferral_days")
    assert "FIRST_PAYMENT_BEFORE_DEFERRAL_END" not in codes()


def test_the_first_payment_may_come_up_to_31_days_after_the_deferral_ends():
    end = dt.date(2026, 6, 9)
    on_time = pay((end + dt.timedelta(days=31), "1522.50"), (dt.date(2026, 8, 10), "1522.50"))
    late = pay((end + dt.timedelta(days=32), "1522.50"), (dt.date(2026, 8, 11), "1522.50"))
    assert "FIRST_PAYMENT_LONG_AFTER_DEFERRAL" not in codes(payments=on_time)
    assert "FIRST_PAYMENT_LONG_AFTER_DEFERRAL" in codes(payments=late)


def test_when_the_deferral_end_has_passed_the_first_payment_is_measured_from_today():
    case = make_case(due_date=dt.date(2026, 3, 1), requested_deferral_days=30)
    on_time = pay((TODAY + dt.timedelta(days=31), "1522.50"), (TODAY + dt.timedelta(days=60), "1522.50"))
    late = pay((TODAY + dt.timedelta(days=32), "1522.50"), (TODAY + dt.timedelta(days=60), "1522.50"))
    assert "FIRST_PAYMENT_LONG_AFTER_DEFERRAL" not in codes(case, payments=on_time)
    assert "FIRST_PAYMENT_LONG_AFTER_DEFERRAL" in codes(case, payments=late)
    assert "FIRST_PAYMENT_BEFORE_DEFERRAL_END" not in codes(case, payments=on_time)


def test_a_month_at_capacity_is_fine_and_one_cent_more_is_an_error():
    at = pay(
        (dt.date(2026, 6, 9), "1200.00"), (dt.date(2026, 7, 9), "1200.00"), (dt.date(2026, 8, 9), "600.00")
    )
    over = pay(
        (dt.date(2026, 6, 9), "1200.01"), (dt.date(2026, 7, 9), "1200.00"), (dt.date(2026, 8, 9), "599.99")
    )
    assert codes(payments=at) == []
    assert codes(payments=over) == ["PAYMENT_OVER_CAPACITY"]


def test_two_payments_in_one_month_count_together_against_capacity():
    rows = pay(
        (dt.date(2026, 6, 9), "700.00"), (dt.date(2026, 6, 25), "700.00"), (dt.date(2026, 7, 9), "1600.00")
    )
    with translation.override("en"):
        f = finding("PAYMENT_OVER_CAPACITY", payments=rows)
    assert "¥1,600.00" in f.message and "July 2026" in f.message


# Lender limits --------------------------------------------------------------------------------------


def test_deferral_at_the_lenders_limit_is_fine_and_one_day_more_is_a_warning():
    at = make_case(requested_deferral_days=90, lender=make_lender(daily_overdue_rate=None))
    over = make_case(requested_deferral_days=91, lender=make_lender(daily_overdue_rate=None))
    late_start = pay(
        (dt.date(2026, 8, 9), "1000"), (dt.date(2026, 9, 9), "1000"), (dt.date(2026, 10, 9), "1000")
    )
    assert "DEFERRAL_OVER_LENDER_LIMIT" not in codes(at, payments=late_start)
    assert "DEFERRAL_OVER_LENDER_LIMIT" in codes(over, payments=late_start)
    assert finding("DEFERRAL_OVER_LENDER_LIMIT", over, payments=late_start).severity == Severity.WARNING


def test_an_unknown_deferral_limit_is_information_to_check_with_the_lender():
    f = finding("DEFERRAL_LIMIT_UNKNOWN", make_case(lender=make_lender(max_deferral_days=None)))
    assert f.severity == Severity.INFO


def monthly(count, amount, start=dt.date(2026, 6, 9)):
    from requests_app.services.schedule import add_months

    return [ScheduledPayment(due_on=add_months(start, i), amount=D(amount)) for i in range(count)]


def test_a_term_at_the_lenders_limit_is_fine_and_one_month_more_is_a_warning():
    case = make_case(amount_due=D("1200.00"), requested_deferral_days=0)
    assert codes(case, payments=monthly(12, "100.00")) == []
    case = make_case(amount_due=D("1300.00"), requested_deferral_days=0)
    assert codes(case, payments=monthly(13, "100.00")) == ["TERM_OVER_LENDER_LIMIT"]


def test_an_unknown_term_limit_is_information():
    assert codes(make_case(lender=make_lender(max_installment_months=None))) == ["TERM_LIMIT_UNKNOWN"]


# Urgency --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "code"), [(4, None), (3, "DUE_SOON"), (0, "DUE_SOON"), (-1, "DUE_DATE_PASSED")]
)
def test_urgency_three_days_before_the_due_date_and_after_it(days, code):
    case = make_case(due_date=TODAY + dt.timedelta(days=days), requested_deferral_days=40)
    found = {f.code for f in validate(case, today=TODAY, payments=GOOD)} & {"DUE_SOON", "DUE_DATE_PASSED"}
    assert found == ({code} if code else set())


def test_overdue_message_says_how_many_days():
    case = make_case(due_date=TODAY - dt.timedelta(days=5), requested_deferral_days=40)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert day_count(5) in finding("DUE_DATE_PASSED", case).message


# Consistency across contacts (database) -------------------------------------------------------------


@pytest.mark.django_db
def test_a_plan_changed_since_the_last_contact_is_a_warning_saying_what_changed():
    today = timezone.localdate()
    case = CaseFactory(due_date=today + dt.timedelta(days=10), requested_deferral_days=30)
    start = today + dt.timedelta(days=40)
    for i in range(3):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=30 * i), amount=D("1000.00"))
    version = plan_version_record(case=case)
    ContactAttemptFactory(case=case, plan_version=version)
    assert "PLAN_CHANGED_SINCE_CONTACT" not in [f.code for f in validate(case)]
    Payment.objects.filter(case=case).update(amount=D("1100.00"))
    with translation.override("en"):
        f = next(f for f in validate(case) if f.code == "PLAN_CHANGED_SINCE_CONTACT")
    assert f.fields == ("payments",)
    assert "¥3,000.00 → ¥3,300.00" in f.message


@pytest.mark.django_db
def test_explicit_payments_are_compared_with_the_presented_plan():
    case = CaseFactory()
    PaymentFactory(case=case, amount=D("3045.00"))
    version = plan_version_record(case=case)
    ContactAttemptFactory(case=case, plan_version=version)
    form_rows = [Payment(due_on=timezone.localdate() + dt.timedelta(days=45), amount=D("3045.00"))]
    assert "PLAN_CHANGED_SINCE_CONTACT" in [f.code for f in validate(case, payments=form_rows)]


@pytest.mark.django_db
def test_validating_prefetched_cases_makes_no_queries_per_case(django_assert_num_queries):
    for n in range(4):
        case = CaseFactory()
        for i in range(n + 1):
            PaymentFactory(case=case, due_on=timezone.localdate() + dt.timedelta(days=40 + 31 * i))
        version = plan_version_record(case=case)
        for _ in range(n):
            ContactAttemptFactory(case=case, plan_version=version)
    cases = Case.objects.select_related("lender").prefetch_related(
        "lender__programmes", "payments", "contacts", Prefetch("plan_versions")
    )
    with django_assert_num_queries(5 + 3):  # the cases and their relations, then the household plans
        results = [validate(case) for case in prefetch_household_plans(cases)]
    assert len(results) == 4


def test_validate_reads_relations_only_through_all():
    source = "".join(path.read_text() for path in Path(validation.__file__).parent.glob("*.py"))
    assert not re.search(
        r"\.(payments|contacts|plan_versions)\.(filter|latest|get|exclude|order_by)\(", source
    )
    assert "objects" not in source


# Layering -------------------------------------------------------------------------------------------

SERVICES = Path(validation.__file__).parent.parent
MINE = ["findings", "formatting", "finances", "schedule", "costs", "validation", "versions", "assessment"]


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")


def test_no_service_imports_the_apps_views_or_forms():
    for path in SERVICES.rglob("*.py"):
        for module in imported_modules(path):
            if module.startswith(("requests_app", ".")):
                parts = module.lstrip(".").split(".")
                assert "views" not in parts and "forms" not in parts, (path.name, module)


def test_the_rule_services_import_no_views_forms_templates_or_http():
    banned = ("django.template", "django.shortcuts", "django.http", "django.views", "django.forms")
    paths = [path for name in MINE for path in (*SERVICES.glob(f"{name}.py"), *SERVICES.glob(f"{name}/*.py"))]
    assert len(paths) >= len(MINE)
    for path in paths:
        for module in imported_modules(path):
            assert not module.startswith(banned), (path.name, module)


# Properties -----------------------------------------------------------------------------------------

money_or_none = st.none() | st.decimals(min_value=D("0"), max_value=D("9999999999.99"), places=2)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2200, 12, 31))
dates_or_none = st.none() | dates
lenders = st.none() | st.builds(
    make_lender,
    daily_overdue_rate=st.none() | st.decimals(min_value=D("0"), max_value=D("0.999999"), places=6),
    max_deferral_days=st.none() | st.integers(0, 32767),
    max_installment_months=st.none() | st.integers(0, 32767),
)
payment_lists = st.lists(
    st.builds(
        ScheduledPayment,
        due_on=dates,
        amount=st.decimals(min_value=D("-100"), max_value=D("9999999999.99"), places=2),
    ),
    max_size=8,
)


@st.composite
def any_case(draw):
    finances = {
        "monthly_income": draw(money_or_none),
        "essential_expenses": draw(money_or_none),
        "other_debt_payments": draw(money_or_none),
    }
    case = Case(
        lender=draw(lenders),
        amount_due=draw(money_or_none),
        due_date=draw(dates_or_none),
        repayment_mode=draw(st.sampled_from(["", "full", "installments"])),
        installments_total=draw(st.none() | st.integers(0, 32767)),
        installments_remaining=draw(st.none() | st.integers(0, 32767)),
        installment_amount=draw(money_or_none),
        hardship_category=draw(st.sampled_from(["", *Case.HardshipCategory.values])),
        hardship_since=draw(dates_or_none),
        hardship_expected_end=draw(dates_or_none),
        hardship_narrative=draw(st.text(max_size=80)),
        requested_deferral_days=draw(st.none() | st.integers(0, 32767)),
    )
    return attach_budget(case, **finances)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=any_case(), payments=payment_lists, today=dates, language=st.sampled_from(["zh-hans", "en"]))
def test_validate_never_raises_on_valid_typed_input(case, payments, today, language):
    with translation.override(language):
        found = validate(case, today=today, payments=payments)
    assert all(f.code in RULES for f in found)


@st.composite
def plannable_case(draw):
    """A case with an amount, a due date and a positive capacity, so a schedule can usually be suggested
    (with `any_case` almost every example stops at a missing figure and the property checks nothing)."""
    positive = st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2)
    expenses = draw(st.decimals(min_value=D("0"), max_value=D("999999.99"), places=2))
    other = draw(st.none() | st.decimals(min_value=D("0"), max_value=D("99999.99"), places=2))
    case = Case(
        lender=draw(lenders),
        amount_due=draw(positive),
        due_date=draw(dates),
        repayment_mode=draw(st.sampled_from(["", "full", "installments"])),
        hardship_category=draw(st.sampled_from(["", *Case.HardshipCategory.values])),
        hardship_narrative=draw(st.text(max_size=80)),
        requested_deferral_days=draw(st.none() | st.integers(0, 32767)),
    )
    return attach_budget(
        case,
        monthly_income=expenses + (other or 0) + draw(positive),
        essential_expenses=expenses,
        other_debt_payments=other,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=plannable_case(), today=dates)
def test_validate_reports_no_error_about_a_schedule_it_suggested(case, today):
    try:
        suggestion = suggest_schedule_for_case(case, today=today)
    except NoScheduleFits:
        return
    schedule_errors = [
        f.code
        for f in validate(case, today=today, payments=suggestion.payments)
        if f.severity == Severity.ERROR and "payments" in f.fields
    ]
    assert schedule_errors == []
