"""PDFs rendered ahead: when a case's plan or contact history changes (services.background.plan_changed),
the worker renders its letter and plan in the case's letter language and stores them, so the person's
download is served from the store instead of waiting ~0.4 s or more for WeasyPrint."""

import logging

from django.db.models import Prefetch

from ...models import Case, ContactAttempt, Payment, PlanVersion
from ..background import background_job, job_enqueue, plan_changed
from .render import cached_plan_pdf

logger = logging.getLogger(__name__)


def document_case(case_id: int) -> Case | None:
    """The case with everything its document reads, in a fixed number of queries; None when deleted."""
    return (
        Case.objects.select_related("lender", "owner", "owner__account_profile")
        .prefetch_related(
            Prefetch("payments", queryset=Payment.objects.order_by("due_on", "id")),
            Prefetch("contacts", queryset=ContactAttempt.objects.order_by("-occurred_at", "-id")),
            Prefetch("plan_versions", queryset=PlanVersion.objects.order_by("-number")),
        )
        .filter(pk=case_id)
        .first()
    )


@background_job()
def plan_pdf_render_ahead(*, case_id: int) -> bool:
    """Render and store case `case_id`'s PDF in its letter language unless it is stored already; True when
    it rendered. A case deleted meanwhile is skipped."""
    case = document_case(case_id)
    if case is None:
        return False
    if case.lender_id is None:  # a draft without a lender has no letter to print yet
        return False
    cached_plan_pdf(case=case)  # renders and stores only when not ready
    return True


def _render_ahead_on_change(sender, *, case_id: int, **kwargs) -> None:
    job_enqueue(plan_pdf_render_ahead, case_id=case_id)


plan_changed.connect(_render_ahead_on_change, dispatch_uid="plan_pdf_render_ahead")
