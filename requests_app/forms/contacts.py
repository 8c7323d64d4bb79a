"""The contact log form: what happened on one call or chat with the lender."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ContactAttempt
from ..services.contacts import AGENT_ID_MAX_LENGTH, CONTACT_TEXT_MAX_LENGTH, TICKET_MAX_LENGTH
from .fields import TOO_LONG, DateTimeField, TextField

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
        help_text=_("Ask for it at the start of the call."),
    )
    ticket_number = forms.CharField(
        label=_("Ticket or case number (工单号)"),
        max_length=TICKET_MAX_LENGTH,
        required=False,
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

    TEXT_FIELDS = ("offer_made", "promised", "notes")

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["corrects"].queryset = ContactAttempt.objects.filter(case=case)
        self.fields["corrects"].error_messages["invalid_choice"] = _(
            "The entry to correct is not one of this case's contacts."
        )
        for name in self.TEXT_FIELDS:
            field = self.fields[name]
            hint = _("Up to %(limit)s characters.") % {"limit": f"{CONTACT_TEXT_MAX_LENGTH:,}"}
            field.help_text = f"{field.help_text} {hint}" if field.help_text else hint
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-length-limit"] = str(CONTACT_TEXT_MAX_LENGTH)
            field.error_messages.update(TOO_LONG)

    def record_data(self) -> dict:
        """The parsed fields as the keyword arguments of `contact_attempt_record`."""
        return dict(self.cleaned_data)
