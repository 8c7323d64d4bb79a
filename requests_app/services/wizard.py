"""The wizard's steps and the rules for what each step may save: field lists, limits and the normalisation
of parsed input (`step_values`) and of schedule rows (`payments_check`). No database access here.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Case
from .budget import MAX_MONTHLY_AMOUNT
from .field_rules import (
    MAX_INSTALLMENT_PERIODS,
    MAX_PAYMENTS,
    MIN_INSTALLMENT_PERIODS,
    hardship_date_problems,
    installment_problems,
    payment_row_problems,
    too_many_payments,
)
from .refusals import InvalidSchedule, field_refusal
from .schedule import ScheduledPayment
from .text_limits import (
    CORRECTION_NOTE_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    length_refusals,
)


@dataclass(frozen=True)
class WizardStep:
    """One step of the borrower's wizard: its `name` (in URLs, `Case.wizard_step`, findings), its `label`
    (the progress bar, checklists, links), its `desk_title` (the group of its fields on the counselor's
    case page) and the case `fields` it writes ("payments", the schedule rows, is not a model field)."""

    name: str
    label: Promise
    desk_title: Promise
    fields: tuple[str, ...]


#: The wizard, in order: the one definition the forms, the progress bar, the findings' steps, the admin's
#: fieldsets and form, the change requests and the demo data all read.
WIZARD: tuple[WizardStep, ...] = (
    WizardStep(
        "lender",
        gettext_lazy("Lender and bill"),
        gettext_lazy("Lender and the bill"),
        ("lender", "account_hint", "amount_due", "due_date"),
    ),
    WizardStep(
        "mode",
        gettext_lazy("Repayment mode"),
        gettext_lazy("Repayment mode"),
        ("repayment_mode", "installments_total", "installments_remaining", "installment_amount"),
    ),
    WizardStep(
        "hardship",
        gettext_lazy("What happened"),
        gettext_lazy("Hardship and evidence"),
        (
            "hardship_category",
            "hardship_since",
            "hardship_expected_end",
            "hardship_narrative",
            "evidence",
            "evidence_notes",
        ),
    ),
    WizardStep(
        "finances",
        gettext_lazy("Your money"),
        gettext_lazy("The household: budget, debts and offers"),
        ("offer_override", "offer_override_reason"),
    ),
    WizardStep(
        "schedule", gettext_lazy("Your plan"), gettext_lazy("What is asked for"), ("requested_deferral_days",)
    ),
    WizardStep("review", gettext_lazy("Check"), gettext_lazy("Language of the letter"), ("letter_language",)),
)

WIZARD_STEPS: tuple[str, ...] = tuple(step.name for step in WIZARD)
STEP_LABELS: dict[str, Promise] = {step.name: step.label for step in WIZARD}
STEP_FIELDS: dict[str, tuple[str, ...]] = {step.name: step.fields for step in WIZARD}
#: Every case field the wizard writes, in the wizard's order.
WIZARD_FIELDS: tuple[str, ...] = tuple(name for step in WIZARD for name in step.fields)

INSTALLMENT_FIELDS = ("installments_total", "installments_remaining", "installment_amount")

#: Besides letters and digits, what people type in an account, card or phone number or an e-mail address.
ACCOUNT_INPUT_SEPARATORS = frozenset(" \u3000-_.@+()#*/:：")
MAX_DEFERRAL_DAYS = 365

# A due date this far from today is a typo, not a bill.
DUE_DATE_PAST_DAYS = 5 * 366
DUE_DATE_FUTURE_DAYS = 2 * 366

#: PlanVersion.reason of a plan a counselor corrected in the review desk (`cases.case_admin_correct`).
COUNSELOR_CORRECTION = "counselor_correction"


def resume_step(case) -> str:
    """Where "continue" takes the person: the step saved as the one to resume at, else the first."""
    return case.wizard_step if case.wizard_step in WIZARD_STEPS else WIZARD_STEPS[0]


def next_step(step: str) -> str | None:
    """The wizard step after `step`, or None after the last."""
    index = WIZARD_STEPS.index(step)
    return WIZARD_STEPS[index + 1] if index + 1 < len(WIZARD_STEPS) else None


def previous_step(step: str) -> str | None:
    """The wizard step before `step`, or None before the first."""
    index = WIZARD_STEPS.index(step)
    return WIZARD_STEPS[index - 1] if index > 0 else None


def account_hint_mask(raw: str) -> str:
    """The last four letters or digits of an account, phone or card number; the rest is never kept."""
    kept = [c for c in (raw or "").upper() if c.isalnum()]
    return "".join(kept[-4:])


def _date_window_error(value: dt.date | None, *, today: dt.date, past_days: int, future_days: int) -> bool:
    return value is not None and not (
        today - dt.timedelta(days=past_days) <= value <= today + dt.timedelta(days=future_days)
    )


def step_values(step: str, data: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The model values of `step` from parsed input, normalised; ValidationError per field otherwise."""
    values = {name: data.get(name) for name in STEP_FIELDS[step] if name in data}
    errors: dict[str, str] = {}
    if step == "lender":
        typed_account = values.get("account_hint") or ""
        if any(not (c.isalnum() or c in ACCOUNT_INPUT_SEPARATORS) for c in typed_account):
            # Markup or stray symbols are not an account number: say so rather than keep four odd letters.
            errors["account_hint"] = field_refusal(
                _("Use only letters, digits and spaces here, for example 6222 0210 0000 4321."),
                "account_characters",
            )
        values["account_hint"] = account_hint_mask(typed_account)
        amount = values.get("amount_due")
        if amount is not None and amount <= 0:
            errors["amount_due"] = field_refusal(
                _("Enter the amount of the bill; it must be more than zero."), "amount_not_positive"
            )
        if _date_window_error(
            values.get("due_date"),
            today=today,
            past_days=DUE_DATE_PAST_DAYS,
            future_days=DUE_DATE_FUTURE_DAYS,
        ):
            errors["due_date"] = field_refusal(
                _("This date is too far from today for a bill. Check the year."), "date_out_of_range"
            )
    elif step == "mode":
        if values.get("repayment_mode") != Case.RepaymentMode.INSTALLMENTS:
            # Installment details mean nothing for a full repayment: clear whatever was typed earlier.
            values.update(dict.fromkeys(INSTALLMENT_FIELDS))
        else:
            required = _("Needed when you repay in installments.")
            for name in INSTALLMENT_FIELDS:
                if values.get(name) is None:
                    errors[name] = field_refusal(required, "required")
            problems = installment_problems(
                total=values.get("installments_total"),
                remaining=values.get("installments_remaining"),
                amount=values.get("installment_amount"),
            )
            messages = {
                "periods_out_of_range": _("Enter a number of periods between %(min)s and %(max)s.")
                % {"min": MIN_INSTALLMENT_PERIODS, "max": MAX_INSTALLMENT_PERIODS},
                "no_period_left": _("At least one period must be left to repay."),
                "periods_above_total": _("You cannot have more periods left than in total."),
                "amount_not_positive": _("Enter the amount of one period; it must be more than zero."),
            }
            errors.update(_first_refusals(problems, messages, keep=errors))
    elif step == "hardship":
        problems = hardship_date_problems(
            since=values.get("hardship_since"), end=values.get("hardship_expected_end"), today=today
        )
        messages = {
            ("hardship_since", "date_in_future"): _(
                "This date is in the future. When did the difficulty start?"
            ),
            ("hardship_since", "date_out_of_range"): _("This date is too long ago. Check the year."),
            ("hardship_expected_end", "date_passed"): _(
                "This date has passed. Enter when you expect things to improve, or leave it empty."
            ),
            ("hardship_expected_end", "end_not_after_start"): _(
                "The end must come after the start of the difficulty."
            ),
            ("hardship_expected_end", "date_out_of_range"): _("This date is too far away. Check the year."),
        }
        errors.update(_first_refusals(problems, messages))
        texts = {name: values.get(name) for name in ("hardship_narrative", "evidence_notes")}
        errors.update(
            length_refusals(
                texts, {"hardship_narrative": NARRATIVE_MAX_LENGTH, "evidence_notes": NOTES_MAX_LENGTH}
            )
        )
        values["evidence"] = sorted(set(values.get("evidence") or []))
        values["hardship_narrative"] = (values.get("hardship_narrative") or "").strip()
        values["evidence_notes"] = (values.get("evidence_notes") or "").strip()
    elif step == "finances":
        reason = (values.get("offer_override_reason") or "").strip()
        offer = values.get("offer_override")
        errors.update(
            length_refusals(
                {"offer_override_reason": reason}, {"offer_override_reason": SHORT_TEXT_MAX_LENGTH}
            )
        )
        if offer is not None and offer < 0:
            errors["offer_override"] = field_refusal(_("Enter an amount of zero or more."), "negative")
        elif offer is not None and offer > MAX_MONTHLY_AMOUNT:
            errors["offer_override"] = field_refusal(
                _("That is more than ¥10,000,000 a month: check the figure."), "too_large"
            )
        elif offer is not None and not reason:
            errors["offer_override_reason"] = field_refusal(
                _(
                    "Say why you offer this lender something other than its fair share (for example: to "
                    "clear a small debt first)."
                ),
                "reason_required",
            )
        values["offer_override_reason"] = reason if offer is not None else ""
    elif step == "schedule":
        days = values.get("requested_deferral_days")
        if days is not None and not 0 <= days <= MAX_DEFERRAL_DAYS:
            errors["requested_deferral_days"] = field_refusal(
                _("Enter a number of days between 0 and %(max)s.") % {"max": MAX_DEFERRAL_DAYS},
                "days_out_of_range",
            )
    if errors:
        raise ValidationError(errors)
    return values


