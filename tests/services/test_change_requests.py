"""What a counselor asks to change, and the checklist that ticks itself as the borrower changes it."""

import datetime as dt
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
    assert "hardship" in keys and "hardship.hardship_since" in keys and "schedule.payments" in keys
    assert not any(key.startswith("review") for key in keys)


def test_unknown_keys_are_dropped_and_each_item_keeps_what_it_held():
    case = CaseFactory()
    items = requested_changes_record(case=case, keys=["hardship.hardship_since", "nope", "mode.owner"])
    assert [(i["step"], i["field"]) for i in items] == [("hardship", "hardship_since")]
    assert items[0]["was"]


def test_a_field_item_ticks_when_that_field_changes_and_a_step_item_when_any_of_its_fields_does():
    case = CaseFactory(status=Case.Status.READY)
    PaymentFactory(case=case)
    change = case_status_change(
        case=case,
        to_status=Case.Status.NEEDS_CHANGES,
        by=counselor("cr-counselor"),
        requested_changes=["hardship.hardship_since", "lender", "schedule.payments"],
    )
    assert [item.addressed for item in change_checklist(case=case, change=change)] == [False, False, False]

    case.hardship_narrative = "新的说明"  # same step, another field: the date item stays open
    case.account_hint = "9876"
    assert [item.addressed for item in change_checklist(case=case, change=change)] == [False, True, False]
    case.hardship_since = case.hardship_since - dt.timedelta(days=3)
    case.payments.update(amount=Decimal("12.00"))
    assert [item.addressed for item in change_checklist(case=case, change=change)] == [True, True, True]


def test_only_a_move_to_needs_changes_keeps_the_items():
    case = CaseFactory(status=Case.Status.DRAFT)
    change = case_status_change(case=case, to_status=Case.Status.READY, requested_changes=["finances"])
    assert StatusChange.objects.get(pk=change.pk).requested_changes == []
