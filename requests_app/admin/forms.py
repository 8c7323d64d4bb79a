"""Admin forms for the case: the status move (through the workflow service) and the bulk status action."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..forms.fields import TOO_LONG
from ..models import Case
from ..services.change_requests import change_target_choices
from ..services.refusals import InvalidSchedule, StaleCase
from ..services.text_limits import CORRECTION_NOTE_MAX_LENGTH, STATUS_NOTE_MAX_LENGTH
from ..services.wizard import WIZARD_FIELDS
from ..services.workflow import IllegalTransition, allowed_transitions_ordered, transition_check

Status = Case.Status


class CaseAdminForm(forms.ModelForm):
    """The case form of the admin. `new_status` offers only the moves the workflow allows from the stored
    status; anything else posted is refused with the workflow's message. `seen_version` is the version
    the counselor opened: the correction service refuses a save over someone else's newer edit.
    `refusal` is what a service refused on the save just tried (admin.case_saves): it is shown next to
    its field, with what was typed kept."""

    refusal = None

    new_status = forms.ChoiceField(
        label=_("Move to"),
        required=False,
        choices=[("", "—"), *Status.choices],
        help_text=_("Only the moves the workflow allows are offered. Your name and the time are recorded."),
    )
    status_note = forms.CharField(
        label=_("Reason for the move"),
        required=False,
        max_length=STATUS_NOTE_MAX_LENGTH,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Kept in the status history. When you move a case to “needs changes”, the borrower sees this "
            "note on their case page: say what to change."
        ),
    )
    requested_changes = forms.MultipleChoiceField(
        label=_("What to change"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "With “needs changes”: the steps or fields the borrower must change. They see them as a checklist "
            "in their case and inside each step, ticked as they change them; you see which were done."
        ),
    )
    evidence = forms.MultipleChoiceField(
        label=_("evidence held"),
        required=False,
        choices=Case.Evidence.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_note = forms.CharField(
        label=_("Why you correct the plan"),
        required=False,
        max_length=CORRECTION_NOTE_MAX_LENGTH,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Needed when you change the borrower's figures or schedule: kept with the new plan version, "
            "with your name."
        ),
    )

    class Meta:
        model = Case
        # The admin narrows this to the fields it shows (see CaseAdmin.get_fieldsets / get_readonly_fields).
        fields = ["owner", *WIZARD_FIELDS, "assigned_reviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "requested_changes" in self.fields:
            self.fields["requested_changes"].choices = change_target_choices()
        if "new_status" in self.fields and self.instance.pk:
            keep = _("— keep “%(status)s” —") % {"status": self.instance.get_status_display()}
            allowed = allowed_transitions_ordered(self.instance.status)
            self.fields["new_status"].widget.choices = [("", keep)] + [(s, Status(s).label) for s in allowed]
        if "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version
            if isinstance(self.refusal, StaleCase) and self.is_bound:
                # What was typed stays; saving it again now means saving over the newer edit, knowingly.
                self.data = self.data.copy()
                self.data["seen_version"] = self.instance.version

    def clean_new_status(self):
        value = self.cleaned_data.get("new_status")
        if value:
            try:
                transition_check(from_status=self.instance.status, to_status=value)
            except IllegalTransition as refused:
                raise ValidationError(refused.message, code="illegal_transition") from refused
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("requested_changes") and cleaned.get("new_status") != Status.NEEDS_CHANGES:
            self.add_error(
                "requested_changes",
                ValidationError(
                    _("Name what to change only when you move the case to “needs changes”."),
                    code="changes_without_needs_changes",
                ),
            )
        if self.refusal is not None:
            self._show_refusal(self.refusal)
        return cleaned

    def _show_refusal(self, refusal) -> None:
        if isinstance(refusal, ValidationError) and hasattr(refusal, "error_dict"):
            for name, errors in refusal.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
            return
        if isinstance(refusal, ValidationError):
            self.add_error(None, refusal)
            return
        name = "new_status" if isinstance(refusal, IllegalTransition) else None
        if isinstance(refusal, InvalidSchedule):
            name = None  # the rows are marked in the schedule inline
        self.add_error(
            name if name in self.fields else None, ValidationError(refusal.message, code=refusal.code)
        )


class StatusActionForm(forms.Form):
    """The bulk "change status" action: one target status and a reason for all the selected cases."""

    to_status = forms.ChoiceField(
        label=_("Move the selected cases to"), choices=[("", "---------"), *Status.choices]
    )
    note = forms.CharField(
        label=_("Reason for the move"),
        required=False,
        max_length=STATUS_NOTE_MAX_LENGTH,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
