"""Background jobs (Django's tasks API through the django-tasks backport): retried, then reported.

`background_job()` makes a service function a task that the worker runs (`task.enqueue(...)`). When it
raises, it is enqueued again after a delay (settings.BACKGROUND_JOB_RETRY_DELAYS, one per retry); when
the last attempt fails too, a TaskFailure row reports it in the admin and `on_failure` (if given) runs,
e.g. to mark an export failed. The worker's backend also keeps the failed result. Nothing is dropped.

The database backend (django-tasks-db, `manage.py db_worker`) is the default; with REDIS_URL set, RQ
(django-tasks-rq, `manage.py rqworker`). Arguments are ids and codes only: no personal data in a queue.

`plan_changed` is sent by the services that change what a case's documents show (a new plan version, a
logged contact) so that the PDF package can render ahead, without those services importing it.
"""

import datetime as dt
import functools
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task

from ..models import TaskFailure

logger = logging.getLogger(__name__)

#: Sent with `case_id` after a change to what the case's letter and plan show has been saved.
plan_changed = Signal()


def plan_changed_send(*, case_id: int) -> None:
    """Announce, once the current transaction commits (at once outside one), that case `case_id`'s
    documents changed. Nothing is announced for a transaction that rolls back."""
    transaction.on_commit(lambda: plan_changed.send(sender=None, case_id=case_id))


def _retry_delay(attempt: int) -> dt.timedelta | None:
    """The wait before attempt `attempt + 1`, or None when `attempt` was the last."""
    delays = settings.BACKGROUND_JOB_RETRY_DELAYS
    if attempt > len(delays):
        return None
    return dt.timedelta(seconds=delays[attempt - 1])


def job_enqueue(job, **kwargs):
    """Queue background `job` with keyword arguments `kwargs` on settings.BACKGROUND_JOB_QUEUE."""
    return job.using(queue_name=settings.BACKGROUND_JOB_QUEUE).enqueue(**kwargs)


def background_job(*, on_failure: Callable[..., None] | None = None):
    """Decorate a module-level function as a retried background task (see the module docstring). The
    function takes keyword arguments only; the task adds `attempt` (1 for the first run)."""

    def decorate(function):
        @functools.wraps(function)
        def run(context, *, attempt: int = 1, **kwargs):
            try:
                return function(**kwargs)
            except Exception as error:
                delay = _retry_delay(attempt)
                if delay is not None:
                    logger.warning(
                        "Background job %s failed (attempt %s), retrying in %s s: %s",
                        job.name,
                        attempt,
                        int(delay.total_seconds()),
                        type(error).__name__,
                    )
                    # The same task on the same queue and backend as this run.
                    same = context.task_result.task
                    retry = same.using(run_after=timezone.now() + delay) if delay else same
                    retry.enqueue(attempt=attempt + 1, **kwargs)
                else:
                    logger.error("Background job %s failed after %s attempts", job.name, attempt)
                    TaskFailure.objects.create(
                        task_name=job.name,
                        arguments=kwargs,
                        error=f"{type(error).__name__}: {error}"[:2000],
                        attempts=attempt,
                    )
                    if on_failure is not None:
                        on_failure(error=error, **kwargs)
                raise

        del run.__wrapped__  # the task's signature is run's own (context first), not the function's
        job = task(takes_context=True)(run)
        return job

    return decorate
