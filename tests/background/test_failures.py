"""A job that fails is retried, then reported in the admin: never dropped silently."""

import pytest
from django.test import TestCase
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from requests_app.models import ExportJob, TaskFailure
from requests_app.services import export_jobs
from tests.admin.conftest import case_with_records

pytestmark = pytest.mark.django_db


def test_a_failing_export_is_retried_then_reported_and_marked_failed(
    reviewer, superuser_client, worker, monkeypatch, settings
):
    settings.BACKGROUND_JOB_RETRY_DELAYS = [0, 0]
    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise RuntimeError("the PDF engine fell over")

    monkeypatch.setattr(export_jobs, "cached_plan_pdf", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_jobs.export_job_request(
            kind=ExportJob.Kind.PDF_ZIP, case_ids=[case_with_records().pk], by=reviewer
        )
    worker()

    assert len(calls) == 3, "the first attempt and two retries"
    runs = DBTaskResult.objects.filter(task_path__endswith="export_job_run")
    assert runs.count() == 3 and set(runs.values_list("status", flat=True)) == {"FAILED"}
    failure = TaskFailure.objects.get()
    assert failure.attempts == 3 and "RuntimeError" in failure.error
    assert failure.arguments == {"job_id": job.pk, "language": "zh-hans"}
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "fell over" in job.error

    listing = superuser_client.get(reverse("admin:requests_app_taskfailure_changelist"))
    assert listing.status_code == 200
    assert "export_job_run" in listing.content.decode()


def test_a_job_that_fails_once_succeeds_on_its_retry(reviewer, worker, monkeypatch):
    real = export_jobs.cached_plan_pdf
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the cache was away")
        return real(**kwargs)

    monkeypatch.setattr(export_jobs, "cached_plan_pdf", flaky)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_jobs.export_job_request(
            kind=ExportJob.Kind.PDF_ZIP, case_ids=[case_with_records().pk], by=reviewer
        )
    worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.done == job.total == 1
    assert not TaskFailure.objects.exists()
