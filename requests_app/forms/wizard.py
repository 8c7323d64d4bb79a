"""One form per wizard step. They parse and say what is malformed; the service decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Case, Lender
from ..services.cases import (
    ACCOUNT_INPUT_MAX_LENGTH,
    INSTALLMENT_FIELDS,
    MAX_DEFERRAL_DAYS,
    MAX_PAYMENTS,
    NARRATIVE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    STEP_FIELDS,
)
from ..services.schedule import ScheduledPayment
from ..services.wizard import WIZARD_STEPS
from .fields import TOO_LONG, DateField, MoneyField, TextField

WHOLE_NUMBER_ERRORS = {
    "invalid": _("Enter a whole number, for example 12."),
    "min_value": _("Enter a number of at least %(limit_value)s."),
    "max_value": _("Enter a number of at most %(limit_value)s."),
}


class CaseStepForm(forms.Form):
    """A wizard step: its fields plus the case version the person is editing (optimistic locking)."""

    step: str = ""
    #: Free-text fields and their limit, said next to the field ("Up to 2,000 characters.").
    length_limits: dict[str, int] = {}
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case: Case | None = None, **kwargs):
        self.case = case
        if case is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(case)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        for name, limit in self.length_limits.items():
            field = self.fields[name]
            hint = _("Up to %(limit)s characters.") % {"limit": f"{limit:,}"}
            field.help_text = f"{field.help_text} {hint}" if field.help_text else hint
            # No maxlength: the browser would cut a pasted story silently; the counter and the server say it.
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-length-limit"] = str(limit)

    def initial_from(self, case: Case) -> dict:
        initial = {name: getattr(case, name) for name in STEP_FIELDS[self.step]}
        initial["version"] = case.version
        if "lender" in initial:
            initial["lender"] = case.lender_id
        return initial

    def step_data(self) -> dict:
        """The parsed values of the step's fields (without the version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class LenderStepForm(CaseStepForm):
    step = "lender"

    lender = forms.ModelChoiceField(
        label=_("Who is the bill from?"),
        queryset=Lender.objects.none(),
        empty_label=_("Choose the lender"),
        error_messages={
            "required": _("Choose who the bill is from."),
            "invalid_choice": _("Choose a lender from the list."),
        },
    )
    account_hint = forms.CharField(
        label=_("Account, card or phone number (optional)"),
        max_length=ACCOUNT_INPUT_MAX_LENGTH,
        required=False,
        help_text=_(
            "Helps the agent find your account. You can type the whole number: we keep only the last 4 "
            "characters and forget the rest."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        error_messages=TOO_LONG,
    )
    amount_due = MoneyField(
        label=_("Amount due on this bill (¥)"),
        help_text=_("The total shown on the bill, in yuan."),
        error_messages={"required": _("Enter the amount of the bill.")},
    )
    due_date = DateField(
        label=_("Due date"),
        help_text=_("The last day to pay without being overdue."),
        error_messages={"required": _("Enter the due date of the bill.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lender"].queryset = Lender.objects.filter(is_active=True)


class LenderCreateForm(LenderStepForm):
    """The first step, before the case exists: no version yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]


class ModeStepForm(CaseStepForm):
    step = "mode"

    repayment_mode = forms.ChoiceField(
        label=_("How are you repaying this bill now?"),
        choices=Case.RepaymentMode.choices,
        widget=forms.RadioSelect(attrs={"data-installment-toggle": "installments"}),
        error_messages={"required": _("Choose how you repay this bill now.")},
    )
    # Whole numbers only here: how many periods are allowed is the service's rule (field_rules).
    installments_total = forms.IntegerField(
        label=_("Periods in total"),
        required=False,
        error_messages=WHOLE_NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    installments_remaining = forms.IntegerField(
        label=_("Periods still to pay"),
        required=False,
        error_messages=WHOLE_NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    installment_amount = MoneyField(label=_("Amount of one period (¥)"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repayment_mode") != Case.RepaymentMode.INSTALLMENTS:
            # Hidden fields of the other mode are ignored, whatever they hold (even when malformed).
            for name in INSTALLMENT_FIELDS:
                self.errors.pop(name, None)
                cleaned[name] = None
        return cleaned


class HardshipStepForm(CaseStepForm):
    step = "hardship"
    length_limits = {"hardship_narrative": NARRATIVE_MAX_LENGTH, "evidence_notes": NOTES_MAX_LENGTH}

    hardship_category = forms.ChoiceField(
        label=_("What caused the difficulty?"),
        choices=Case.HardshipCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the main cause.")},
    )
    hardship_since = DateField(
        label=_("Since when?"),
        error_messages={"required": _("Enter roughly when it started.")},
    )
    hardship_expected_end = DateField(
        label=_("When do you expect things to improve? (optional)"),
        required=False,
        help_text=_("For example the start date of a new job. Leave empty if you don't know."),
    )
    hardship_narrative = TextField(
        label=_("What happened, in your own words"),
        max_length=NARRATIVE_MAX_LENGTH,
        required=True,
        rows=6,
        help_text=_(
            "A few sentences: what happened, how it affects your income, what you are doing about it."
        ),
        error_messages={
            "required": _("Write a few sentences about what happened."),
            **TOO_LONG,
        },
    )
    evidence = forms.MultipleChoiceField(
        label=_("Which documents do you have?"),
        choices=Case.Evidence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the ones you have. You can upload them below, as photos or PDFs."),
    )
    evidence_notes = TextField(
        label=_("Other documents (optional)"),
        max_length=NOTES_MAX_LENGTH,
        rows=2,
        error_messages=TOO_LONG,
    )


class FinancesStepForm(CaseStepForm):
    """This lender's share of the household budget; the figures themselves are on the budget page."""

    step = "finances"
    length_limits = {"offer_override_reason": SHORT_TEXT_MAX_LENGTH}

    offer_override = MoneyField(
        label=_("Offer this lender a different amount (¥ a month, optional)"),
        required=False,
        help_text=_("Leave empty to offer the fair share worked out from your budget."),
    )
    offer_override_reason = TextField(
        label=_("Why this amount?"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        rows=2,
        help_text=_("For example: to clear a small debt first. Needed when you choose an amount."),
        error_messages=TOO_LONG,
    )


class ScheduleStepForm(CaseStepForm):
    step = "schedule"

    requested_deferral_days = forms.IntegerField(
        label=_("How many days of deferral do you ask for?"),
        min_value=0,
        max_value=MAX_DEFERRAL_DAYS,
        help_text=_("Counted from the due date. Your first payment comes when the deferral ends."),
        error_messages={**WHOLE_NUMBER_ERRORS, "required": _("Enter a number of days (0 for none).")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class PaymentRowForm(forms.Form):
    """One schedule row. A row left completely empty is ignored."""

    due_on = DateField(label=_("Date"), required=False)
    amount = MoneyField(label=_("Amount (¥)"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.fields["due_on"].widget.attrs.update({"class": "form-control", "data-row-date": ""})
        self.fields["amount"].widget.attrs.update(
            {"class": "form-control money-input", "data-row-amount": ""}
        )

    def clean(self):
        cleaned = super().clean()
        due_on, amount = cleaned.get("due_on"), cleaned.get("amount")
        if self.errors:
            return cleaned
        if due_on is None and amount is not None:
            self.add_error("due_on", _("Enter the date of this payment."))
        elif amount is None and due_on is not None:
            self.add_error("amount", _("Enter the amount of this payment."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        return (
            not self.errors
            and self.cleaned_data.get("due_on") is None
            and self.cleaned_data.get("amount") is None
        )


def kept_schedule_rows(formset) -> list[tuple[int, ScheduledPayment]]:
    """The schedule as a page's formset holds it — the borrower's step or the review desk's inline — as
    (form index, payment) for every row kept: not removed, not left empty; in page order. The one reading
    of schedule rows from a page; the service judges the rows (services.field_rules)."""
    kept = []
    for index, form in enumerate(formset.forms):
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or (data.get("due_on") is None and data.get("amount") is None):
            continue
        kept.append((index, ScheduledPayment(due_on=data.get("due_on"), amount=data.get("amount"))))
    return kept


class BasePaymentFormSet(forms.BaseFormSet):
    def payments(self) -> list[tuple[int, dict]]:
        """(form index, {"due_on", "amount"}) for every kept row (`kept_schedule_rows`)."""
        return [(index, {"due_on": p.due_on, "amount": p.amount}) for index, p in kept_schedule_rows(self)]


PaymentFormSet = forms.formset_factory(
    PaymentRowForm,
    formset=BasePaymentFormSet,
    extra=0,
    can_delete=True,
    # How many rows a schedule may have is the service's rule (field_rules.too_many_payments, with its
    # message on the row past the limit); the form only stops reading after a few more.
    max_num=MAX_PAYMENTS,
    absolute_max=MAX_PAYMENTS + 20,
)


class ReviewStepForm(CaseStepForm):
    step = "review"

    letter_language = forms.ChoiceField(
        label=_("Language of your letter"),
        choices=Case.Language.choices,
        widget=forms.RadioSelect,
        help_text=_("The letter and plan you print or send to the lender."),
        error_messages={
            "required": _("Choose the language of your letter."),
            "invalid_choice": _("Choose the language of your letter from the two offered."),
        },
    )


#: The form of each wizard step, in the wizard's order (`services.wizard.WIZARD`); each declares the
#: fields its step writes (tests/test_wizard_definition.py holds them to the definition).
_FORMS = {
    form.step: form
    for form in (
        LenderStepForm,
        ModeStepForm,
        HardshipStepForm,
        FinancesStepForm,
        ScheduleStepForm,
        ReviewStepForm,
    )
}
STEP_FORMS: dict[str, type[CaseStepForm]] = {step: _FORMS[step] for step in WIZARD_STEPS}
