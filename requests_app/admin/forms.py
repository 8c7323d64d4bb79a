"""Admin forms for the case: the status move (through the workflow service) and the bulk status action."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Case
from ..services.workflow import IllegalTransition, allowed_transitions_ordered, transition_check

Status = Case.Status


class CaseAdminForm(forms.ModelForm):
    """The case form of the admin. `new_status` offers only the moves the workflow allows from the stored
    status; anything else posted is refused with the workflow's message. `seen_version` refuses a save
    over someone else's newer edit."""

    new_status = forms.ChoiceField(
        label=_("Move to"),
        required=False,
        choices=[("", "—"), *Status.choices],
        help_text=_("Only the moves the workflow allows are offered. Your name and the time are recorded."),
    )
    status_note = forms.CharField(
        label=_("Reason for the move"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Kept in the status history. When you move a case to “needs changes”, the borrower sees this "
            "note on their case page: say what to change."
        ),
    )
    evidence = forms.MultipleChoiceField(
        label=_("evidence held"),
        required=False,
        choices=Case.Evidence.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        # The admin narrows this to the fields it shows (see CaseAdmin.get_fieldsets / get_readonly_fields).
        fields = [
            "owner",
            "lender",
            "account_hint",
            "amount_due",
            "due_date",
            "repayment_mode",
            "installments_total",
            "installments_remaining",
            "installment_amount",
            "hardship_category",
            "hardship_since",
            "hardship_expected_end",
            "hardship_narrative",
            "evidence",
            "evidence_notes",
            "offer_override",
            "offer_override_reason",
            "requested_deferral_days",
            "letter_language",
            "assigned_reviewer",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "new_status" in self.fields and self.instance.pk:
            keep = _("— keep “%(status)s” —") % {"status": self.instance.get_status_display()}
            allowed = allowed_transitions_ordered(self.instance.status)
            self.fields["new_status"].widget.choices = [("", keep)] + [(s, Status(s).label) for s in allowed]
        if "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version

    def clean_new_status(self):
        value = self.cleaned_data.get("new_status")
        if value:
            try:
                transition_check(from_status=self.instance.status, to_status=value)
            except IllegalTransition as refused:
                raise ValidationError(refused.message, code="illegal_transition") from refused
        return value

    def clean_seen_version(self):
        value = self.cleaned_data.get("seen_version")
        if self.instance.pk and value is not None and value != self.instance.version:
            raise ValidationError(
                _("Someone changed this case while you had it open. Reload the page to see their changes."),
                code="stale",
            )
        return value


class StatusActionForm(forms.Form):
    """The bulk "change status" action: one target status and a reason for all the selected cases."""

    to_status = forms.ChoiceField(
        label=_("Move the selected cases to"), choices=[("", "---------"), *Status.choices]
    )
    note = forms.CharField(
        label=_("Reason for the move"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
