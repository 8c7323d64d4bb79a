"""Counselors' exports as background jobs: a zip of the cases' PDFs, or the CSV of the cases.

The request only records an ExportJob and queues it (no request renders more than one PDF); the worker
builds the file case by case, counting progress, stores it in the file storage, and the counselor
downloads it from the admin's export list. A job that keeps failing is marked failed with the error.
"""

import tempfile
import zipfile
from collections.abc import Sequence

from django.core.files import File
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import ContactAttempt, ExportJob, Payment, PlanVersion
from .access import cases_for
from .background import background_job, job_enqueue
from .export import CASE_EXPORT_SELECT, cases_csv_lines, pdf_file_name
from .pdf import cached_plan_pdf
from .refusals import Refusal

#: Cases in one export: a zip of PDFs renders each one not rendered ahead (~0.5 s each on a slow machine).
MAX_CASES_PER_PDF_ZIP = 500
MAX_CASES_PER_CSV = 200_000
#: Progress is written to the database every this many cases.
PROGRESS_EVERY = 5


class TooManyCases(Refusal):
    code = "export_too_many_cases"

    def __init__(self, *, limit: int):
        super().__init__(_("Select at most %(count)s cases for one export.") % {"count": limit})
        self.limit = limit


def export_job_request(*, kind: str, case_ids: Sequence[int], by, language: str | None = None) -> ExportJob:
    """Record an export of `case_ids` (in that order) for `by` and queue it; refuses TooManyCases. The CSV
    is written in `language` (default: the active one, i.e. the interface language of the request)."""
    limit = MAX_CASES_PER_PDF_ZIP if kind == ExportJob.Kind.PDF_ZIP else MAX_CASES_PER_CSV
    if len(case_ids) > limit:
        raise TooManyCases(limit=limit)
    job = ExportJob.objects.create(kind=kind, requested_by=by, case_ids=list(case_ids), total=len(case_ids))
    language = language or translation.get_language()
    transaction.on_commit(lambda: job_enqueue(export_job_run, job_id=job.pk, language=language))
    return job


def _export_failed(*, error: Exception, job_id: int, **kwargs) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED,
        error=f"{type(error).__name__}: {error}"[:2000],
        finished_at=timezone.now(),
    )


def _cases_in_order(case_ids: Sequence[int], *, visible, for_pdf: bool):
    queryset = visible.select_related(*CASE_EXPORT_SELECT)
    if for_pdf:
        queryset = queryset.prefetch_related(
            Prefetch("payments", queryset=Payment.objects.order_by("due_on", "id")),
            Prefetch("contacts", queryset=ContactAttempt.objects.order_by("-occurred_at", "-id")),
            Prefetch("plan_versions", queryset=PlanVersion.objects.order_by("-number")),
        )
    for start in range(0, len(case_ids), 100):
        chunk = list(case_ids[start : start + 100])
        found = queryset.in_bulk(chunk)
        # Cases deleted, or no longer shared with the counselors, since the export was asked for are left out.
        yield from (found[pk] for pk in chunk if pk in found)


@background_job(on_failure=_export_failed)
def export_job_run(*, job_id: int, language: str | None = None) -> str:
    """Build export `job_id`'s file (see the module docstring) with the CSV in `language` (the requester's
    interface language; the worker's default when not given); return its status."""
    job = ExportJob.objects.get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job.status
    ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.RUNNING, done=0, error="")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    visible = cases_for(job.requested_by)
    done = 0

    def progress(count: int) -> None:
        if count % PROGRESS_EVERY == 0 or count == job.total:
            ExportJob.objects.filter(pk=job_id).update(done=min(count, job.total))

    with tempfile.TemporaryFile() as spool:
        if job.kind == ExportJob.Kind.PDF_ZIP:
            names: set[str] = set()
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for case in _cases_in_order(job.case_ids, visible=visible, for_pdf=True):
                    name = pdf_file_name(case)
                    if name in names:
                        name = f"{name.removesuffix('.pdf')}-{case.public_id.hex}.pdf"
                    names.add(name)
                    archive.writestr(name, cached_plan_pdf(case=case))
                    done += 1
                    progress(done)
            file_name = f"cases-{stamp}.zip"
        else:
            for line in cases_csv_lines(
                cases=_cases_in_order(job.case_ids, visible=visible, for_pdf=False), language=language
            ):
                spool.write(line.encode("utf-8"))
                if line.startswith("\ufeff"):
                    continue  # the header row
                done += 1
                progress(done)
            file_name = f"cases-{stamp}.csv"
        spool.seek(0)
        job.refresh_from_db()
        if job.file:
            job.file.delete(save=False)
        job.file.save(f"{job.public_id.hex}/{file_name}", File(spool), save=False)
    job.status = ExportJob.Status.DONE
    job.done = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "done", "finished_at"])
    return job.status


def export_jobs_for(user):
    """The exports `user` asked for, newest first (counselors see only their own)."""
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at", "-id")
