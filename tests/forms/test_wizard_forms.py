"""The wizard's forms parse what people type and say what is malformed, next to the field."""

import datetime as dt
from decimal import Decimal

import pytest

from requests_app.forms.wizard import (
    FinancesStepForm,
    HardshipStepForm,
    LenderCreateForm,
    LenderStepForm,
    ModeStepForm,
    PaymentFormSet,
    ScheduleStepForm,
)
from tests.factories import CaseFactory, LenderFactory

pytestmark = pytest.mark.django_db


def lender_data(**overrides):
    lender = LenderFactory()
    data = {"version": "1", "lender": str(lender.pk), "amount_due": "3000.00", "due_date": "2030-01-10"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "typed, expected",
    [("3000", Decimal("3000")), ("¥1,250.50", Decimal("1250.50")), (" 1 250.5 ", Decimal("1250.5"))],
)
def test_amounts_accept_what_people_paste(typed, expected):
    form = LenderStepForm(lender_data(amount_due=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount_due"] == expected


@pytest.mark.parametrize(
    "typed, fragment",
    [
        ("", "Enter the amount of the bill"),
        ("-5", "cannot be negative"),
        ("abc", "Enter an amount in digits"),
        ("12.345", "at most two decimals"),
        ("1e9999", "Enter an amount in digits"),
        ("NaN", "Enter an amount in digits"),
        ("99999999999999", "too large"),
    ],
)
def test_malformed_amounts_get_a_message_on_the_amount_field(typed, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        form = LenderStepForm(lender_data(amount_due=typed))
        assert not form.is_valid()
        assert fragment in " ".join(form.errors["amount_due"])
        assert set(form.errors) == {"amount_due"}


def test_a_malformed_date_is_refused_next_to_the_field():
    form = LenderStepForm(lender_data(due_date="10/01/abc"))
    assert not form.is_valid()
    assert "due_date" in form.errors


def test_an_inactive_lender_cannot_be_chosen():
    lender = LenderFactory(is_active=False)
    form = LenderStepForm(lender_data(lender=str(lender.pk)))
    assert not form.is_valid()
    assert "lender" in form.errors


def test_the_first_step_has_no_version_because_the_case_does_not_exist_yet():
    data = lender_data()
    del data["version"]
    assert LenderCreateForm(data).is_valid()


def test_the_step_form_carries_the_case_version_for_optimistic_locking():
    case = CaseFactory(version=7)
    form = LenderStepForm(case=case)
    assert form.initial["version"] == 7
    assert 'type="hidden" name="version" value="7"' in str(form["version"])


def test_installment_fields_are_ignored_for_a_full_repayment_even_when_malformed():
    form = ModeStepForm(
        {"version": "1", "repayment_mode": "full", "installments_total": "x", "installment_amount": "-1"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["installments_total"] is None
    assert form.cleaned_data["installment_amount"] is None


def test_installment_fields_are_parsed_for_installments():
    form = ModeStepForm(
        {
            "version": "1",
            "repayment_mode": "installments",
            "installments_total": "twelve",
            "installments_remaining": "3",
            "installment_amount": "250.005",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"installments_total", "installment_amount"}


def test_a_repayment_mode_must_be_chosen():
    form = ModeStepForm({"version": "1"})
    assert not form.is_valid()
    assert "repayment_mode" in form.errors


def hardship_data(**overrides):
    data = {
        "version": "1",
        "hardship_category": "job_loss",
        "hardship_since": "2026-01-01",
        "hardship_narrative": "公司裁员，我失业了。",
    }
    data.update(overrides)
    return data


def test_a_ten_thousand_character_story_is_refused_with_the_limit_and_the_count():
    form = HardshipStepForm(hardship_data(hardship_narrative="很" * 10_000))
    assert not form.is_valid()
    message = " ".join(form.errors["hardship_narrative"])
    assert "2000" in message and "10000" in message


def test_the_story_limit_is_said_next_to_the_field_and_not_enforced_by_cutting():
    form = HardshipStepForm()
    field = form["hardship_narrative"]
    assert "2,000" in str(field.help_text)
    assert "maxlength" not in str(field)


def test_line_breaks_count_as_one_character():
    text = "一\r\n" * 1000  # 3000 characters as sent by a browser, 2000 as typed
    form = HardshipStepForm(hardship_data(hardship_narrative=text))
    assert form.is_valid(), form.errors
    assert "\r" not in form.cleaned_data["hardship_narrative"]


def test_an_empty_story_is_refused():
    form = HardshipStepForm(hardship_data(hardship_narrative="   "))
    assert not form.is_valid()
    assert "hardship_narrative" in form.errors


def test_html_is_kept_as_text_and_escaped_when_the_form_is_shown_again():
    form = HardshipStepForm(hardship_data(hardship_narrative="<script>alert(1)</script>", hardship_since="x"))
    assert not form.is_valid()
    html = str(form["hardship_narrative"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_evidence_is_refused():
    form = HardshipStepForm(hardship_data(evidence=["passport_of_mars"]))
    assert not form.is_valid()
    assert "evidence" in form.errors


def test_a_nul_character_is_refused_not_crashed_on():
    form = HardshipStepForm(hardship_data(hardship_narrative="a\x00b"))
    assert not form.is_valid()
    assert "hardship_narrative" in form.errors


def test_the_offer_step_may_stay_empty_and_refuses_a_negative_offer():
    form = FinancesStepForm({"version": "1", "offer_override": "", "offer_override_reason": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["offer_override"] is None
    form = FinancesStepForm({"version": "1", "offer_override": "-5", "offer_override_reason": "x"})
    assert not form.is_valid()
    assert set(form.errors) == {"offer_override"}


@pytest.mark.parametrize("typed", ["", "-3", "abc", "1.5", "400"])
def test_deferral_days_must_be_a_whole_number_from_0_to_365(typed):
    form = ScheduleStepForm({"version": "1", "requested_deferral_days": typed})
    assert not form.is_valid()
    assert "requested_deferral_days" in form.errors


def formset_data(rows, *, total=None):
    data = {
        "payments-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "payments-INITIAL_FORMS": "0",
        "payments-MIN_NUM_FORMS": "0",
        "payments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"payments-{index}-{key}"] = value
    return data


def test_schedule_rows_skip_blank_and_removed_rows():
    formset = PaymentFormSet(
        formset_data(
            [
                {"due_on": "2030-02-10", "amount": "1000"},
                {"due_on": "", "amount": ""},
                {"due_on": "2030-03-10", "amount": "1000", "DELETE": "on"},
                {"due_on": "2030-04-10", "amount": "2000"},
            ]
        ),
        prefix="payments",
    )
    assert formset.is_valid(), formset.errors
    kept = formset.payments()
    assert [index for index, _ in kept] == [0, 3]
    assert kept[1][1]["amount"] == Decimal("2000")
    assert kept[0][1]["due_on"] == dt.date(2030, 2, 10)


def test_a_half_filled_schedule_row_says_what_is_missing():
    formset = PaymentFormSet(
        formset_data([{"due_on": "2030-02-10", "amount": ""}, {"due_on": "", "amount": "5"}]),
        prefix="payments",
    )
    assert not formset.is_valid()
    assert "amount" in formset.forms[0].errors
    assert "due_on" in formset.forms[1].errors


def test_malformed_schedule_rows_are_marked_on_their_row():
    formset = PaymentFormSet(formset_data([{"due_on": "2030-02-31", "amount": "1,0.001"}]), prefix="payments")
    assert not formset.is_valid()
    assert set(formset.forms[0].errors) == {"due_on", "amount"}


def test_a_forged_row_count_cannot_make_the_server_build_thousands_of_forms():
    formset = PaymentFormSet(formset_data([], total=100_000), prefix="payments")
    assert not formset.is_valid()
    assert len(formset.forms) <= 140
