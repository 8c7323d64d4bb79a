"""Negotiation pages: take one of the lender's programmes as the plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..services.access import cases_editable_by
from ..services.cases import CaseClosed, InvalidSchedule, StaleCase, case_schedule_replace
from ..services.negotiation.programmes import repayment_options


@login_required
@require_POST
def case_option_use(request, public_id):
    """Replace the plan with the schedule of one of the lender's programmes that fits (a new plan version)."""
    case = get_object_or_404(
        cases_editable_by(request.user).select_related("lender").prefetch_related("lender__programmes"),
        public_id=public_id,
    )
    options = repayment_options(case)
    code = request.POST.get("option", "")
    chosen = next((o for o in (options.options if options else ()) if o.code == code and o.fits), None)
    if chosen is None:
        messages.error(
            request, _("That option is no longer available for this plan. Choose one from the list.")
        )
        return redirect(case.get_absolute_url() + "#options-title")
    version = request.POST.get("version", "")
    try:
        case_schedule_replace(
            case=case,
            payments=chosen.schedule.payments,
            expected_version=int(version) if version.isdigit() else None,
            by=request.user,
        )
    except (StaleCase, CaseClosed) as refused:
        messages.error(request, refused.message)
        return redirect(case)
    except InvalidSchedule:
        messages.error(
            request, _("That option's dates no longer work for this plan. Choose one from the list.")
        )
        return redirect(case)
    messages.success(
        request,
        _("Your plan is now %(option)s. Check it with the lender when you contact them.")
        % {"option": chosen.label},
    )
    return redirect(case)
