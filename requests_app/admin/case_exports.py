"""The review desk's exports (PDFs as a zip, CSV): queued as background jobs (services.export_jobs), with
the counselor's list of exports, their progress and the download of the finished file."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import ExportJob
from ..services import export_jobs


class CaseExports:
    """Mixin of CaseAdmin: the export actions and the pages that follow them."""

    @admin.action(description=_("Download the selected cases' PDFs (zip)"), permissions=["view"])
    def download_pdfs(self, request, queryset):
        return self._export(request, queryset, kind=ExportJob.Kind.PDF_ZIP)

    @admin.action(description=_("Export the selected cases as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, kind=ExportJob.Kind.CSV)

    def _export(self, request, queryset, *, kind):
        # Built by the worker: the request renders nothing.
        case_ids = list(queryset.order_by(*self.get_ordering(request)).values_list("pk", flat=True))
        try:
            export_jobs.export_job_request(kind=kind, case_ids=case_ids, by=request.user)
        except export_jobs.TooManyCases as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return None
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                gettext("The export is being prepared in the background."),
                reverse("admin:requests_app_case_exports"),
                gettext("See its progress and download it from your exports."),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:requests_app_case_exports"))

    def get_urls(self):
        return [
            path("exports/", self.admin_site.admin_view(self.exports_view), name="requests_app_case_exports"),
            path(
                "exports/<uuid:public_id>/download/",
                self.admin_site.admin_view(self.export_download_view),
                name="requests_app_case_export_download",
            ),
            *super().get_urls(),
        ]

    def exports_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        jobs = list(export_jobs.export_jobs_for(request.user)[:50])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Your exports"),
            "opts": self.model._meta,
            "jobs": jobs,
            "refresh": any(job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING) for job in jobs),
        }
        return TemplateResponse(request, "admin/requests_app/case/exports.html", context)

    def export_download_view(self, request, public_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = export_jobs.export_jobs_for(request.user).filter(public_id=public_id).first()
        if job is None or job.status != ExportJob.Status.DONE or not job.file:
            raise Http404
        name = job.file.name.rsplit("/", 1)[-1]
        response = FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
        response["Cache-Control"] = "private, no-store"
        return response
