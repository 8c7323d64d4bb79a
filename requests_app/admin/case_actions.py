"""The review desk's bulk actions: assign, mark reviewed, change the status, download PDFs, export CSV."""

from django.contrib import admin, messages
from django.http import HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..services import export, review
from ..services.workflow import IllegalTransition, case_status_change
from .forms import StatusActionForm

#: More than this many cases at once would make the zip too slow to build in a request.
MAX_PDFS_PER_ZIP = 50
#: The bulk status form lists the cases it moves; keep it to a page's worth.
MAX_STATUS_MOVES = 200


class CaseActions:
    """Mixin of CaseAdmin: the bulk actions of the review queue, each through a service."""

    # --- Actions ---

    @admin.action(description=_("Assign the selected cases to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        cases = list(queryset.prefetch_related(None))
        for case in cases:
            review.case_assign_reviewer(case=case, reviewer=request.user, by=request.user)
            self.log_change(
                request, case, gettext("Assigned to %(name)s.") % {"name": request.user.get_username()}
            )
        self.message_user(
            request,
            ngettext(
                "%(count)s case is now assigned to you.",
                "%(count)s cases are now assigned to you.",
                len(cases),
            )
            % {"count": len(cases)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark the selected cases as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        cases = list(queryset.prefetch_related(None))
        for case in cases:
            review.case_mark_reviewed(case=case, by=request.user)
            self.log_change(request, case, gettext("Marked as reviewed."))
        self.message_user(
            request,
            ngettext("%(count)s case marked as reviewed.", "%(count)s cases marked as reviewed.", len(cases))
            % {"count": len(cases)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Change the status of the selected cases…"), permissions=["change"])
    def change_status(self, request, queryset):
        cases = list(queryset.prefetch_related(None)[: MAX_STATUS_MOVES + 1])
        if len(cases) > MAX_STATUS_MOVES:
            self.message_user(
                request,
                gettext("Select at most %(count)s cases to move at once.") % {"count": MAX_STATUS_MOVES},
                messages.ERROR,
            )
            return None
        form = StatusActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            to_status = form.cleaned_data["to_status"]
            moved, refused = 0, []
            for case in cases:
                try:
                    case_status_change(
                        case=case, to_status=to_status, by=request.user, note=form.cleaned_data["note"]
                    )
                except IllegalTransition as exc:
                    refused.append(f"{case.public_id.hex[:8]}: {exc.message}")
                    continue
                moved += 1
                self.log_change(
                    request,
                    case,
                    gettext("Status changed to %(status)s.") % {"status": case.get_status_display()},
                )
            if moved:
                self.message_user(
                    request,
                    ngettext("%(count)s case moved.", "%(count)s cases moved.", moved) % {"count": moved},
                    messages.SUCCESS,
                )
            if refused:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s case was not moved: %(reasons)s",
                        "%(count)s cases were not moved: %(reasons)s",
                        len(refused),
                    )
                    % {"count": len(refused), "reasons": " ".join(refused)},
                    messages.ERROR,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the status of the selected cases"),
            "opts": self.model._meta,
            "form": form,
            "cases": cases,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/requests_app/case/change_status.html", context)

    @admin.action(description=_("Download the selected cases' PDFs (zip)"), permissions=["view"])
    def download_pdfs(self, request, queryset):
        cases = list(queryset.select_related("lender", "owner")[: MAX_PDFS_PER_ZIP + 1])
        if len(cases) > MAX_PDFS_PER_ZIP:
            self.message_user(
                request,
                gettext("Select at most %(count)s cases for one zip of PDFs.") % {"count": MAX_PDFS_PER_ZIP},
                messages.ERROR,
            )
            return None
        content = export.cases_pdf_zip(cases=cases)
        response = HttpResponse(content, content_type="application/zip")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.zip"'
        return response

    @admin.action(description=_("Export the selected cases as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        cases = queryset.select_related(*export.CASE_EXPORT_SELECT).iterator(chunk_size=500)
        response = StreamingHttpResponse(
            export.cases_csv_lines(cases=cases), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
        return response
