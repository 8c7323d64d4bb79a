"""What a counselor reads when a plan comes back: the checklist of changes they asked for (done or not)
and the last two plan versions side by side. The rules live in services.change_requests and
services.versions; this only lays them out."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Case, StatusChange
from ..services.change_requests import change_checklist
from ..services.formatting import money
from ..services.versions import plan_changes, snapshot_schedule
from .case_columns import _local_date


class CaseReviewFields:
    """Read-only fields of the case page in the admin (mixed into CaseAdmin)."""

    @admin.display(description=_("changes asked for"))
    def changes_asked(self, case):
        """The latest "needs changes" checklist, with what the borrower has changed since."""
        latest = (
            StatusChange.objects.filter(case=case, to_status=Case.Status.NEEDS_CHANGES)
            .order_by("-changed_at", "-id")
            .first()
        )
        items = change_checklist(case=case, change=latest)
        if not items:
            return self.get_empty_value_display()
        return format_html(
            '<ul class="review-checklist">{}</ul>',
            format_html_join(
                "",
                '<li data-item="{}" data-addressed="{}"><span class="review-badge {}">{}</span> {}</li>',
                (
                    (
                        item.key,
                        "yes" if item.addressed else "no",
                        "review-ok" if item.addressed else "review-warning",
                        gettext("changed") if item.addressed else gettext("not yet"),
                        item.label,
                    )
                    for item in items
                ),
            ),
        )

    @admin.display(description=_("plan versions side by side"))
    def versions_compared(self, case):
        """The latest plan version beside the one before: what changed, and the payments row by row."""
        versions = sorted(case.plan_versions.all(), key=lambda v: v.number, reverse=True)[:2]
        if len(versions) < 2:
            return self.get_empty_value_display()
        new, old = versions
        changes = plan_changes(old=old.data, new=new.data)
        head = format_html(
            "<tr><th></th><th>{}</th><th>{}</th></tr>",
            gettext("Plan v%(number)s") % {"number": old.number},
            gettext("Plan v%(number)s") % {"number": new.number},
        )
        rows = format_html_join(
            "",
            '<tr class="review-changed"><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            ((change.label, change.old, change.new) for change in changes),
        )
        if not changes:
            rows = format_html(
                '<tr><td colspan="3">{}</td></tr>', gettext("No difference in the figures or the schedule.")
            )
        old_rows, new_rows = snapshot_schedule(old.data).payments, snapshot_schedule(new.data).payments
        payments = []
        for index in range(max(len(old_rows), len(new_rows))):
            cells = []
            for rows_of in (old_rows, new_rows):
                row = rows_of[index] if index < len(rows_of) else None
                cells.append(f"{_local_date(row.due_on)} · {money(row.amount)}" if row else "—")
            payments.append((gettext("Payment %(number)s") % {"number": index + 1}, *cells))
        return format_html(
            '<table class="review-versions" data-testid="versions-compared"><thead>{}</thead>'
            "<tbody>{}{}</tbody></table>",
            head,
            rows,
            format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', payments),
        )
