"""Recording a step of a complaint or dispute ("complaint sent on …"): the deadlines run from it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import EscalationStep
from ..services.escalation import NOTES_MAX_LENGTH, REFERENCE_MAX_LENGTH
from .fields import TOO_LONG, DateField, TextField


class EscalationStepForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=EscalationStep.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened."), "invalid_choice": _("Choose what happened.")},
    )
    occurred_on = DateField(
        label=_("On which day?"),
        error_messages={"required": _("Enter the day it happened.")},
    )
    reference = forms.CharField(
        label=_("Complaint or reference number"),
        max_length=REFERENCE_MAX_LENGTH,
        required=False,
        error_messages=TOO_LONG,
        help_text=_("Ask for it and write it down: you will quote it at every step."),
    )
    notes = TextField(
        label=_("Notes"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        error_messages=TOO_LONG,
    )
