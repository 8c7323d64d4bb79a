"""The review desk's bulk actions: assign, mark reviewed, change the status (exports: case_exports)."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..services import review
from ..services.workflow import IllegalTransition, case_status_change
from .forms import StatusActionForm

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
