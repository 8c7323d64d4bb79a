"""The same jobs on RQ with the real Redis on 127.0.0.1:6379 (what REDIS_URL switches to): an export is
built by an RQ worker, and a failing job is retried then reported. Each test has its own queue."""

import uuid

import django_rq
import pytest
import redis
from django.test import TestCase, override_settings
from rq import SimpleWorker

from requests_app.models import ExportJob, TaskFailure
from requests_app.services import export_jobs
from tests.admin.conftest import case_with_records

pytestmark = pytest.mark.django_db
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def rq_queue():
    name = f"test-{uuid.uuid4().hex[:12]}"
    redis.Redis.from_url(REDIS).ping()  # CI starts Redis; a missing one is a failure, not a skip
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}},
        RQ_QUEUES={name: {"URL": REDIS, "DEFAULT_TIMEOUT": 60}},
        BACKGROUND_JOB_QUEUE=name,
    ):
        yield name
        queue = django_rq.get_queue(name)
        queue.empty()
        queue.delete(delete_jobs=True)


def run_rq_worker(name):
    worker = django_rq.get_worker(name, worker_class=SimpleWorker)
    worker.work(burst=True)


def test_an_export_runs_on_rq_with_redis(rq_queue, reviewer):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_jobs.export_job_request(
            kind=ExportJob.Kind.CSV, case_ids=[case_with_records().pk, case_with_records().pk], by=reviewer
        )
    assert django_rq.get_queue(rq_queue).count == 1
    run_rq_worker(rq_queue)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.done == 2
    assert len(job.file.read().decode("utf-8").splitlines()) == 3  # header and two cases


def test_a_failing_job_on_rq_is_retried_then_reported(rq_queue, reviewer, monkeypatch, settings):
    settings.BACKGROUND_JOB_RETRY_DELAYS = [0, 0]
    calls = []

    def broken(**kwargs):
        calls.append(1)
        raise RuntimeError("no luck")

    monkeypatch.setattr(export_jobs, "cached_plan_pdf", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_jobs.export_job_request(
            kind=ExportJob.Kind.PDF_ZIP, case_ids=[case_with_records().pk], by=reviewer
        )
    run_rq_worker(rq_queue)
    assert len(calls) == 3
    assert TaskFailure.objects.get().attempts == 3
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert django_rq.get_queue(rq_queue).failed_job_registry.count == 3
