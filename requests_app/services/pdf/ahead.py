"""PDFs rendered ahead: when a case's plan or contact history changes (services.background.plan_changed),
the worker renders its letter and plan in the case's letter language and stores them, so the person's
download is served from the store instead of waiting ~0.4 s or more for WeasyPrint."""

import logging

from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ...models import Case
from ..background import background_job, job_enqueue, plan_changed
from .render import plan_pdf_store_ahead

logger = logging.getLogger(__name__)


@background_job()
def plan_pdf_render_ahead(*, case_id: int) -> bool:
    """Render and store case `case_id`'s PDF in its letter language unless it is stored already or carries
    evidence (never stored); True when it rendered. A case deleted meanwhile is skipped."""
    case = Case.objects.filter(pk=case_id).first()  # plan_pdf_store_ahead reads the rest when it renders
    if case is None:
        return False
    if case.lender_id is None:  # a draft without a lender has no letter to print yet
        return False
    return plan_pdf_store_ahead(case=case)


def render_ahead_waiting(*, case_id: int) -> bool:
    """Whether a render of case `case_id` is queued and not started yet. It renders the case as it is when
    it starts, so a second one would only make the worker check again while changes pile up faster than
    it renders. Known for the database queue; with RQ (several workers) every change queues one."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    return DBTaskResult.objects.filter(
        task_path=plan_pdf_render_ahead.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__kwargs__case_id=case_id,
    ).exists()


def _render_ahead_on_change(sender, *, case_id: int, **kwargs) -> None:
    if not render_ahead_waiting(case_id=case_id):
        job_enqueue(plan_pdf_render_ahead, case_id=case_id)


plan_changed.connect(_render_ahead_on_change, dispatch_uid="plan_pdf_render_ahead")
