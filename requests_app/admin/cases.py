"""The counselor's workplace: the review queue (case changelist) and the case page.

Business rules come from the services: findings (validation), the status workflow, assignment and the
reviewed mark (review), exports (export). Queries per page do not grow with the number of cases,
payments or contacts: relations are joined or prefetched, the latest contact is a subquery annotation.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ..models import Case, ContactAttempt, Payment, PlanVersion, ReviewNote, StatusChange
from ..services import export, review
from ..services.access import cases_shared
from ..services.assessment import Urgency, due_urgency, follow_up_is_due
from ..services.finances import case_monthly_offer
from ..services.findings import Severity, sort_findings
from ..services.formatting import clause_separator, money
from ..services.schedule import deferral_end
from ..services.validation import validate
from ..services.versions import plan_version_record, snapshot_schedule
from ..services.workflow import IllegalTransition, case_status_change
from .filters import AssignedReviewerFilter, UrgencyFilter
from .forms import CaseAdminForm, StatusActionForm

#: More than this many cases at once would make the zip too slow to build in a request.
MAX_PDFS_PER_ZIP = 50
#: The bulk status form lists the cases it moves; keep it to a page's worth.
MAX_STATUS_MOVES = 200

#: Wizard grouping of the case's own fields.
LENDER_AND_BILL = ["owner", "lender", "account_hint", ("amount_due", "due_date"), "days_to_due"]
MODE = ["repayment_mode", ("installments_total", "installments_remaining"), "installment_amount"]
HARDSHIP = [
    "hardship_category",
    ("hardship_since", "hardship_expected_end"),
    "hardship_narrative",
    "evidence",
    "evidence_notes",
]
FINANCES = ["monthly_income", "income_sources", "essential_expenses", "other_debt_payments", "capacity"]
REQUEST = ["requested_deferral_days", "deferral_end_date", "letter_language"]
RECORD = ["public_id", "version", "wizard_step", "created_at", "updated_at"]
#: Computed on the page, never edited.
COMPUTED = ["findings", "documents", "days_to_due", "capacity", "deferral_end_date"]
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
    "monthly_income": "monthly_income_shown",
    "essential_expenses": "essential_expenses_shown",
    "other_debt_payments": "other_debt_payments_shown",
}

DOCUMENT_CHANNELS = [
    ("phone", _("Phone script")),
    ("chat", _("Chat script")),
    ("social", _("Social media script")),
]


def _local_date(value) -> str:
    """A date (or the local date of a time) as the admin writes dates."""
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, "SHORT_DATE_FORMAT")


def _compact_date(value) -> str:
    """A date in the review queue's columns: 2026-12-10, short enough not to wrap."""
    return (timezone.localtime(value) if hasattr(value, "tzinfo") else value).strftime("%Y-%m-%d")


def days_to_due_text(days: int) -> str:
    """ "Due in 3 days" / "Due today" / "5 days overdue", translated."""
    if days == 0:
        return gettext("Due today")
    if days > 0:
        return ngettext("Due in %(days)s day", "Due in %(days)s days", days) % {"days": days}
    return ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}


# --- Inlines -----------------------------------------------------------------------------------------


