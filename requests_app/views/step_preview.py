"""The wizard's live figures: the schedule step posts what is typed (nothing is saved) and gets back a
partial the page puts in place. The figures come from services.step_preview. (The offer step has no live
figure to type: the offer is the case's share of the household budget, shown as the server computed it.)"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from ..forms.wizard import PaymentFormSet, ScheduleStepForm, kept_schedule_rows
from ..services.access import cases_editable_by
from ..services.field_rules import payment_amount_pays
from ..services.schedule import ScheduledPayment
from ..services.step_preview import schedule_preview

PREVIEW_STEPS = ("schedule",)
_UNREADABLE = object()


def _typed(form_class, name: str, data):
    """The field's parsed value; None when left empty, _UNREADABLE when what was typed does not parse."""
    raw = data.get(name, "")
    if not str(raw).strip():
        return None
    try:
        return form_class.base_fields[name].clean(raw)
    except ValidationError:
        return _UNREADABLE


def _complete_rows(data) -> list[tuple[int, ScheduledPayment]]:
    """(row index, payment) for every typed row kept (forms.kept_schedule_rows) whose date and amount both
    parse and whose amount pays something (services.field_rules)."""
    formset = PaymentFormSet(data, prefix="payments")
    complete = {index for index, form in enumerate(formset.forms) if form.is_valid()}
    return [
        (index, payment)
        for index, payment in kept_schedule_rows(formset)
        if index in complete and payment.due_on is not None and payment_amount_pays(payment.amount)
    ]


@login_required
@require_POST
def case_step_preview(request, public_id, step):
    """The live figures of a wizard step of the person's own case, as an HTML partial."""
    if step not in PREVIEW_STEPS:
        raise Http404
    case = get_object_or_404(cases_editable_by(request.user).select_related("lender"), public_id=public_id)
    days = _typed(ScheduleStepForm, "requested_deferral_days", request.POST)
    preview = schedule_preview(
        case=case,
        deferral_days=None if days is _UNREADABLE else days,
        rows=_complete_rows(request.POST),
    )
    return render(request, "requests_app/includes/schedule_preview.html", {"preview": preview})
