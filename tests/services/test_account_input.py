"""What the service accepts as an account, card or phone number: the ways people write one, not markup."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from requests_app.models import Case
from requests_app.services.cases import case_create, case_step_save
from tests.factories import CaseFactory, LenderFactory, UserFactory

pytestmark = pytest.mark.django_db


def lender_step(account_hint):
    return {
        "lender": LenderFactory(),
        "account_hint": account_hint,
        "amount_due": Decimal("3000.00"),
        "due_date": timezone.localdate() + dt.timedelta(days=10),
    }


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("6222 0210 0000 4321", "4321"),
        ("138-0013-8000", "8000"),
        ("+86 (138) 0013 8000", "8000"),
        ("尾号：4321", "4321"),
        ("6222　0210", "0210"),  # an ideographic space from a Chinese keyboard
        ("", ""),
    ],
)
def test_the_ways_people_write_an_account_are_accepted_and_masked(typed, kept):
    case = CaseFactory()
    saved = case_step_save(
        case=case,
        step="lender",
        cleaned_data=lender_step(typed),
        expected_version=case.version,
        by=case.owner,
    )
    assert saved.case.account_hint == kept


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "1234'; DROP TABLE x", '4321"><b>', "12{3}4"])
def test_markup_and_stray_symbols_are_refused_on_the_account_field_and_nothing_is_saved(typed):
    case = CaseFactory(account_hint="9999")
    with pytest.raises(ValidationError) as refused:
        case_step_save(
            case=case,
            step="lender",
            cleaned_data=lender_step(typed),
            expected_version=case.version,
            by=case.owner,
        )
    assert set(refused.value.error_dict) == {"account_hint"}
    case.refresh_from_db()
    assert case.account_hint == "9999" and case.version == 1


def test_a_new_case_with_markup_in_the_account_is_not_created():
    owner = UserFactory()
    with pytest.raises(ValidationError):
        case_create(owner=owner, cleaned_data=lender_step("<img src=x>"))
    assert not Case.objects.filter(owner=owner).exists()
