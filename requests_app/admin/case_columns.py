"""The review desk's columns and read-only fields of a case: what the queue and the case page show, each
read from a service (the assessment's urgency and follow-up rules, findings, the monthly offer)."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Case, ContactAttempt
from ..services.assessment import Urgency, due_urgency, follow_up_is_due
from ..services.finances import case_monthly_offer
from ..services.findings import Severity, sort_findings
from ..services.formatting import clause_separator, money
from ..services.household import household_page_data
from ..services.review_rows import ReviewRow, review_rows
from ..services.schedule import deferral_end
from ..services.validation import validate


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


DOCUMENT_CHANNELS = [
    ("phone", _("Phone script")),
    ("chat", _("Chat script")),
    ("social", _("Social media script")),
]


class ReviewQueuePage(ChangeList):
    """The review queue's page of cases, each with its computed columns (review_rows.review_rows: served by
    the digest of their inputs, computed for the cases whose inputs changed): the page's query carries none
    of the case page's prefetches."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).prefetch_related(None)

    def get_results(self, request):
        super().get_results(request)
        rows = review_rows(cases=self.result_list, today=self.model_admin._today())
        for case in self.result_list:
            case.review_row = rows.get(case.pk)


STATUS_LABELS = dict(Case.Status.choices)

#: Django's label of a row's action checkbox, translated by Django's own catalogue (not one of ours).
ACTION_CHECKBOX_LABEL = "Select this object for an action - {}"


class CaseColumns:
    """Mixin of CaseAdmin: the changelist columns and the read-only fields of the case page."""

    # --- Columns ---

    def action_checkbox(self, obj):
        """Django's action checkbox, the same markup written out directly: rendering a form widget through its
        template for each of a page's 50 rows cost about a tenth of the page."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext(ACTION_CHECKBOX_LABEL), str(obj)),
        )

    def _today(self):
        return timezone.localdate()

    def _findings(self, case):
        if not hasattr(case, "_review_findings"):
            case._review_findings = validate(case, today=self._today())
        return case._review_findings

    def _review_row(self, case) -> ReviewRow | None:
        """The queue's computed columns of `case` (set on each case of the page by ReviewQueuePage); None
        for a case deleted since the page was read."""
        if not hasattr(case, "review_row"):
            case.review_row = review_rows(cases=[case], today=self._today()).get(case.pk)
        return case.review_row

    @admin.display(description=_("case"), ordering="id")
    def reference(self, case):
        return format_html(
            '<span class="review-ref">{}</span><br><span class="review-sub">{}</span>',
            case.public_id.hex[:8],
            case.owner.get_username(),
        )

    @admin.display(description=Case._meta.get_field("status").verbose_name, ordering="status")
    def status_shown(self, case):
        # The label from the choices (get_status_display rebuilds their mapping on every call).
        return format_html(
            '<span class="review-nowrap">{}</span>', STATUS_LABELS.get(case.status, case.status)
        )

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
        row = self._review_row(case)
        if row is None:
            return None
        counts = row.counts
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

    @admin.display(description=Case._meta.get_field("offer_override").verbose_name)
    def offer_override_shown(self, case):
        return self._money_shown(case.offer_override)

    @admin.display(description=_("the household"))
    def household(self, case):
        return render_to_string(
            "admin/requests_app/case/household.html", household_page_data(owner_id=case.owner_id, case=case)
        )

    @admin.display(description=_("household"))
    def household_budget(self, case):
        row = self._review_row(case)
        if row is None:
            return None
        household = row.household
        if not household.has_budget:
            return format_html('<span class="review-sub">{}</span>', _("no budget"))
        if household.excess > 0:
            by_choice = household.over_budget_by_choice
            css = "review-badge review-error" if by_choice else "review-badge review-warning"
            text = _("offers over budget by %(amount)s") if by_choice else _("token offers %(amount)s over")
            return format_html(
                '<span class="{}" data-over-budget="1">{}</span>',
                css,
                text % {"amount": money(household.excess)},
            )
        return format_html(
            '<span class="review-sub">{}</span>',
            ngettext("%(count)s lender, within budget", "%(count)s lenders, within budget", household.lenders)
            % {"count": household.lenders},
        )

    @admin.display(description=Case._meta.get_field("evidence").verbose_name)
    def evidence_shown(self, case):
        labels = dict(Case.Evidence.choices)
        shown = clause_separator().join(str(labels.get(code, code)) for code in case.evidence or [])
        return shown or self.get_empty_value_display()

    @admin.display(description=_("monthly offer to this lender"))
    def capacity(self, case):
        value = case_monthly_offer(case)
        return money(value) if value is not None else self.get_empty_value_display()

    @admin.display(description=_("deferral ends"))
    def deferral_end_date(self, case):
        end = deferral_end(case)
        return _local_date(end) if end else self.get_empty_value_display()
