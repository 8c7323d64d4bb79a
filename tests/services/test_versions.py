import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models import Prefetch
from django.utils import timezone, translation

from requests_app.models import Case, Payment, PlanVersion
from requests_app.services import versions
from requests_app.services.budget import prefetch_household_plans
from requests_app.services.formatting import day_count
from requests_app.services.versions import (
    PlanChange,
    change_model_fields,
    changes_since_last_contact,
    latest_plan_version,
    plan_changes,
    plan_snapshot,
    plan_version_record,
    snapshot_hash,
)
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def _case_with_plan():
    case = CaseFactory(
        amount_due=Decimal("3000.00"), due_date=dt.date(2026, 12, 10), requested_deferral_days=30
    )
    PaymentFactory(case=case, due_on=dt.date(2027, 1, 9), amount=Decimal("1500.00"))
    PaymentFactory(case=case, due_on=dt.date(2027, 2, 9), amount=Decimal("1500.00"))
    return case


def test_snapshot_is_plain_json_data_with_iso_dates_and_decimal_strings():
    case = _case_with_plan()
    snapshot = plan_snapshot(case)
    assert snapshot["amount_due"] == "3000.00"
    assert snapshot["due_date"] == "2026-12-10"
    assert snapshot["deferral_end"] == "2027-01-09"
    assert snapshot["payments"] == [
        {"due_on": "2027-01-09", "amount": "1500.00"},
        {"due_on": "2027-02-09", "amount": "1500.00"},
    ]
    assert snapshot["monthly_capacity"] == "1200.00"
    assert "hardship_narrative" not in snapshot


def test_snapshot_of_an_unsaved_case_takes_payments_explicitly(django_assert_num_queries):
    case = Case(amount_due=Decimal("10"), repayment_mode="full")
    with django_assert_num_queries(0):
        snapshot = plan_snapshot(case, payments=[Payment(due_on=dt.date(2027, 1, 1), amount=Decimal("10"))])
    assert snapshot["payments"] == [{"due_on": "2027-01-01", "amount": "10.00"}]
    assert plan_snapshot(Case())["payments"] == []


def test_the_hash_depends_on_content_not_key_order():
    assert snapshot_hash({"a": 1, "b": "2"}) == snapshot_hash({"b": "2", "a": 1})
    assert snapshot_hash({"a": 1}) != snapshot_hash({"a": 2})
    assert len(snapshot_hash({})) == 64


def test_first_record_creates_version_one():
    case = _case_with_plan()
    version = plan_version_record(case=case, by=case.owner)
    assert version.number == 1
    assert version.data == plan_snapshot(case)
    assert version.content_hash == snapshot_hash(plan_snapshot(case))
    assert version.created_by == case.owner


def test_an_unchanged_plan_creates_no_new_version():
    case = _case_with_plan()
    plan_version_record(case=case)
    assert plan_version_record(case=case) is None
    assert PlanVersion.objects.filter(case=case).count() == 1


def test_a_changed_plan_creates_the_next_version():
    case = _case_with_plan()
    plan_version_record(case=case)
    Payment.objects.filter(case=case).update(amount=Decimal("1600.00"))
    version = plan_version_record(case=case)
    assert version.number == 2
    assert latest_plan_version(case) == version


def test_record_reads_fresh_payments_even_after_a_prefetch():
    case = _case_with_plan()
    case = Case.objects.prefetch_related("payments", "plan_versions").get(pk=case.pk)
    plan_version_record(case=case)
    PaymentFactory(case=case, due_on=dt.date(2027, 3, 9), amount=Decimal("10.00"))
    version = plan_version_record(case=case)
    assert version is not None
    assert len(version.data["payments"]) == 3


