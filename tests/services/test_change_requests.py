"""What a counselor asks to change, and the checklist that ticks itself as the borrower changes it."""

from decimal import Decimal

import pytest

from requests_app.models import Case, StatusChange
from requests_app.services.change_requests import (
    change_checklist,
    change_target_choices,
    requested_changes_record,
)
from requests_app.services.workflow import case_status_change
from tests.factories import CaseFactory, PaymentFactory, counselor

pytestmark = pytest.mark.django_db


def test_every_step_but_the_last_and_each_of_its_fields_can_be_named():
    keys = [key for key, _label in change_target_choices()]
    assert "finances" in keys and "finances.monthly_income" in keys and "schedule.payments" in keys
    assert not any(key.startswith("review") for key in keys)


def test_unknown_keys_are_dropped_and_each_item_keeps_what_it_held():
    case = CaseFactory()
    items = requested_changes_record(case=case, keys=["finances.monthly_income", "nope", "mode.owner"])
    assert [(i["step"], i["field"]) for i in items] == [("finances", "monthly_income")]
    assert items[0]["was"]


def test_a_field_item_ticks_when_that_field_changes_and_a_step_item_when_any_of_its_fields_does():
    case = CaseFactory(status=Case.Status.READY)
    PaymentFactory(case=case)
    change = case_status_change(
        case=case,
        to_status=Case.Status.NEEDS_CHANGES,
        by=counselor("cr-counselor"),
        requested_changes=["finances.monthly_income", "hardship", "schedule.payments"],
    )
    assert [item.addressed for item in change_checklist(case=case, change=change)] == [False, False, False]

    case.essential_expenses = Decimal("1.00")  # same step, another field: the income item stays open
    case.hardship_narrative = "新的说明"
    assert [item.addressed for item in change_checklist(case=case, change=change)] == [False, True, False]
    case.monthly_income = Decimal("9000.00")
    case.payments.update(amount=Decimal("12.00"))
    assert [item.addressed for item in change_checklist(case=case, change=change)] == [True, True, True]


def test_only_a_move_to_needs_changes_keeps_the_items():
    case = CaseFactory(status=Case.Status.DRAFT)
    change = case_status_change(case=case, to_status=Case.Status.READY, requested_changes=["finances"])
    assert StatusChange.objects.get(pk=change.pk).requested_changes == []