class ReadOnlyInline(admin.TabularInline):
    """An inline nobody adds to, changes or deletes from in the admin (history written by services)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    """The schedule: superusers may correct it; counselors read it with amounts in yuan."""

    model = Payment
    fields = ["due_on", "amount"]
    ordering = ["due_on"]
    extra = 0
    verbose_name = _("scheduled payment")
    verbose_name_plural = _("Schedule")

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fields
        return ["due_on", "amount_shown"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return []
        return ["due_on", "amount_shown"]

    @admin.display(description=Payment._meta.get_field("amount").verbose_name)
    def amount_shown(self, payment):
        return money(payment.amount)


class PlanVersionInline(ReadOnlyInline):
    model = PlanVersion
    fields = ["number", "created_at", "created_by", "summary", "short_hash"]
    ordering = ["-number"]
    verbose_name_plural = _("Plan versions")
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    @admin.display(description=_("plan"))
    def summary(self, version):
        data = version.data or {}
        schedule = snapshot_schedule(data)
        return gettext("%(amount)s due; %(count)s payments totalling %(total)s") % {
            "amount": money(Decimal(data.get("amount_due") or "0")),
            "count": len(schedule),
            "total": money(schedule.total),
        }

    @admin.display(description=_("content hash"))
    def short_hash(self, version):
        return version.content_hash[:12]


class ContactAttemptInline(ReadOnlyInline):
    model = ContactAttempt
    fields = [
        "occurred_at",
        "channel",
        "agent_id",
        "ticket_number",
        "outcome",
        "next_follow_up",
        "plan_version",
        "details",
        "correction_of",
    ]
    ordering = ["-occurred_at", "-id"]
    verbose_name_plural = _("Contact timeline (append-only: corrections are new entries)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan_version", "corrects")

    @admin.display(description=_("what was said"))
    def details(self, contact):
        parts = [
            (_("Offered"), contact.offer_made),
            (_("Promised"), contact.promised),
            (_("Notes"), contact.notes),
        ]
        return format_html_join(
            "", '<div class="review-detail"><b>{}</b> {}</div>', ((str(k), v) for k, v in parts if v)
        )

    @admin.display(description=_("corrects"))
    def correction_of(self, contact):
        if contact.corrects_id is None:
            return ""
        return gettext("entry of %(when)s") % {"when": _local_date(contact.corrects.occurred_at)}


class ReviewNoteInline(admin.TabularInline):
    """Notes are added, never edited or deleted; the author is whoever writes the note."""

    model = ReviewNote
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    ordering = ["-created_at"]
    extra = 1
    can_delete = False
    verbose_name_plural = _("Review notes")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    ordering = ["-changed_at", "-id"]
    verbose_name_plural = _("Status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class CaseHistoryContext(HistoricalRecordContextHelper):
    """Values in the case's change history as the admin shows them: labels for choices, yuan for money."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "—"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, Decimal) and field.name != "version":
            return money(value)
        if change.field == "evidence":
            labels = dict(Case.Evidence.choices)
            return clause_separator().join(str(labels.get(code, code)) for code in value)
        return super().prepare_delta_change_value(change, value)


