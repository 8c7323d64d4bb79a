"""PDFs rendered ahead: when a case's plan or contact history changes (services.background.plan_changed),
the worker renders its letter and plan in the case's letter language and stores them, so the person's
download is served from the store instead of waiting ~0.4 s or more for WeasyPrint."""

import dataclasses
import logging
import time

from django.conf import settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ...models import Case
from ..background import background_job, job_enqueue, plan_changed
from ..letter_language import resolve_language
from .render import PlanPdf, plan_pdf_make, plan_pdf_ready, plan_pdf_store_ahead

logger = logging.getLogger(__name__)

#: How often the waiting download looks for the PDF (a cache read) and at the worker's queue (a query).
DOWNLOAD_POLL_SECONDS = 0.05


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


def _renders_of(case_id: int, *statuses: TaskResultStatus) -> bool:
    """Whether the database queue holds a render of case `case_id` in one of `statuses` (False with RQ)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    return DBTaskResult.objects.filter(
        task_path=plan_pdf_render_ahead.module_path,
        status__in=statuses,
        args_kwargs__kwargs__case_id=case_id,
    ).exists()


def render_ahead_waiting(*, case_id: int) -> bool:
    """Whether a render of case `case_id` is queued and not started yet. It renders the case as it is when
    it starts, so a second one would only make the worker check again while changes pile up faster than
    it renders. Known for the database queue; with RQ (several workers) every change queues one."""
    return _renders_of(case_id, TaskResultStatus.READY)


def render_ahead_under_way(*, case_id: int) -> bool:
    """Whether a render of case `case_id` is queued or running. Known for the database queue; with RQ,
    False (a download then makes the PDF itself when none is ready)."""
    return _renders_of(case_id, TaskResultStatus.READY, TaskResultStatus.RUNNING)


def plan_pdf_download(
    *, case: Case, language: str | None = None, wait_seconds: float | None = None
) -> PlanPdf:
    """The case's PDF for a download: the stored one when it is ready (`render.plan_pdf_ready`). When it is
    not and the worker is rendering the case (right after a change: `render_ahead_under_way`), the
    download waits up to `wait_seconds` (settings.PDF_DOWNLOAD_WAIT_SECONDS) for that render rather than
    render a second copy: a render takes 0.2–0.4 s, and one in the web process holds a core, and the other
    requests of its process, for as long. Nothing ready in time (the worker is behind, the render failed,
    the case changed again and the next render has not finished, or the letter carries evidence and is
    never stored): the PDF is made now (`render.plan_pdf_make`). Raises Case.DoesNotExist when the case
    was deleted meanwhile."""
    language = resolve_language(case, language)
    if wait_seconds is None:
        wait_seconds = settings.PDF_DOWNLOAD_WAIT_SECONDS
    inputs, ready = plan_pdf_ready(case=case, language=language)
    if ready is None and wait_seconds > 0 and render_ahead_under_way(case_id=case.pk):
        started = time.monotonic()
        while time.monotonic() < started + wait_seconds:
            time.sleep(DOWNLOAD_POLL_SECONDS)
            under_way = render_ahead_under_way(case_id=case.pk)  # before the store: a render that ends
            inputs, ready = plan_pdf_ready(case=case, language=language)  # in between is found there
            if ready is not None or not under_way:
                break
        if ready is not None:
            return dataclasses.replace(ready, waited_ms=(time.monotonic() - started) * 1000)
    if ready is not None:
        return ready
    return plan_pdf_make(case=case, language=language, inputs=inputs)


def _render_ahead_on_change(sender, *, case_id: int, **kwargs) -> None:
    if not render_ahead_waiting(case_id=case_id):
        job_enqueue(plan_pdf_render_ahead, case_id=case_id)


plan_changed.connect(_render_ahead_on_change, dispatch_uid="plan_pdf_render_ahead")
