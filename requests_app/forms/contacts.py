"""The contact log form: what happened on one call or chat with the lender."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ContactAttempt
from ..services.negotiation.outcomes import CounterOfferTerms, article_70_points
from ..services.text_limits import (
    AGENT_ID_MAX_LENGTH,
    CONTACT_TEXT_MAX_LENGTH,
    RATE_NOTE_MAX_LENGTH,
    TICKET_MAX_LENGTH,
)
from .fields import TOO_LONG, DateField, DateTimeField, MoneyField, TextField

YES_NO_UNKNOWN = [("", _("I don't know")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class ContactForm(forms.Form):
    """One contact attempt. The idempotency key makes a double submit record one entry, not two."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    corrects = forms.ModelChoiceField(
        queryset=ContactAttempt.objects.none(), required=False, widget=forms.HiddenInput
    )
    channel = forms.ChoiceField(
        label=_("How did you contact them?"),
        choices=ContactAttempt.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the channel.")},
    )
    occurred_at = DateTimeField(
        label=_("When?"),
        error_messages={"required": _("Enter when the contact happened.")},
    )
    outcome = forms.ChoiceField(
        label=_("What was the result?"),
        choices=ContactAttempt.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the result.")},
    )
    agent_id = forms.CharField(
        label=_("Agent id (工号)"),
        max_length=AGENT_ID_MAX_LENGTH,
        required=False,
        error_messages=TOO_LONG,
        help_text=_("Ask for it at the start of the call."),
    )
    ticket_number = forms.CharField(
        label=_("Ticket or case number (工单号)"),
        max_length=TICKET_MAX_LENGTH,
        required=False,
        error_messages=TOO_LONG,
    )
    call_recorded = forms.TypedChoiceField(
        label=_("Was the call recorded?"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    offer_made = TextField(label=_("What did they offer?"), max_length=CONTACT_TEXT_MAX_LENGTH, rows=3)
    promised = TextField(label=_("What did you promise?"), max_length=CONTACT_TEXT_MAX_LENGTH, rows=3)
    next_follow_up = DateTimeField(
        label=_("When will you follow up? (optional)"),
        required=False,
        help_text=_("We show it on your cases and you can add it to your phone's calendar."),
    )
    notes = TextField(label=_("Notes (optional)"), max_length=CONTACT_TEXT_MAX_LENGTH, rows=3)
    # The lender's answer: a refusal's reason, or a counter-offer's terms (shown for those outcomes).
    refusal_reason = TextField(
        label=_("What reason did they give? (optional)"), max_length=CONTACT_TEXT_MAX_LENGTH, rows=2
    )
    offer_periods = forms.IntegerField(
        label=_("Number of payments"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter a whole number of payments, for example 12.")},
    )
    offer_monthly_amount = MoneyField(label=_("Amount each month"), required=False)
    offer_fees = MoneyField(
        label=_("Fees or interest on top (0 if none)"),
        required=False,
        help_text=_("Only what comes on top of the monthly amounts."),
    )
    offer_rate_note = forms.CharField(
        label=_("Fee or rate as they said it (optional)"),
        max_length=RATE_NOTE_MAX_LENGTH,
        required=False,
        error_messages=TOO_LONG,
    )
    offer_first_payment_on = DateField(label=_("First payment date"), required=False)
    offer_conditions = TextField(
        label=_("Any conditions (optional)"), max_length=CONTACT_TEXT_MAX_LENGTH, rows=2
    )
    offer_covers = forms.MultipleChoiceField(
        label=_("For a bank card: what does their agreement state? (Article 70)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    TEXT_FIELDS = ("offer_made", "promised", "notes", "refusal_reason", "offer_conditions")
    OFFER_FIELDS = (
        "offer_periods",
        "offer_monthly_amount",
        "offer_fees",
        "offer_rate_note",
        "offer_first_payment_on",
        "offer_conditions",
        "offer_covers",
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["corrects"].queryset = ContactAttempt.objects.filter(case=case)
        self.fields["corrects"].error_messages["invalid_choice"] = _(
            "The entry to correct is not one of this case's contacts."
        )
        self.fields["offer_covers"].choices = [(point.code, point.label) for point in article_70_points()]
        for name in self.TEXT_FIELDS:
            field = self.fields[name]
            hint = _("Up to %(limit)s characters.") % {"limit": f"{CONTACT_TEXT_MAX_LENGTH:,}"}
            field.help_text = f"{field.help_text} {hint}" if field.help_text else hint
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-length-limit"] = str(CONTACT_TEXT_MAX_LENGTH)
            field.error_messages.update(TOO_LONG)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == ContactAttempt.Outcome.COUNTER_OFFER:
            required = {
                "offer_periods": _("Enter how many payments they offered."),
                "offer_monthly_amount": _("Enter the amount they asked for each month."),
                "offer_first_payment_on": _("Enter the date of the first payment they proposed."),
            }
            for name, message in required.items():
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, message)
        elif outcome and any(data.get(name) not in (None, "", []) for name in self.OFFER_FIELDS):
            self.add_error(
                "outcome",
                _(
                    "You entered the terms of a counter-offer: choose “Counter-offer” as the result, or clear them."
                ),
            )
        return data

    def record_data(self) -> dict:
        """The parsed fields as the keyword arguments of `contact_attempt_record`; the counter-offer's terms
        as one CounterOfferTerms when that is the outcome."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.OFFER_FIELDS}
        if data.get("outcome") == ContactAttempt.Outcome.COUNTER_OFFER:
            data["counter_offer"] = CounterOfferTerms(
                periods=self.cleaned_data["offer_periods"],
                monthly_amount=self.cleaned_data["offer_monthly_amount"],
                fees=self.cleaned_data.get("offer_fees") or Decimal("0"),
                first_payment_on=self.cleaned_data["offer_first_payment_on"],
                rate_note=self.cleaned_data.get("offer_rate_note") or "",
                conditions=self.cleaned_data.get("offer_conditions") or "",
                covers=tuple(self.cleaned_data.get("offer_covers") or ()),
            )
        return data
