"""Saving the case page of the review desk: every write through a service.

A counselor's correction of the borrower's figures or schedule goes through `cases.case_admin_correct`
(the borrower's checks, the version claim and row lock, a plan version that says a counselor made it and
why); the assignment through `review.case_assign_reviewer`; the status move through the workflow. When a
service refuses, the whole save is rolled back and the page is shown again with what was typed and the
refusal next to its field (or its schedule row), never an error page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from ..forms.wizard import kept_schedule_rows
from ..models import Payment, ReviewNote
from ..services import review
from ..services.cases import case_admin_correct
from ..services.refusals import InvalidSchedule, Refusal
from ..services.wizard import STEP_FIELDS
from ..services.workflow import case_status_change

#: The case fields a correction may change: the wizard's, nothing else.
CORRECTABLE = frozenset(name for fields in STEP_FIELDS.values() for name in fields)


class SaveRefused(Exception):
    """A service refused the save; carries the refusal to the page shown again."""

    def __init__(self, refusal: Refusal | ValidationError):
        self.refusal = refusal
        super().__init__(getattr(refusal, "code", "invalid"))


class ScheduleRowAdminForm(forms.ModelForm):
    """One row of the schedule inline. Its rules (a date from today on, once; an amount above zero) are the
    correction service's (`wizard.payments_check`), with its codes and words, not the table's constraints
    (which stay as the database's backstop)."""

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "due_on", "amount"}

    def validate_unique(self):
        pass


class ScheduleAdminFormSet(BaseInlineFormSet):
    """The schedule inline's formset; `refusal` is the service's InvalidSchedule of the save just refused,
    its row errors shown on the rows they belong to. Rows are checked by the service, not here."""

    refusal: InvalidSchedule | None = None

    def validate_unique(self):
        pass

    def clean(self):
        super().clean()
        if self.refusal is None:
            return
        rows = kept_schedule_rows(self)
        unplaced = []
        for row, errors in self.refusal.row_errors.items():
            codes = self.refusal.row_codes.get(row, {})
            for name, message in errors.items():
                error = ValidationError(message, code=codes.get(name, "invalid"))
                if row < len(rows):
                    self.forms[rows[row][0]].add_error(name, error)
                else:
                    unplaced.append(error)
        if unplaced:
            raise ValidationError(unplaced)


class CaseSaves:
    """Mixin of CaseAdmin: the page's save, each write through its service."""

    def has_add_permission(self, request):
        # A case is opened by its borrower in the wizard; the desk corrects it, through the service.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_case_refusal", None)
        return type(form.__name__, (form,), {"refusal": refusal}) if refusal is not None else form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refused:  # the save's transaction is rolled back: nothing was written
            request._case_refusal = refused.refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # Nothing is written here: the correction needs the schedule inline too (save_related).
        pass

    def save_formset(self, request, form, formset, change):
        if formset.model is Payment:  # written by the correction service in save_related
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        if formset.model is ReviewNote:
            for note in formset.save(commit=False):
                note.author = request.user
                note.save()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        case, data = form.instance, form.cleaned_data
        try:
            self._correct(request, form, formsets)
            if "assigned_reviewer" in form.changed_data:
                review.case_assign_reviewer(case=case, reviewer=data["assigned_reviewer"], by=request.user)
            if data.get("new_status"):
                case_status_change(
                    case=case,
                    to_status=data["new_status"],
                    by=request.user,
                    note=data.get("status_note", ""),
                    requested_changes=data.get("requested_changes") or (),
                )
        except (Refusal, ValidationError) as refusal:
            raise SaveRefused(refusal) from refusal

    def _correct(self, request, form, formsets) -> None:
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in CORRECTABLE}
        schedule = next((fs for fs in formsets if fs.model is Payment and fs.has_changed()), None)
        if not values and schedule is None:
            return
        payments = [payment for _index, payment in kept_schedule_rows(schedule)] if schedule else None
        saved = case_admin_correct(
            case=form.instance,
            values=values,
            payments=payments,
            expected_version=form.cleaned_data.get("seen_version"),
            by=request.user,
            note=form.cleaned_data.get("correction_note", ""),
        )
        form.instance.version, form.instance.status = saved.case.version, saved.case.status
