"""PDFs rendered ahead: a recorded plan version or a logged contact queues the render, the worker stores
the PDF, and the download serves the stored file without rendering."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from requests_app.services import pdf
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.evidence import evidence_upload
from requests_app.services.pdf import ahead as pdf_ahead
from requests_app.services.pdf import render as pdf_render
from requests_app.services.privacy import case_residue_delete
from tests import evidence_samples as samples

pytestmark = pytest.mark.django_db


def log_a_call(case, *, minutes_ago: int) -> None:
    """The owner logs a phone call from `minutes_ago` minutes ago ("call back"), through the service."""
    contact_attempt_record(
        case=case,
        by=case.owner,
        idempotency_key=uuid.uuid4(),
        channel="phone",
        occurred_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        outcome="call_back",
    )


def renders_refused(monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("rendered while the person waited")

    monkeypatch.setattr(pdf_render, "render_plan_pdf", refuse)


def test_a_logged_contact_queues_the_render_and_the_download_is_served_from_the_store(
    client, plan_case, worker, monkeypatch, django_capture_on_commit_callbacks
):
    assert not pdf.plan_pdf_is_stored(case=plan_case)
    with django_capture_on_commit_callbacks(execute=True):
        log_a_call(plan_case, minutes_ago=5)
    queued = DBTaskResult.objects.filter(task_path__endswith="plan_pdf_render_ahead")
    assert queued.count() == 1
    worker()
    assert queued.get().status == "SUCCESSFUL"
    assert pdf.plan_pdf_is_stored(case=plan_case)

    renders_refused(monkeypatch)
    client.force_login(plan_case.owner)
    response = client.get(reverse("requests_app:case_plan_pdf", args=[plan_case.public_id]))
    assert response.status_code == 200
    assert b"".join(response).startswith(b"%PDF")


def test_without_a_stored_file_the_download_renders_inline_and_keeps_it(client, plan_case):
    client.force_login(plan_case.owner)
    url = reverse("requests_app:case_plan_pdf", args=[plan_case.public_id])
    assert client.get(url).status_code == 200
    assert pdf.plan_pdf_is_stored(case=plan_case)


def test_deleting_the_case_deletes_its_stored_pdfs(plan_case):
    pdf.cached_plan_pdf(case=plan_case)
    public_hex = plan_case.public_id.hex
    case_id = plan_case.pk
    plan_case.delete()
    case_residue_delete(case_ids=[case_id], public_ids=[public_hex])
    assert pdf.store.stored_pdfs_delete(case_hex=public_hex) == 0


def test_a_letter_with_evidence_is_not_rendered_ahead(
    plan_case, worker, monkeypatch, django_capture_on_commit_callbacks
):
    """Such a letter is never stored (a deleted proof must leave no copy), so rendering it ahead would
    only spend the worker's time: the job skips it."""
    evidence_upload(case=plan_case, item="id_card", data=samples.jpeg(), raw_name=None, by=plan_case.owner)
    with django_capture_on_commit_callbacks(execute=True):
        log_a_call(plan_case, minutes_ago=5)
    renders_refused(monkeypatch)
    worker()
    jobs = DBTaskResult.objects.filter(task_path__endswith="plan_pdf_render_ahead")
    assert jobs.exists()
    assert {(job.status, job.return_value) for job in jobs} == {("SUCCESSFUL", False)}


def test_the_download_says_whether_the_pdf_was_ready_or_rendered_now(client, plan_case):
    """`make loadtest` counts downloads served from the store by this header (and the browser shows it)."""
    client.force_login(plan_case.owner)
    url = reverse("requests_app:case_plan_pdf", args=[plan_case.public_id])
    first = client.get(url)
    assert first["Server-Timing"].startswith('pdf;desc="rendered";dur=')
    assert float(first["Server-Timing"].rsplit("=", 1)[1]) > 0
    assert client.get(url)["Server-Timing"] == 'pdf;desc="stored"'