# --- The case admin ----------------------------------------------------------------------------------


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    form = CaseAdminForm
    inlines = [PaymentInline, ContactAttemptInline, ReviewNoteInline, StatusChangeInline, PlanVersionInline]
    list_display = [
        "reference",
        "status_shown",
        "lender",
        "amount",
        "due",
        "last_contact",
        "follow_up",
        "findings_summary",
        "assigned_reviewer",
    ]
    list_display_links = ["reference"]
    list_filter = [
        UrgencyFilter,
        AssignedReviewerFilter,
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

    class Media:
        css = {"all": ["requests_app/admin_review.css"]}

    # --- Queries ---

    def get_queryset(self, request):
        # Only the cases their owners share with the counselors ("Ask a counselor"), for every staff member.
        # Explicit orders: the models' default orders start with "case", which would join the case again.
        queryset = cases_shared(super().get_queryset(request))
        return review.review_queue(queryset).prefetch_related(
            Prefetch("payments", queryset=Payment.objects.order_by("due_on", "id")),
            Prefetch("contacts", queryset=ContactAttempt.objects.order_by("-occurred_at", "-id")),
            Prefetch("plan_versions", queryset=PlanVersion.objects.order_by("-number")),
        )

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
        if obj is None:
            return [
                (_("Lender and the bill"), {"fields": [f for f in LENDER_AND_BILL if f != "days_to_due"]}),
                (_("Repayment mode"), {"fields": MODE}),
                (_("Hardship and evidence"), {"fields": HARDSHIP}),
                (_("Monthly income and expenses"), {"fields": [f for f in FINANCES if f != "capacity"]}),
                (_("What is asked for"), {"fields": [f for f in REQUEST if f != "deferral_end_date"]}),
            ]
        review_fields = ["status"]
        if self.has_change_permission(request, obj):
            review_fields += ["new_status", "status_note"]
        review_fields += ["assigned_reviewer", "reviewed_at", "findings", "documents"]
        record = [*RECORD]
        if request.user.is_superuser:
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
            (_("Lender and the bill"), {"fields": shown(LENDER_AND_BILL)}),
            (_("Repayment mode"), {"fields": shown(MODE)}),
            (_("Hardship and evidence"), {"fields": shown(HARDSHIP)}),
            (_("Monthly income and expenses"), {"fields": shown(FINANCES)}),
            (_("What is asked for"), {"fields": REQUEST}),
            (_("Record"), {"fields": record, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*COMPUTED, *WORKFLOW_OWNED, *SHOWN_AS.values()]
        if obj is not None and not request.user.is_superuser:
            every_field = [f.name for f in Case._meta.concrete_fields]
            readonly += [name for name in every_field if name not in REVIEWER_EDITABLE]
        if not request.user.is_superuser:
            readonly.append("seen_version")  # nothing of the borrower's to overwrite
        return list(dict.fromkeys(readonly))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # A superuser deleting a case deletes its history with it; nobody else can delete a case.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if request.user.is_superuser:
            perms_needed = set()
        return deleted, counts, perms_needed, protected

    def get_historical_record_context_helper(self, request, historical_record):
        return CaseHistoryContext(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser

    def _visible_or_404(self, request, object_id) -> None:
        # simple_history reads the case without get_queryset: a case not shared with the counselors
        # must not show through its history either.
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

    # --- Saving: data fields (superusers), assignment and status through the services ---

    def save_model(self, request, obj, form, change):
        if not change or request.user.is_superuser:
            if change and self._data_changed(form):
                obj.version += 1  # the borrower's open wizard page now knows it is stale
            super().save_model(request, obj, form, change)
        elif "assigned_reviewer" in form.changed_data:
            review.case_assign_reviewer(
                case=obj, reviewer=form.cleaned_data["assigned_reviewer"], by=request.user
            )
        new_status = form.cleaned_data.get("new_status")
        if change and new_status:
            try:
                case_status_change(
                    case=obj,
                    to_status=new_status,
                    by=request.user,
                    note=form.cleaned_data.get("status_note", ""),
                )
            except IllegalTransition as refused:  # someone moved it between the form and the save
                self.message_user(request, refused.message, messages.ERROR)
                request._case_status_refused = True

    def save_formset(self, request, form, formset, change):
        if formset.model is ReviewNote:
            for note in formset.save(commit=False):
                note.author = request.user
                note.save()
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            return
        schedule_changed = any(fs.model is Payment and fs.has_changed() for fs in formsets)
        if schedule_changed and not self._data_changed(form):
            # Figures edited on the form already moved the version on in save_model; a schedule edited
            # alone must too, so the borrower's open wizard page knows it is stale.
            Case.objects.filter(pk=form.instance.pk).update(version=F("version") + 1)
        if schedule_changed or self._data_changed(form):
            # A correction of the plan is a new plan version, as every change to the proposal is.
            plan_version_record(case=form.instance, by=request.user)

    @staticmethod
    def _data_changed(form) -> bool:
        return bool(
            set(form.changed_data) - {"new_status", "status_note", "seen_version"} - REVIEWER_EDITABLE
        )

    def response_change(self, request, obj):
        if getattr(request, "_case_status_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def get_changeform_initial_data(self, request):
        return {"letter_language": Case.Language.ZH_HANS}

    # --- Columns ---

    def _today(self):
        return timezone.localdate()

    def _findings(self, case):
        if not hasattr(case, "_review_findings"):
            case._review_findings = validate(case, today=self._today())
        return case._review_findings

    @admin.display(description=_("case"), ordering="id")
    def reference(self, case):
        return format_html(
            '<span class="review-ref">{}</span><br><span class="review-sub">{}</span>',
            case.public_id.hex[:8],
            case.owner.get_username(),
        )

    @admin.display(description=Case._meta.get_field("status").verbose_name, ordering="status")
    def status_shown(self, case):
        return format_html('<span class="review-nowrap">{}</span>', case.get_status_display())

    @admin.display(description=_("amount due"), ordering="amount_due")
    def amount(self, case):
        return money(case.amount_due) if case.amount_due is not None else None

    @admin.display(description=_("due date"), ordering="due_date")
    def due(self, case):
        if case.due_date is None:
            return None
        return format_html(
            '<span class="review-nowrap">{}</span><br>{}',
            _compact_date(case.due_date),
            self.days_to_due(case),
        )

    @admin.display(description=_("due in"))
    def days_to_due(self, case):
        if case.due_date is None:
            return self.get_empty_value_display()
        today = self._today()
        urgency = due_urgency(due_date=case.due_date, status=case.status, today=today)
        css = {Urgency.OVERDUE: "review-overdue", Urgency.DUE_SOON: "review-soon"}.get(urgency, "review-sub")
        days = (case.due_date - today).days
        return format_html('<span class="review-nowrap {}">{}</span>', css, days_to_due_text(days))

    @admin.display(description=_("last contact"), ordering="last_contact_at")
    def last_contact(self, case):
        when = getattr(case, "last_contact_at", None)
        if when is None:
            return None
        outcome = ContactAttempt.Outcome(case.last_contact_outcome).label
        return format_html(
            '<span class="review-nowrap">{}</span><br><span class="review-sub">{}</span>',
            _compact_date(when),
            outcome,
        )

    @admin.display(description=_("next follow-up"), ordering="next_follow_up")
    def follow_up(self, case):
        when = getattr(case, "next_follow_up", None)
        if when is None:
            return None
        due = follow_up_is_due(at=when, status=case.status, now=timezone.now())
        local = timezone.localtime(when)
        return format_html(
            '<span class="review-nowrap {}">{}<br>{}</span>',
            "review-overdue" if due else "",
            _compact_date(local),
            local.strftime("%H:%M"),
        )

    @admin.display(description=_("findings"))
    def findings_summary(self, case):
        counts = review.finding_counts(self._findings(case))
        if not (counts.errors or counts.warnings or counts.infos):
            return format_html('<span class="review-ok">{}</span>', _("No problems"))
        badges = [
            (
                "review-badge review-error",
                counts.errors,
                ngettext("%(n)s error", "%(n)s errors", counts.errors),
            ),
            (
                "review-badge review-warning",
                counts.warnings,
                ngettext("%(n)s warning", "%(n)s warnings", counts.warnings),
            ),
            ("review-badge review-info", counts.infos, ngettext("%(n)s note", "%(n)s notes", counts.infos)),
        ]
        return format_html_join(
            " ", '<span class="{}">{}</span>', ((css, text % {"n": n}) for css, n, text in badges if n)
        )

    # --- Read-only fields of the case page ---

    @admin.display(description=_("findings"))
    def findings(self, case):
        found = sort_findings(self._findings(case))
        if not found:
            return format_html('<span class="review-ok">{}</span>', _("No problems found."))
        labels = {Severity.ERROR: _("Error"), Severity.WARNING: _("Warning"), Severity.INFO: _("Note")}
        return format_html(
            '<ul class="review-findings">{}</ul>',
            format_html_join(
                "",
                '<li><span class="review-badge review-{}">{}</span> {} <span class="review-sub">{} · {}</span></li>',
                ((f.severity, labels[f.severity], f.message, f.hint, f.code) for f in found),
            ),
        )

    @admin.display(description=_("documents"))
    def documents(self, case):
        links = [
            (
                reverse("requests_app:case_plan_pdf", kwargs={"public_id": case.public_id}),
                _("Letter and plan (PDF)"),
            )
        ]
        for channel, label in DOCUMENT_CHANNELS:
            url = reverse(
                "requests_app:case_script", kwargs={"public_id": case.public_id, "channel": channel}
            )
            links.append((url, label))
        return format_html_join(" · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links)

    @admin.display(description=Case._meta.get_field("owner").verbose_name)
    def borrower(self, case):
        owner = case.owner
        if owner.email:
            return format_html('{} <span class="review-sub">{}</span>', owner.get_username(), owner.email)
        return owner.get_username()

    def _money_shown(self, value):
        return money(value) if value is not None else self.get_empty_value_display()

    @admin.display(description=Case._meta.get_field("amount_due").verbose_name)
    def amount_due_shown(self, case):
        return self._money_shown(case.amount_due)

    @admin.display(description=Case._meta.get_field("installment_amount").verbose_name)
    def installment_amount_shown(self, case):
        return self._money_shown(case.installment_amount)

    @admin.display(description=Case._meta.get_field("monthly_income").verbose_name)
    def monthly_income_shown(self, case):
        return self._money_shown(case.monthly_income)

    @admin.display(description=Case._meta.get_field("essential_expenses").verbose_name)
    def essential_expenses_shown(self, case):
        return self._money_shown(case.essential_expenses)

    @admin.display(description=Case._meta.get_field("other_debt_payments").verbose_name)
    def other_debt_payments_shown(self, case):
        return self._money_shown(case.other_debt_payments)

    @admin.display(description=Case._meta.get_field("evidence").verbose_name)
    def evidence_shown(self, case):
        labels = dict(Case.Evidence.choices)
        shown = clause_separator().join(str(labels.get(code, code)) for code in case.evidence or [])
        return shown or self.get_empty_value_display()

    @admin.display(description=_("left each month to repay"))
    def capacity(self, case):
        value = case_monthly_offer(case)
        return money(value) if value is not None else self.get_empty_value_display()

    @admin.display(description=_("deferral ends"))
    def deferral_end_date(self, case):
        end = deferral_end(case)
        return _local_date(end) if end else self.get_empty_value_display()

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