def test_record_retries_when_another_save_took_the_number(monkeypatch):
    case = _case_with_plan()
    real_save = PlanVersion.save
    calls = {"count": 0}

    def clashing_save(self, *args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            raise IntegrityError("plan_version_number_unique_per_case")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(PlanVersion, "save", clashing_save)
    version = plan_version_record(case=case)
    assert version.number == 1
    assert calls["count"] == 2


def test_record_gives_up_after_repeated_clashes(monkeypatch):
    case = _case_with_plan()

    def always_clash(self, *args, **kwargs):
        raise IntegrityError("clash")

    monkeypatch.setattr(PlanVersion, "save", always_clash)
    with pytest.raises(IntegrityError):
        plan_version_record(case=case)


def test_recording_an_unsaved_case_is_refused():
    with pytest.raises(ValueError):
        plan_version_record(case=Case())


def _snapshot(**changes):
    base = {
        "amount_due": "3000.00",
        "due_date": "2026-12-10",
        "repayment_mode": "full",
        "installments_total": None,
        "installments_remaining": None,
        "installment_amount": None,
        "requested_deferral_days": 30,
        "deferral_end": "2027-01-09",
        "payments": [
            {"due_on": "2027-01-09", "amount": "1500.00"},
            {"due_on": "2027-02-09", "amount": "1500.00"},
        ],
        "monthly_income": "4000.00",
        "essential_expenses": "2500.00",
        "other_debt_payments": "300.00",
        "monthly_capacity": "1200.00",
        "hardship_category": "job_loss",
        "hardship_since": "2026-10-01",
        "hardship_expected_end": "2027-02-01",
    }
    base.update(changes)
    return base


def test_identical_snapshots_have_no_changes():
    assert plan_changes(old=_snapshot(), new=_snapshot()) == []


def test_changes_name_the_amount_term_monthly_amount_and_payoff_date_in_readable_form():
    new = _snapshot(
        amount_due="3300.00",
        payments=[
            {"due_on": "2027-01-09", "amount": "1100.00"},
            {"due_on": "2027-02-09", "amount": "1100.00"},
            {"due_on": "2027-03-09", "amount": "1100.00"},
        ],
    )
    with translation.override("en"):
        changes = {change.field: change for change in plan_changes(old=_snapshot(), new=new)}
    assert set(changes) == {"amount_due", "schedule_total", "term", "monthly_amount", "payoff_date"}
    assert changes["amount_due"] == PlanChange("amount_due", "Amount due", "¥3,000.00", "¥3,300.00")
    assert (changes["term"].old, changes["term"].new) == ("2 months", "3 months")
    assert (changes["monthly_amount"].old, changes["monthly_amount"].new) == ("¥1,500.00", "¥1,100.00")
    assert changes["payoff_date"].new == "9 Mar 2027"


def test_changes_in_chinese_read_in_chinese():
    with translation.override("zh-hans"):
        changes = plan_changes(
            old=_snapshot(), new=_snapshot(requested_deferral_days=60, deferral_end="2027-02-08")
        )
    (change,) = [c for c in changes if c.field == "requested_deferral_days"]
    assert (change.old, change.new) == (day_count(30, language="zh-hans"), day_count(60, language="zh-hans"))
    assert change.label != "Deferral requested"


def test_moving_a_middle_payment_is_reported_as_a_change_of_the_payments():
    old = _snapshot(payments=[{"due_on": f"2027-0{m}-09", "amount": "1000.00"} for m in (1, 2, 3)])
    new = _snapshot(
        payments=[
            {"due_on": "2027-01-09", "amount": "1000.00"},
            {"due_on": "2027-02-15", "amount": "1000.00"},
            {"due_on": "2027-03-09", "amount": "1000.00"},
        ]
    )
    changes = plan_changes(old=old, new=new)
    assert [change.field for change in changes] == ["payments"]
    assert change_model_fields(changes[0]) == ("payments",)


def test_unequal_payments_show_as_a_range():
    new = _snapshot(
        payments=[
            {"due_on": "2027-01-09", "amount": "1000.00"},
            {"due_on": "2027-02-09", "amount": "2000.00"},
        ]
    )
    with translation.override("en"):
        (change,) = [c for c in plan_changes(old=_snapshot(), new=new) if c.field == "monthly_amount"]
    assert change.new == "¥1,000.00 to ¥2,000.00"


def test_an_emptied_schedule_and_missing_values_read_as_not_given():
    with translation.override("en"):
        changes = {
            c.field: c for c in plan_changes(old=_snapshot(), new=_snapshot(payments=[], due_date=None))
        }
    assert changes["due_date"].new == "not given"
    assert changes["schedule_total"].new == "not given"


def test_hardship_and_capacity_changes_are_labelled():
    new = _snapshot(monthly_income="3000.00", monthly_capacity="200.00", hardship_category="illness")
    with translation.override("en"):
        changes = {c.field: c for c in plan_changes(old=_snapshot(), new=new)}
    assert changes["hardship_category"].new == "Illness or injury"
    assert change_model_fields(changes["monthly_capacity"]) == ("offer_override",)
    assert changes["monthly_capacity"].label == "Monthly offer to this lender"


def test_no_changes_since_contact_when_there_was_no_contact():
    case = _case_with_plan()
    assert changes_since_last_contact(case) == []
    assert changes_since_last_contact(Case()) == []


def test_changes_since_the_version_presented_at_the_latest_contact():
    case = _case_with_plan()
    first = plan_version_record(case=case)
    ContactAttemptFactory(case=case, plan_version=first, occurred_at=timezone.now() - dt.timedelta(days=2))
    assert changes_since_last_contact(case) == []
    Payment.objects.filter(case=case, due_on=dt.date(2027, 2, 9)).update(due_on=dt.date(2027, 3, 9))
    fields = [change.field for change in changes_since_last_contact(case)]
    assert fields == ["term", "payoff_date"]


def test_the_latest_contact_that_presented_a_version_counts():
    case = _case_with_plan()
    first = plan_version_record(case=case)
    case.amount_due = Decimal("2900.00")
    case.save()
    second = plan_version_record(case=case)
    now = timezone.now()
    ContactAttemptFactory(case=case, plan_version=first, occurred_at=now - dt.timedelta(days=3))
    ContactAttemptFactory(case=case, plan_version=second, occurred_at=now - dt.timedelta(days=2))
    ContactAttemptFactory(case=case, plan_version=None, occurred_at=now - dt.timedelta(days=1))
    assert changes_since_last_contact(case) == []


def test_a_corrected_contact_gives_way_to_its_correction():
    case = _case_with_plan()
    first = plan_version_record(case=case)
    case.amount_due = Decimal("2900.00")
    case.save()
    second = plan_version_record(case=case)
    when = timezone.now() - dt.timedelta(days=1)
    wrong = ContactAttemptFactory(case=case, plan_version=second, occurred_at=when)
    ContactAttemptFactory(
        case=case, plan_version=first, occurred_at=when - dt.timedelta(hours=1), corrects=wrong
    )
    assert [change.field for change in changes_since_last_contact(case)] == ["amount_due"]


def test_changes_since_contact_query_count_does_not_grow_with_the_data(django_assert_num_queries):
    for n in range(3):
        case = _case_with_plan()
        version = plan_version_record(case=case)
        for _ in range(n + 1):
            ContactAttemptFactory(case=case, plan_version=version)
        PaymentFactory(case=case, due_on=dt.date(2027, 6, 1), amount=Decimal("5.00"))
    cases = Case.objects.select_related("lender").prefetch_related(
        "payments", "contacts", Prefetch("plan_versions")
    )
    with django_assert_num_queries(4 + 3):  # the cases and their relations, then the household plans
        results = [changes_since_last_contact(case) for case in prefetch_household_plans(cases)]
    assert all(any(change.field == "schedule_total" for change in result) for result in results)


def test_versions_module_reads_relations_only_through_all():
    import inspect

    source = inspect.getsource(versions)
    for relation in ("payments", "contacts", "plan_versions"):
        assert f"case.{relation}.filter" not in source
        assert f"case.{relation}.latest" not in source