def test_changes_while_a_render_waits_queue_no_second_one(
    plan_case, worker, django_capture_on_commit_callbacks
):
    """The waiting render will render the case as it is when it starts: more jobs would only pile up."""
    for minutes in (30, 20, 10):
        with django_capture_on_commit_callbacks(execute=True):
            log_a_call(plan_case, minutes_ago=minutes)
    jobs = DBTaskResult.objects.filter(task_path__endswith="plan_pdf_render_ahead")
    assert jobs.count() == 1
    worker()
    assert pdf.plan_pdf_is_stored(case=plan_case)  # with all three contacts
    with django_capture_on_commit_callbacks(execute=True):
        log_a_call(plan_case, minutes_ago=5)
    assert jobs.count() == 2  # the first one ran: a new change queues a new render


class Renders:
    """Counts the PDFs WeasyPrint makes, wherever they are made (the worker or the download)."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = pdf_render.render_plan_pdf

        def counted(**kwargs):
            self.count += 1
            return real(**kwargs)

        monkeypatch.setattr(pdf_render, "render_plan_pdf", counted)


def fake_clock(monkeypatch, *, on_sleep=None) -> list[float]:
    """The download's waiting clock, advanced only by its own sleeps; `on_sleep(n)` runs at the n-th."""
    now = [1000.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds
        if on_sleep is not None:
            on_sleep(len(sleeps))

    monkeypatch.setattr(pdf_ahead.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(pdf_ahead.time, "sleep", sleep)
    return sleeps


def download(client, case):
    client.force_login(case.owner)
    response = client.get(reverse("requests_app:case_plan_pdf", args=[case.public_id]))
    assert response.status_code == 200
    assert b"".join(response).startswith(b"%PDF")
    return response


def test_a_download_right_after_a_change_waits_for_the_workers_render_instead_of_making_a_second(
    client, plan_case, worker, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.PDF_DOWNLOAD_WAIT_SECONDS = 3
    with django_capture_on_commit_callbacks(execute=True):
        log_a_call(plan_case, minutes_ago=5)
    renders = Renders(monkeypatch)
    sleeps = fake_clock(monkeypatch, on_sleep=lambda n: worker() if n == 3 else None)  # done 0.15 s on
    response = download(client, plan_case)
    assert response["Server-Timing"] == 'pdf;desc="waited";dur=150'
    assert renders.count == 1  # the worker's
    assert len(sleeps) == 3


def test_a_download_waits_no_longer_than_the_setting_and_then_makes_the_pdf(
    client, plan_case, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.PDF_DOWNLOAD_WAIT_SECONDS = 1
    with django_capture_on_commit_callbacks(execute=True):
        log_a_call(plan_case, minutes_ago=5)
    renders = Renders(monkeypatch)
    sleeps = fake_clock(monkeypatch)  # no worker comes
    response = download(client, plan_case)
    assert response["Server-Timing"].startswith('pdf;desc="rendered"')
    assert renders.count == 1
    assert 1 <= sum(sleeps) <= 1 + 2 * pdf_ahead.DOWNLOAD_POLL_SECONDS


def test_a_download_stops_waiting_when_the_render_ends_without_its_pdf(
    client, plan_case, worker, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """A letter with proofs attached is never stored, so the worker's job skips it: once the job is done
    there is nothing to wait for, and the download makes the PDF at once."""
    settings.PDF_DOWNLOAD_WAIT_SECONDS = 3
    evidence_upload(case=plan_case, item="id_card", data=samples.jpeg(), raw_name=None, by=plan_case.owner)
    with django_capture_on_commit_callbacks(execute=True):
        log_a_call(plan_case, minutes_ago=5)
    sleeps = fake_clock(monkeypatch, on_sleep=lambda n: worker() if n == 1 else None)
    response = download(client, plan_case)
    assert response["Server-Timing"].startswith('pdf;desc="rendered"')
    assert len(sleeps) == 1


def test_without_a_render_under_way_the_download_does_not_wait(client, plan_case, monkeypatch, settings):
    settings.PDF_DOWNLOAD_WAIT_SECONDS = 3
    sleeps = fake_clock(monkeypatch)
    response = download(client, plan_case)
    assert response["Server-Timing"].startswith('pdf;desc="rendered"')
    assert sleeps == []
