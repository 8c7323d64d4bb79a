"""The household budget form: income by source, essentials by category, explanations where a category is
above its national reference, and the payments made first (a formset). Rules live in services.household."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Budget, Commitment
from ..models.budget import INCOME_FIELDS, SPENDING_FIELDS
from ..services.budget import EXPLANATION_MAX_LENGTH, MAX_COMMITMENTS, MAX_HOUSEHOLD_SIZE, REFERENCE_GROUPS
from ..services.text_limits import CREDITOR_MAX_LENGTH, INCOME_NOTES_MAX_LENGTH
from .fields import TOO_LONG, MoneyField, TextField


def _money(name: str) -> MoneyField:
    model_field = Budget._meta.get_field(name)
    return MoneyField(
        label=str(model_field.verbose_name).capitalize(),
        required=False,
        help_text=model_field.help_text,
    )


class BudgetForm(forms.Form):
    """One budget; `version` refuses a save over another tab's newer one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    household_size = forms.IntegerField(
        label=_("People living on this budget"),
        min_value=1,
        max_value=MAX_HOUSEHOLD_SIZE,
        initial=1,
        help_text=Budget._meta.get_field("household_size").help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": _("Enter between 1 and %(limit_value)s people.")
            % {"limit_value": MAX_HOUSEHOLD_SIZE},
            "max_value": _("Enter between 1 and %(limit_value)s people.")
            % {"limit_value": MAX_HOUSEHOLD_SIZE},
            "invalid": _("Enter a whole number of people."),
            "required": _("Enter how many people live on this budget."),
        },
    )
    income_notes = TextField(
        label=_("About your income (optional)"),
        max_length=INCOME_NOTES_MAX_LENGTH,
        rows=2,
        help_text=_("The lender hears this: for example, “new job from March, half pay until then”."),
        error_messages=TOO_LONG,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in INCOME_FIELDS + SPENDING_FIELDS:
            self.fields[name] = _money(name)
        for group in REFERENCE_GROUPS:
            self.fields[f"explain_{group.key}"] = TextField(
                label=_("Why is “%(category)s” above the average?") % {"category": group.label},
                max_length=EXPLANATION_MAX_LENGTH,
                rows=2,
                error_messages=TOO_LONG,
            )

    @staticmethod
    def initial_for(budget: Budget | None) -> dict:
        if budget is None:
            return {"household_size": 1}
        initial = {name: getattr(budget, name) for name in ("household_size", "income_notes", "version")}
        initial.update({name: getattr(budget, name) for name in INCOME_FIELDS + SPENDING_FIELDS})
        initial.update({f"explain_{key}": text for key, text in (budget.explanations or {}).items()})
        return initial


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=Commitment.Kind.choices)
    creditor = forms.CharField(
        label=_("Paid to (optional)"), max_length=CREDITOR_MAX_LENGTH, required=False, error_messages=TOO_LONG
    )
    balance = MoneyField(label=_("Still owed (optional)"), required=False)
    monthly_payment = MoneyField(label=_("Per month"), required=False)


CommitmentFormSet = forms.formset_factory(
    CommitmentForm, extra=1, can_delete=True, max_num=MAX_COMMITMENTS, validate_max=True, absolute_max=50
)
