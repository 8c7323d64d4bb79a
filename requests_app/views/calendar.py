"""The case's dates as a calendar file for the phone."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from ..services.access import cases_for
from ..services.calendar import case_calendar


@login_required
def case_calendar_download(request, public_id):
    """An .ics download of the due date, payments and follow-ups of a case the person may see."""
    case = get_object_or_404(
        cases_for(request.user)
        .select_related("lender")
        .prefetch_related("payments", "contacts", "escalation_steps"),
        public_id=public_id,
    )
    body = case_calendar(
        case=case,
        contacts=list(case.contacts.all()),
        case_url=request.build_absolute_uri(case.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="repayment-plan-{case.public_id.hex[:8]}.ics"'
    return response
