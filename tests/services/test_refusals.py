"""Service refusals carry stable codes (tests and views match on them, not on the translated words), and
the one "too long" wording is the same in the forms and the services."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from requests_app.forms.fields import TOO_LONG
from requests_app.models import Case
from requests_app.services.cases import case_step_save
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.pdf import RefusedURL
from requests_app.services.refusals import CaseClosed, InvalidSchedule, Refusal, StaleCase
from requests_app.services.review import NotAReviewer
from requests_app.services.schedule import NoScheduleFits, ScheduledPayment, suggest_schedule
from requests_app.services.scripts import UnknownChannel
from requests_app.services.text_limits import NARRATIVE_MAX_LENGTH
from requests_app.services.wizard import payments_check, step_values
from requests_app.services.workflow import IllegalTransition, case_status_change
from tests.factories import CaseFactory, UserFactory

TODAY = dt.date(2026, 12, 1)


def codes_of(error: ValidationError) -> dict[str, list[str]]:
    return {field: [item.code for item in items] for field, items in error.error_dict.items()}


def test_every_refusal_class_has_its_own_stable_code():
    classes = [
        StaleCase,
        CaseClosed,
        InvalidSchedule,
        IllegalTransition,
        NotAReviewer,
        UnknownChannel,
        RefusedURL,
    ]
    codes = [cls.code for cls in classes]
    assert codes == [
        "stale_version",
        "case_closed",
        "invalid_schedule",
        "illegal_transition",
        "not_a_reviewer",
        "unknown_channel",
        "refused_url",
    ]
    assert all(issubclass(cls, Refusal) for cls in classes[:5])


def test_step_values_refuse_each_field_with_a_code():
    with pytest.raises(ValidationError) as refused:
        step_values(
            "mode",
            {"repayment_mode": "installments", "installments_total": 1, "installments_remaining": 3},
            today=TODAY,
        )
    assert codes_of(refused.value) == {
        "installment_amount": ["required"],
        "installments_total": ["periods_out_of_range"],
        "installments_remaining": ["periods_above_total"],
    }
    with pytest.raises(ValidationError) as refused:
        step_values(
            "hardship",
            {
                "hardship_since": TODAY + dt.timedelta(days=1),
                "hardship_narrative": "x" * (NARRATIVE_MAX_LENGTH + 1),
            },
            today=TODAY,
        )
    assert codes_of(refused.value) == {
        "hardship_since": ["date_in_future"],
        "hardship_narrative": ["max_length"],
    }
    with pytest.raises(ValidationError) as refused:
        step_values("lender", {"account_hint": "<b>1234</b>", "amount_due": Decimal("0")}, today=TODAY)
    assert codes_of(refused.value) == {
        "account_hint": ["account_characters"],
        "amount_due": ["amount_not_positive"],
    }


def test_schedule_rows_are_refused_row_by_row_with_codes():
    rows = [
        ScheduledPayment(due_on=TODAY - dt.timedelta(days=1), amount=Decimal("10")),
        ScheduledPayment(due_on=TODAY + dt.timedelta(days=5), amount=Decimal("0")),
        ScheduledPayment(due_on=TODAY + dt.timedelta(days=5), amount=Decimal("10")),
    ]
    with pytest.raises(InvalidSchedule) as refused:
        payments_check(rows, today=TODAY)
    assert refused.value.code == "invalid_schedule"
    assert refused.value.row_codes == {
        0: {"due_on": "date_passed"},
        1: {"amount": "amount_not_positive"},
        2: {"due_on": "date_repeated"},
    }


@pytest.mark.django_db
def test_a_closed_case_and_a_stale_version_are_refused_by_code():
    case = CaseFactory(status=Case.Status.CLOSED)
    with pytest.raises(CaseClosed) as closed:
        case_step_save(
            case=case,
            step="schedule",
            cleaned_data={"requested_deferral_days": 10},
            expected_version=1,
            by=case.owner,
        )
    assert closed.value.code == "case_closed"
    open_case = CaseFactory()
    with pytest.raises(StaleCase) as stale:
        case_step_save(
            case=open_case,
            step="schedule",
            cleaned_data={"requested_deferral_days": 10},
            expected_version=7,
            by=open_case.owner,
        )
    assert stale.value.code == "stale_version"


@pytest.mark.django_db
def test_contact_texts_and_illegal_moves_are_refused_by_code():
    case = CaseFactory(status=Case.Status.READY)
    with pytest.raises(ValidationError) as refused:
        contact_attempt_record(
            case=case,
            by=case.owner,
            idempotency_key=uuid.uuid4(),
            channel="phone",
            occurred_at=timezone.now(),
            outcome="pending",
            agent_id="A" * 51,
        )
    assert codes_of(refused.value) == {"agent_id": ["max_length"]}
    with pytest.raises(IllegalTransition) as illegal:
        case_status_change(case=case, to_status=Case.Status.APPROVED, by=UserFactory())
    assert illegal.value.code == "illegal_transition"


def test_no_schedule_fits_says_why_by_code():
    with pytest.raises(NoScheduleFits) as refused:
        suggest_schedule(amount=Decimal("100"), capacity=Decimal("0"), start=TODAY, max_months=12)
    assert refused.value.code == "no_capacity"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_text_too_long_reads_the_same_from_the_form_and_from_the_service(language):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        step_values(
            "finances", {"offer_override": Decimal("100"), "offer_override_reason": "x" * 501}, today=TODAY
        )
    with translation.override(language):
        form_wording = str(TOO_LONG["max_length"]) % {"limit_value": 500, "show_value": 501}
    assert refused.value.error_dict["offer_override_reason"][0].messages == [form_wording]
