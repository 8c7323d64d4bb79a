"""The borrower's cases: the list, the case page and sharing it with the counselors (the wizard is views.wizard)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Case, StatusChange
from ..services.access import case_sharing_set, cases_editable_by, cases_for
from ..services.budget import prefetch_household_plans
from ..services.case_page import case_page, case_page_queryset
from ..services.cases import (
    case_overviews,
)
from .evidence import evidence_context
from .finding_links import finding_items


def _sent_back_moves() -> Prefetch:
    """The moves to "needs changes" (what `counselor_request` reads), in one query for all the cases."""
    return Prefetch(
        "status_changes", queryset=StatusChange.objects.filter(to_status=Case.Status.NEEDS_CHANGES)
    )


@login_required
def case_list(request):
    """The person's own cases, most urgent first, with "continue" for drafts and what a counselor asked for."""
    cases = (
        cases_editable_by(request.user)
        .select_related("lender")
        .prefetch_related("lender__programmes", "payments", "contacts", _sent_back_moves())
    )
    overviews = case_overviews(prefetch_household_plans(cases))
    return render(request, "requests_app/case_list.html", {"overviews": overviews})


@login_required
def case_detail(request, public_id):
    """The case page: summary, findings, plan and chart, cost of waiting, scripts, letter and contacts."""
    case = get_object_or_404(case_page_queryset(cases_for(request.user)), public_id=public_id)
    page = case_page(case=case, viewer=request.user, all_contacts=request.GET.get("contacts") == "all")
    assessment = page.assessment
    context = {
        "page": page,
        "next_action": page.next_action,
        "case": case,
        "is_owner": page.is_owner,
        "shared": page.shared,
        "unfinished": page.unfinished,
        "resume_step": page.resume_step,
        "findings": page.findings,
        "finding_items": finding_items(case, page.findings)
        if page.is_owner
        else [{"finding": f, "url": None, "place": ""} for f in page.findings],
        "has_errors": page.has_errors,
        "counselor_request": page.counselor_request,
        "schedule": assessment.schedule,
        "lender_facts": page.lender_facts,
        "options": page.options,
        "counter_offers": page.counter_offers,
        "agreed": page.agreed,
        "missed_script": page.missed_script,
        "record_key": uuid.uuid4(),
        "case_open": page.case_open,
        "capacity": assessment.monthly_offer,
        "amount_to_repay": assessment.amount_to_repay,
        "deferral_end": assessment.deferral_end,
        "chart": page.chart,
        "costs": page.costs,
        "follow_up": assessment.follow_up,
        "follow_up_due": assessment.follow_up_due,
        "timeline": page.timeline,
        "changes": page.changes,
        "last_presented": page.last_presented,
        "letters": page.letters,
        "scam_contacts": page.scam_contacts,
        "scam_case": page.scam_case,
        **page.household,
        **evidence_context(request, case, section=page.evidence, next_page="case"),
    }
    return render(request, "requests_app/case_detail.html", context)


@login_required
@require_POST
def case_sharing(request, public_id):
    """The owner shares the case with the counselors ("Ask a counselor") or withdraws it."""
    case = get_object_or_404(cases_editable_by(request.user), public_id=public_id)
    shared = request.POST.get("shared") == "1"
    case_sharing_set(case=case, shared=shared, by=request.user)
    if shared:
        messages.success(
            request,
            _(
                "Shared. A counselor can now read this case and may send you notes or ask for changes. "
                "You can stop sharing at any time."
            ),
        )
    else:
        messages.success(request, _("You stopped sharing this case: counselors can no longer see it."))
    return redirect(case)