def correction_values(*, case, data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The model values of a counselor's correction of `case`: each step with a field in `data` is checked
    as the borrower's save of that step is, its other fields as stored. ValidationError by field
    otherwise."""
    values: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for step, fields in STEP_FIELDS.items():
        if not any(name in data for name in fields):
            continue
        merged = {name: data[name] if name in data else getattr(case, name) for name in fields}
        try:
            values.update(step_values(step, merged, today=today))
        except ValidationError as refused:
            errors.update(refused.error_dict)
    if errors:
        raise ValidationError(errors)
    return values


def correction_note_check(note: str) -> None:
    """A counselor's correction says why (kept with the plan version): ValidationError on
    "correction_note" when the reason is missing or too long."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "correction_note": field_refusal(
                    _("Say why you correct the borrower's plan: it is kept with the new plan version."),
                    "reason_required",
                )
            }
        )
    too_long = length_refusals({"correction_note": note}, {"correction_note": CORRECTION_NOTE_MAX_LENGTH})
    if too_long:
        raise ValidationError(too_long)


def payments_check(payments: list[ScheduledPayment], *, today: dt.date) -> None:
    """Refuse rows that cannot be saved (`field_rules.payment_row_problems`: past or far dates, two payments
    on one day, amounts not above zero; too many rows): InvalidSchedule by row."""
    messages = {
        "date_passed": _("This date has passed. Payments can only be planned from today on."),
        "date_out_of_range": _("This date is too far away. Check the year."),
        "date_repeated": _("Another payment is already on this date. Combine them into one."),
        "amount_not_positive": _("Enter an amount above zero, or remove the row."),
    }
    row_errors = {
        index: _first_refusals(problems, messages)
        for index, problems in payment_row_problems(payments, today=today).items()
    }
    if too_many_payments(payments):
        row_errors[MAX_PAYMENTS] = {
            "due_on": field_refusal(
                _("A schedule can have at most %(max)s payments.") % {"max": MAX_PAYMENTS},
                "too_many_payments",
            )
        }
    if row_errors:
        raise InvalidSchedule(
            {
                row: {name: error.message for name, error in errors.items()}
                for row, errors in sorted(row_errors.items())
            },
            {row: {name: error.code for name, error in errors.items()} for row, errors in row_errors.items()},
        )


def _first_refusals(problems, messages, *, keep=()) -> dict[str, ValidationError]:
    """The first problem of each field (not in `keep`) as a refusal; `messages` by code or (field, code)."""
    refusals = {}
    for name, codes in problems.items():
        if name in keep:
            continue
        code = codes[0]
        refusals[name] = field_refusal(messages.get((name, code)) or messages[code], code)
    return refusals
