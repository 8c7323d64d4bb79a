"""The case's records on their own pages: schedule lines, plan versions, contact attempts, review notes
and status changes. History rows are never added, changed or deleted here; they belong to the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import ContactAttempt, Payment, PlanVersion, ReviewNote, StatusChange
from ..services.access import records_of_shared_cases


class CaseRecordAdmin(admin.ModelAdmin):
    """A record listed with its case (lender and public id) without a query per row."""

    list_select_related = ["case__lender"]
    raw_id_fields = ["case"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    ordering = ["-id"]  # newest first, straight from the primary key (the models' orders join the case)

    def get_queryset(self, request):
        # Records of a case the borrower does not share are no more visible than the case itself.
        return records_of_shared_cases(super().get_queryset(request))

    @admin.display(description=_("case"), ordering="case_id")
    def case_ref(self, record):
        return str(record.case)


class AppendOnlyAdmin(CaseRecordAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(AppendOnlyAdmin):
    """Read-only here: a schedule is changed on its case's page, where each change makes a plan version."""

    list_display = ["case_ref", "due_on", "amount"]


@admin.register(PlanVersion)
class PlanVersionAdmin(AppendOnlyAdmin):
    list_display = ["case_ref", "number", "created_at", "created_by", "content_hash"]
    list_select_related = ["case__lender", "created_by"]


@admin.register(ContactAttempt)
class ContactAttemptAdmin(AppendOnlyAdmin):
    list_display = [
        "case_ref",
        "occurred_at",
        "channel",
        "agent_id",
        "ticket_number",
        "outcome",
        "next_follow_up",
    ]
    list_filter = ["channel", "outcome"]
    search_fields = ["=agent_id", "=ticket_number"]
    search_help_text = _("Exact agent id or ticket number.")


@admin.register(StatusChange)
class StatusChangeAdmin(AppendOnlyAdmin):
    list_display = ["case_ref", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["case__lender", "changed_by"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(CaseRecordAdmin):
    """Notes are added (the author is whoever writes them) and never edited by anyone but superusers."""

    list_display = ["case_ref", "author", "created_at", "body"]
    list_select_related = ["case__lender", "author"]
    fields = ["case", "body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
