"""The case page's inlines in the review desk: the schedule, contacts, notes, status changes and plan
versions, read-only except review notes; and how the case's history shows its changes."""

import dataclasses
from decimal import Decimal

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper

from ..models import Case, ContactAttempt, EvidenceFile, Payment, PlanVersion, ReviewNote, StatusChange
from ..services.formatting import clause_separator, money
from ..services.refusals import InvalidSchedule
from ..services.versions import snapshot_schedule
from .case_columns import _local_date
from .case_saves import ScheduleAdminFormSet, ScheduleRowAdminForm


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
    form = ScheduleRowAdminForm
    formset = ScheduleAdminFormSet
    fields = ["due_on", "amount"]
    ordering = ["due_on"]
    extra = 0
    verbose_name = _("scheduled payment")
    verbose_name_plural = _("Schedule")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        refusal = getattr(request, "_case_refusal", None)
        if isinstance(refusal, InvalidSchedule):  # the save just refused: mark its rows
            return type(formset.__name__, (formset,), {"refusal": refusal})
        return formset

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
    fields = ["number", "created_at", "created_by", "origin", "note", "summary", "short_hash"]
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
        return super().get_queryset(request).select_related("plan_version", "corrects", "counter_offer")

    @admin.display(description=_("what was said"))
    def details(self, contact):
        offer = getattr(contact, "counter_offer", None)
        terms = ""
        if offer is not None:
            terms = gettext("%(count)s × %(amount)s from %(date)s, fees %(fees)s; %(decision)s") % {
                "count": offer.periods,
                "amount": money(offer.monthly_amount),
                "date": offer.first_payment_on.isoformat(),
                "fees": money(offer.fees),
                "decision": offer.get_decision_display(),
            }
        parts = [
            (_("Offered"), contact.offer_made),
            (_("Counter-offer"), terms),
            (_("Reason given"), contact.refusal_reason),
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.help_text = _(
                "Not shown on the borrower's pages, but part of their data export: it is about them (PIPL)."
            )
        return field

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


#: Bookkeeping a person reading the history learns nothing from: the edit counter, where the wizard
#: resumes, the last-saved stamp. Left out of the history's changes; a row with nothing else is hidden.
HISTORY_NOISE = frozenset({"version", "wizard_step", "updated_at"})


class CaseHistoryContext(HistoricalRecordContextHelper):
    """Values in the case's change history as the admin shows them: labels for choices, yuan for money."""

    def context_for_delta_changes(self, delta):
        kept = [change for change in delta.changes if change.field not in HISTORY_NOISE]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=kept))

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


class EvidenceFileInline(ReadOnlyInline):
    """The borrower's uploaded proofs, each downloadable through the app's view (the case's access rule)."""

    model = EvidenceFile
    fields = ["item", "download", "details", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = _("Evidence files")

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        # Whoever may read the case may read its proofs; the files have no permission of their own.
        return request.user.has_perm("requests_app.view_case")

    @admin.display(description=_("file"))
    def download(self, evidence):
        url = reverse("requests_app:evidence_download", args=[evidence.case.public_id, evidence.public_id])
        return format_html('<a href="{}" download>{}</a>', url, evidence.get_kind_display())

    @admin.display(description=_("details"))
    def details(self, evidence):
        if evidence.pages:
            size = ngettext("%(count)s page", "%(count)s pages", evidence.pages) % {"count": evidence.pages}
        else:
            size = f"{evidence.width} × {evidence.height}"
        return f"{size} · {evidence.size // 1024 or 1} KB · {evidence.get_uploaded_as_display()}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")
