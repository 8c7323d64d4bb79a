"""Negotiation pages: take one of the lender's programmes as the plan."""

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import CounterOffer
from ..services.access import cases_editable_by
from ..services.cases import CaseClosed, InvalidSchedule, StaleCase, case_schedule_replace
from ..services.negotiation.agreements import NotAgreed, payment_record_add
from ..services.negotiation.outcomes import CounterOfferDecided, counter_offer_accept, counter_offer_decline
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


@login_required
@require_POST
def counter_offer_decide(request, public_id, offer_id):
    """Accept a counter-offer (its terms become the plan, proposed by the lender) or decline it."""
    case = get_object_or_404(cases_editable_by(request.user), public_id=public_id)
    offer = get_object_or_404(CounterOffer, pk=offer_id, case=case)
    action = request.POST.get("action", "")
    version = request.POST.get("version", "")
    try:
        if action == "accept":
            counter_offer_accept(
                offer=offer, by=request.user, expected_version=int(version) if version.isdigit() else None
            )
            messages.success(
                request,
                _(
                    "Agreed. Their terms are now your plan, marked as proposed by the lender. Record each payment below."
                ),
            )
        elif action == "decline":
            counter_offer_decline(offer=offer, by=request.user)
            messages.info(
                request, _("You declined their offer. Your own plan stays; see the next steps below.")
            )
        else:
            messages.error(request, _("Choose whether to accept or decline the offer."))
    except (StaleCase, CaseClosed, CounterOfferDecided) as refused:
        messages.error(request, refused.message)
    except InvalidSchedule:
        messages.error(
            request, _("Their dates have passed: record the terms again with the new dates they give.")
        )
    return redirect(case.get_absolute_url() + "#counter-offers")


@login_required
@require_POST
def payment_record_create(request, public_id):
    """Record an agreed payment as paid or missed (the form sends its own key, so a double submit records
    one)."""
    case = get_object_or_404(cases_editable_by(request.user).select_related("lender"), public_id=public_id)
    try:
        page_key = uuid.UUID(request.POST.get("page_key", ""))
        due_on = dt.date.fromisoformat(request.POST.get("due_on", ""))
        # One key per page load, row and answer: a double submit records once, another row still records.
        key = uuid.uuid5(page_key, f"{due_on.isoformat()}:{request.POST.get('result', '')}")
    except ValueError:
        messages.error(request, _("That payment could not be found. Reload the page and try again."))
        return redirect(case.get_absolute_url() + "#agreed-schedule")
    try:
        record = payment_record_add(
            case=case,
            by=request.user,
            idempotency_key=key,
            due_on=due_on,
            result=request.POST.get("result", ""),
        )
    except (CaseClosed, NotAgreed) as refused:
        messages.error(request, refused.message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if record.result == "missed":
            messages.warning(
                request, _("Recorded as missed. Contact the lender before the next date: see below.")
            )
        else:
            messages.success(request, _("Payment recorded. Thank you for keeping to the plan."))
    return redirect(case.get_absolute_url() + "#agreed-schedule")
