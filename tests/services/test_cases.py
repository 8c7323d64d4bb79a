"""Writing a case: wizard steps as drafts, optimistic locking, the schedule, and the move to ready."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests_app.models import Case, Payment, PlanVersion, StatusChange
from requests_app.services.cases import (
    CaseClosed,
    InvalidSchedule,
    StaleCase,
    Urgency,
    account_hint_mask,
    case_create,
    case_mark_ready,
    case_overviews,
    case_schedule_replace,
    case_step_save,
    due_urgency,
)
from requests_app.services.schedule import ScheduledPayment, suggest_schedule_for_case
from tests.factories import CaseFactory, ContactAttemptFactory, LenderFactory, PaymentFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


def today():
    return timezone.localdate()


def fitting_schedule(case):
    return list(suggest_schedule_for_case(case).payments)


@pytest.mark.parametrize(
    "typed, kept",
    [("6222 0210 0000 1234", "1234"), ("138-0013-8000", "8000"), ("ab", "AB"), ("", ""), ("  x-9 ", "X9")],
)
def test_only_the_last_four_characters_of_an_account_are_kept(typed, kept):
    assert account_hint_mask(typed) == kept


@given(st.text(max_size=200))
def test_the_account_hint_is_never_longer_than_four_characters(text):
    assert len(account_hint_mask(text)) <= 4


def test_a_new_case_is_a_draft_of_its_owner_with_the_first_step_saved():
    owner = UserFactory()
    lender = LenderFactory()
    case = case_create(
        owner=owner,
        cleaned_data={
            "lender": lender,
            "account_hint": "6222 0210 0000 1234",
            "amount_due": D("3000.00"),
            "due_date": today() + dt.timedelta(days=10),
        },
    )
    case.refresh_from_db()
    assert case.owner == owner and case.status == Case.Status.DRAFT
    assert case.account_hint == "1234"
    assert case.wizard_step == "mode"
    assert case.version == 1


def test_a_step_save_increments_the_version_and_remembers_where_to_resume():
    case = CaseFactory()
    saved = case_step_save(
        case=case,
        step="finances",
        cleaned_data={"offer_override": D("500"), "offer_override_reason": "  先还小额  "},
        expected_version=case.version,
        by=case.owner,
        resume_at="schedule",
    )
    case.refresh_from_db()
    assert saved.case.version == case.version == 2
    assert case.offer_override == D("500")
    assert case.offer_override_reason == "先还小额"
    assert case.wizard_step == "schedule"


def test_a_save_on_a_stale_version_is_refused_and_changes_nothing():
    case = CaseFactory(amount_due=D("3000"))
    data = {"lender": case.lender, "account_hint": "", "amount_due": D("100"), "due_date": case.due_date}
    case_step_save(case=case, step="lender", cleaned_data=data, expected_version=1, by=case.owner)
    with pytest.raises(StaleCase) as refused:
        case_step_save(
            case=case,
            step="lender",
            cleaned_data={**data, "amount_due": D("999")},
            expected_version=1,
            by=case.owner,
        )
    assert refused.value.code == "stale_version"
    case.refresh_from_db()
    assert case.amount_due == D("100") and case.version == 2


def test_a_closed_case_takes_no_more_changes_and_keeps_its_version():
    case = CaseFactory(status=Case.Status.CLOSED)
    data = {"lender": case.lender, "account_hint": "", "amount_due": D("1"), "due_date": case.due_date}
    with pytest.raises(CaseClosed):
        case_step_save(case=case, step="lender", cleaned_data=data, expected_version=1, by=case.owner)
    with pytest.raises(CaseClosed):
        case_schedule_replace(
            case=case,
            payments=[ScheduledPayment(due_on=today() + dt.timedelta(days=40), amount=D("1"))],
            expected_version=1,
            by=case.owner,
        )
    case.refresh_from_db()
    assert case.version == 1 and case.amount_due != D("1") and not case.payments.exists()


def test_installment_fields_are_cleared_for_a_full_repayment():
    case = CaseFactory(
        repayment_mode="installments",
        installments_total=12,
        installments_remaining=6,
        installment_amount=D("500"),
    )
    case_step_save(
        case=case,
        step="mode",
        cleaned_data={"repayment_mode": "full", "installments_total": 12, "installment_amount": D("500")},
        expected_version=1,
        by=case.owner,
    )
    case.refresh_from_db()
    assert (case.installments_total, case.installments_remaining, case.installment_amount) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "data, field",
    [
        (
            {"installments_total": None, "installments_remaining": 3, "installment_amount": D("100")},
            "installments_total",
        ),
        (
            {"installments_total": 6, "installments_remaining": 9, "installment_amount": D("100")},
            "installments_remaining",
        ),
        (
            {"installments_total": 6, "installments_remaining": 0, "installment_amount": D("100")},
            "installments_remaining",
        ),
        (
            {"installments_total": 6, "installments_remaining": 3, "installment_amount": D("0")},
            "installment_amount",
        ),
        (
            {"installments_total": 1, "installments_remaining": 1, "installment_amount": D("10")},
            "installments_total",
        ),
    ],
)
def test_installment_rules_are_refused_by_field(data, field):
    case = CaseFactory()
    with pytest.raises(ValidationError) as refused:
        case_step_save(
            case=case,
            step="mode",
            cleaned_data={"repayment_mode": "installments", **data},
            expected_version=1,
            by=case.owner,
        )
    assert field in refused.value.error_dict
    case.refresh_from_db()
    assert case.version == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"hardship_since": dt.timedelta(days=1)}, "hardship_since"),
        ({"hardship_expected_end": dt.timedelta(days=-1)}, "hardship_expected_end"),
        ({"hardship_since": dt.timedelta(days=-9000)}, "hardship_since"),
        ({"hardship_narrative": "字" * 2001}, "hardship_narrative"),
    ],
)
def test_hardship_dates_in_the_wrong_place_and_long_stories_are_refused(data, field):
    case = CaseFactory()
    values = {
        "hardship_category": "job_loss",
        "hardship_since": today() - dt.timedelta(days=10),
        "hardship_expected_end": None,
        "hardship_narrative": "失业了。",
        "evidence": [],
        "evidence_notes": "",
    }
    for key, value in data.items():
        values[key] = today() + value if isinstance(value, dt.timedelta) else value
    with pytest.raises(ValidationError) as refused:
        case_step_save(case=case, step="hardship", cleaned_data=values, expected_version=1, by=case.owner)
    assert field in refused.value.error_dict


def test_a_due_date_centuries_away_is_refused_not_overflowed():
    case = CaseFactory()
    with pytest.raises(ValidationError) as refused:
        case_step_save(
            case=case,
            step="lender",
            cleaned_data={"lender": case.lender, "amount_due": D("10"), "due_date": dt.date(9999, 12, 31)},
            expected_version=1,
            by=case.owner,
        )
    assert "due_date" in refused.value.error_dict


def test_schedule_rows_in_the_past_or_on_the_same_day_are_refused_by_row():
    case = CaseFactory()
    rows = [
        ScheduledPayment(due_on=today() - dt.timedelta(days=1), amount=D("100")),
        ScheduledPayment(due_on=today() + dt.timedelta(days=30), amount=D("100")),
        ScheduledPayment(due_on=today() + dt.timedelta(days=30), amount=D("0")),
    ]
    with pytest.raises(InvalidSchedule) as refused:
        case_step_save(
            case=case,
            step="schedule",
            cleaned_data={"requested_deferral_days": 30, "payments": rows},
            expected_version=1,
            by=case.owner,
        )
    assert set(refused.value.row_errors) == {0, 2}
    assert set(refused.value.row_errors[2]) == {"due_on", "amount"}
    assert not Payment.objects.filter(case=case).exists()


def test_saving_the_schedule_replaces_the_rows_and_records_a_plan_version():
    case = CaseFactory()
    PaymentFactory(case=case, due_on=today() + dt.timedelta(days=40), amount=D("5"))
    rows = fitting_schedule(case)
    case_step_save(
        case=case,
        step="schedule",
        cleaned_data={"requested_deferral_days": case.requested_deferral_days, "payments": rows},
        expected_version=1,
        by=case.owner,
    )
    saved = list(Payment.objects.filter(case=case).order_by("due_on").values_list("due_on", "amount"))
    assert saved == [(p.due_on, p.amount) for p in rows]
    assert PlanVersion.objects.filter(case=case).count() == 1


def test_replacing_the_schedule_with_the_same_plan_makes_no_new_version():
    case = CaseFactory()
    rows = fitting_schedule(case)
    saved = case_schedule_replace(case=case, payments=rows, expected_version=1, by=case.owner)
    case_schedule_replace(case=saved.case, payments=rows, expected_version=saved.case.version, by=case.owner)
    assert PlanVersion.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).version == 3


def test_a_case_without_errors_becomes_ready_and_one_with_errors_stays_a_draft():
    short = CaseFactory()
    PaymentFactory(case=short, due_on=today() + dt.timedelta(days=40), amount=D("10"))
    findings = case_mark_ready(case=short, by=short.owner)
    assert "SCHEDULE_SHORT" in {f.code for f in findings}
    assert Case.objects.get(pk=short.pk).status == Case.Status.DRAFT

    good = CaseFactory()
    case_schedule_replace(case=good, payments=fitting_schedule(good), expected_version=1, by=good.owner)
    case_mark_ready(case=good, by=good.owner)
    good.refresh_from_db()
    assert good.status == Case.Status.READY
    assert StatusChange.objects.filter(case=good, to_status=Case.Status.READY).exists()


def test_editing_a_ready_case_so_that_it_has_errors_moves_it_back_to_draft():
    case = CaseFactory()
    saved = case_schedule_replace(
        case=case, payments=fitting_schedule(case), expected_version=1, by=case.owner
    )
    case_mark_ready(case=saved.case, by=case.owner)
    case.refresh_from_db()
    assert case.status == Case.Status.READY
    result = case_step_save(
        case=case,
        step="finances",
        cleaned_data={"offer_override": D("5000"), "offer_override_reason": "想尽快还清"},  # over the budget
        expected_version=case.version,
        by=case.owner,
    )
    assert result.back_to_draft
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_editing_a_ready_case_without_introducing_errors_keeps_it_ready():
    case = CaseFactory()
    saved = case_schedule_replace(
        case=case, payments=fitting_schedule(case), expected_version=1, by=case.owner
    )
    case_mark_ready(case=saved.case, by=case.owner)
    case.refresh_from_db()
    result = case_step_save(
        case=case,
        step="review",
        cleaned_data={"letter_language": "en"},
        expected_version=case.version,
        by=case.owner,
    )
    assert not result.back_to_draft
    assert Case.objects.get(pk=case.pk).status == Case.Status.READY


def test_the_case_list_puts_overdue_then_due_soon_then_follow_ups_first():
    owner = UserFactory()
    calm = CaseFactory(owner=owner, due_date=today() + dt.timedelta(days=20))
    soon = CaseFactory(owner=owner, due_date=today() + dt.timedelta(days=3))
    overdue = CaseFactory(owner=owner, due_date=today() - dt.timedelta(days=2))
    follow = CaseFactory(owner=owner, due_date=today() + dt.timedelta(days=30))
    ContactAttemptFactory(
        case=follow,
        occurred_at=timezone.now() - dt.timedelta(days=3),
        next_follow_up=timezone.now() - dt.timedelta(hours=1),
    )
    approved = CaseFactory(owner=owner, due_date=today() - dt.timedelta(days=5), status=Case.Status.APPROVED)
    overviews = case_overviews(
        Case.objects.filter(owner=owner).prefetch_related("payments", "contacts"), today=today()
    )
    # Then, with nothing urgent, by due date: the settled case due earlier before the calm one.
    assert [o.case for o in overviews] == [overdue, soon, follow, approved, calm]
    by_case = {o.case.pk: o for o in overviews}
    assert by_case[overdue.pk].urgency == Urgency.OVERDUE and by_case[overdue.pk].days_overdue == 2
    assert by_case[soon.pk].urgency == Urgency.DUE_SOON
    assert by_case[follow.pk].urgency == Urgency.FOLLOW_UP_DUE
    assert by_case[approved.pk].urgency == Urgency.NONE
    assert by_case[calm.pk].urgency == Urgency.NONE


@pytest.mark.parametrize(
    "days, status, expected",
    [
        (-1, Case.Status.READY, Urgency.OVERDUE),
        (0, Case.Status.DRAFT, Urgency.DUE_SOON),
        (3, Case.Status.CONTACTED, Urgency.DUE_SOON),
        (4, Case.Status.CONTACTED, Urgency.NONE),
        (-30, Case.Status.APPROVED, Urgency.NONE),
        (1, Case.Status.CLOSED, Urgency.NONE),
        (-2, Case.Status.REFUSED, Urgency.OVERDUE),
    ],
)
def test_due_urgency_is_overdue_or_due_within_three_days_unless_settled(days, status, expected):
    day = dt.date(2026, 5, 1)
    assert due_urgency(due_date=day + dt.timedelta(days=days), status=status, today=day) == expected
    assert due_urgency(due_date=None, status=status, today=day) == Urgency.NONE


def test_the_next_payment_is_the_first_one_from_today():
    case = CaseFactory()
    PaymentFactory(case=case, due_on=today() + dt.timedelta(days=40), amount=D("1"))
    PaymentFactory(case=case, due_on=today() + dt.timedelta(days=70), amount=D("2"))
    (overview,) = case_overviews(Case.objects.filter(pk=case.pk).prefetch_related("payments", "contacts"))
    assert overview.next_payment.amount == D("1")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    # Any text a form can hand over: Django's form fields refuse NUL characters with a field message
    # (tests/fuzz proves it), and a request cannot carry lone surrogates (invalid UTF-8 is replaced).
    narrative=st.text(
        alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=3000
    ),
    sources=st.text(
        alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=700
    ),
    income=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
)
def test_step_saves_with_arbitrary_text_either_save_or_refuse_by_field(narrative, sources, income):
    case = CaseFactory()
    for step, data in (
        (
            "hardship",
            {
                "hardship_category": "other",
                "hardship_since": today(),
                "hardship_expected_end": None,
                "hardship_narrative": narrative,
                "evidence": [],
                "evidence_notes": "",
            },
        ),
        ("finances", {"offer_override": income, "offer_override_reason": sources}),
    ):
        case.refresh_from_db()
        try:
            case_step_save(
                case=case, step=step, cleaned_data=data, expected_version=case.version, by=case.owner
            )
        except ValidationError as refused:
            assert set(refused.error_dict) <= {
                "hardship_narrative",
                "offer_override",
                "offer_override_reason",
            }
