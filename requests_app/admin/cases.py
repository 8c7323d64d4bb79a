"""The counselor's workplace: the review queue (case changelist) and the case page.

Business rules come from the services: findings (validation), the status workflow, assignment and the
reviewed mark (review), exports (export). Queries per page do not grow with the number of cases,
payments or contacts: relations are joined or prefetched, the latest contact is a subquery annotation.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Case
from ..services import privacy, review
from ..services.access import cases_shared
from ..services.wizard import WIZARD
from .case_actions import CaseActions
from .case_columns import CaseColumns, ReviewQueuePage
from .case_exports import CaseExports
from .case_inlines import (
    CaseHistoryContext,
    ContactAttemptInline,
    EvidenceFileInline,
    PaymentInline,
    PlanVersionInline,
    ReviewNoteInline,
    StatusChangeInline,
)
from .case_negotiation import (
    CaseNegotiationFields,
    CounterOfferInline,
    LenderAnswerFilter,
    PaymentRecordInline,
)
from .case_review import CaseReviewFields
from .case_saves import CaseSaves
from .filters import AssignedReviewerFilter, UrgencyFilter
from .forms import CaseAdminForm

#: Shown with a wizard step's own fields on the case page, before and after them (never edited there).
SHOWN_BEFORE = {"lender": ("owner",), "finances": ("capacity",)}
SHOWN_AFTER = {"lender": ("days_to_due",), "finances": ("household",), "schedule": ("deferral_end_date",)}
#: Fields set side by side on one line of the page.
SIDE_BY_SIDE = {
    ("amount_due", "due_date"),
    ("installments_total", "installments_remaining"),
    ("hardship_since", "hardship_expected_end"),
}
RECORD = ["public_id", "version", "wizard_step", "created_at", "updated_at"]
#: Computed on the page, never edited.
COMPUTED = [
    "findings",
    "documents",
    "days_to_due",
    "capacity",
    "deferral_end_date",
    "household",
    "changes_asked",
    "versions_compared",
    "agreed_payments",
]
#: Written only by the workflow and the actions, never typed in.
WORKFLOW_OWNED = ["status", "reviewed_at", "public_id", "version", "wizard_step", "created_at", "updated_at"]
#: What a counselor may change on the case page besides the status move.
REVIEWER_EDITABLE = {"assigned_reviewer"}
#: Read-only, a counselor sees these fields the way the borrower wrote them: money with ¥, evidence by name.
SHOWN_AS = {
    "owner": "borrower",
    "amount_due": "amount_due_shown",
    "installment_amount": "installment_amount_shown",
    "evidence": "evidence_shown",
    "offer_override": "offer_override_shown",
}


def step_lines(step) -> list:
    """The lines of a wizard step's fieldset: its fields in the wizard's order (`wizard.WIZARD`), with what
    is shown beside them, pairs side by side."""
    names = [*SHOWN_BEFORE.get(step.name, ()), *step.fields, *SHOWN_AFTER.get(step.name, ())]
    lines: list = []
    while names:
        pair = tuple(names[:2])
        lines.append(pair if pair in SIDE_BY_SIDE else names[0])
        names = names[len(pair) if pair in SIDE_BY_SIDE else 1 :]
    return lines


@admin.register(Case)
class CaseAdmin(
    CaseSaves,
    CaseExports,
    CaseColumns,
    CaseReviewFields,
    CaseNegotiationFields,
    CaseActions,
    SimpleHistoryAdmin,
):
    form = CaseAdminForm
    inlines = [
        PaymentInline,
        EvidenceFileInline,
        ContactAttemptInline,
        CounterOfferInline,
        PaymentRecordInline,
        ReviewNoteInline,
        StatusChangeInline,
        PlanVersionInline,
    ]
    list_display = [
        "reference",
        "status_shown",
        "lender",
        "amount",
        "due",
        "last_contact",
        "lender_answer",
        "follow_up",
        "findings_summary",
        "household_budget",
        "assigned_reviewer",
    ]
    list_display_links = ["reference"]
    list_filter = [
        UrgencyFilter,
        AssignedReviewerFilter,
        LenderAnswerFilter,
        "status",
        "lender",
        "repayment_mode",
        "hardship_category",
    ]
    list_select_related = ["lender", "owner", "assigned_reviewer"]
    list_per_page = 50
    list_max_show_all = 200
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # counting every filter choice over all cases is too slow
    search_help_text = _(
        "Search by case number (or its first 8 characters), the borrower's username or email, "
        "or a contact's agent id or ticket number."
    )
    search_fields = ["public_id"]  # shows the search box; the search itself is review.case_search
    raw_id_fields = ["owner"]
    actions = ["assign_to_me", "mark_reviewed", "change_status", "download_pdfs", "export_csv"]
    object_history_list_template = "admin/requests_app/case/history_list.html"
    # The admin's "view on site" shortcut would turn sequential case numbers into the public ids for
    # any staff account; the case page links the documents itself.
    view_on_site = False

    class Media:
        css = {"all": ["requests_app/admin_review.css"]}

    # --- Queries ---

    def get_changelist(self, request, **kwargs):
        return ReviewQueuePage

    def get_queryset(self, request):
        # Only the cases their owners share with the counselors ("Ask a counselor"), for every staff member.
        # The queue's page loads what its columns read itself (ReviewQueuePage).
        queryset = cases_shared(super().get_queryset(request))
        return review.review_queue(queryset).prefetch_related(*review.case_review_prefetches())

    def get_ordering(self, request):
        return review.urgency_ordering()

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return review.case_search(queryset, search_term), False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_reviewer":
            kwargs["queryset"] = (
                get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- Permissions: counselors change the status and the assignment, nothing else ---

    def get_fieldsets(self, request, obj=None):
        review_fields = ["status"]
        if self.has_change_permission(request, obj):
            review_fields += ["new_status", "status_note", "requested_changes"]
        review_fields += ["changes_asked", "assigned_reviewer", "reviewed_at", "findings", "documents"]
        review_fields += ["versions_compared", "agreed_payments"]
        record = [*RECORD]
        if request.user.is_superuser:
            review_fields.insert(review_fields.index("changes_asked"), "correction_note")
            record.append("seen_version")
            shown = list
        else:

            def shown(fields):
                return [
                    tuple(SHOWN_AS.get(f, f) for f in item)
                    if isinstance(item, tuple)
                    else SHOWN_AS.get(item, item)
                    for item in fields
                ]

        return [
            (_("Review"), {"fields": review_fields}),
            *[(step.desk_title, {"fields": shown(step_lines(step))}) for step in WIZARD],
            (_("Record"), {"fields": record, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*COMPUTED, *WORKFLOW_OWNED, *SHOWN_AS.values(), "owner"]
        if obj is not None and not request.user.is_superuser:
            every_field = [f.name for f in Case._meta.concrete_fields]
            readonly += [name for name in every_field if name not in REVIEWER_EDITABLE]
        if not request.user.is_superuser:
            readonly += ["seen_version", "correction_note"]  # nothing of the borrower's to overwrite
        return list(dict.fromkeys(readonly))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        # A superuser deleting a case deletes its history and stored PDFs with it (services.privacy).
        with transaction.atomic():
            case_id, public_hex = obj.pk, obj.public_id.hex
            super().delete_model(request, obj)
            privacy.case_residue_delete(case_ids=[case_id], public_ids=[public_hex])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            cases = list(queryset.values_list("pk", "public_id"))
            super().delete_queryset(request, queryset)
            privacy.case_residue_delete(
                case_ids=[pk for pk, _ in cases], public_ids=[public_id.hex for _, public_id in cases]
            )

    def get_deleted_objects(self, objs, request):
        # A superuser deleting a case deletes its history with it; nobody else can delete a case.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if request.user.is_superuser:
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def get_historical_record_context_helper(self, request, historical_record):
        return CaseHistoryContext(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            # A change whose only differences are bookkeeping says nothing to a person: hide it.
            record.history_meaningful = (
                record.history_type != "~"
                or not hasattr(record, "history_delta_changes")
                or bool(record.history_delta_changes)
            )

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser

    def _visible_or_404(self, request, object_id) -> None:
        # A mistyped admin URL ("43/change/history/") reaches the history views with a path, not a number;
        # and simple_history reads the case without get_queryset: a case not shared with the counselors
        # must not show through its history either.
        if not str(unquote(object_id)).isdigit():
            raise Http404
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
