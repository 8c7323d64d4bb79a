"""The lender's answer in the review desk: the counter-offers with their check (against the borrower's monthly
amount and own plan, and Article 70 for a bank card), the agreed schedule's payments made or missed, a queue
column and a filter. Read-only: outcomes, decisions and payment records are written by the borrower's
services (services.negotiation), never typed in here. The rules live there; this only lays them out."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import ContactAttempt, CounterOffer, PaymentRecord
from ..services import review
from ..services.formatting import clause_separator, money
from ..services.negotiation.agreements import PaymentState, agreed_schedule
from ..services.negotiation.outcomes import counter_offer_check
from .case_columns import _local_date
from .case_inlines import ReadOnlyInline


def counter_offer_terms(offer: CounterOffer) -> str:
    """ "12 × ¥760.00 from 2027-01-09, fees ¥0.00" in the active language."""
    return gettext("%(count)s × %(amount)s from %(date)s, fees %(fees)s") % {
        "count": offer.periods,
        "amount": money(offer.monthly_amount),
        "date": _local_date(offer.first_payment_on),
        "fees": money(offer.fees),
    }


class CounterOfferInline(ReadOnlyInline):
    model = CounterOffer
    fields = ["recorded", "terms", "rate_note", "conditions", "checked", "decision", "decided_at"]
    ordering = ["-created_at", "-id"]
    verbose_name_plural = _("Counter-offers from the lender (recorded by the borrower)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contact", "case__lender")

    @admin.display(description=_("recorded at"))
    def recorded(self, offer):
        return _local_date(offer.contact.occurred_at)

    @admin.display(description=_("terms"))
    def terms(self, offer):
        return format_html('<span data-testid="counter-offer-terms">{}</span>', counter_offer_terms(offer))

    @admin.display(description=_("check"))
    def checked(self, offer):
        """Total cost beside the borrower's plan, the findings and, for a bank card, the Article 70 points the
        terms leave out (as the questions to ask)."""
        check = counter_offer_check(case=offer.case, offer=offer)
        lines = [gettext("Total with fees: %(total)s") % {"total": money(check.total)}]
        if check.own_total is not None:
            lines.append(gettext("The borrower's own plan: %(total)s") % {"total": money(check.own_total)})
        lines += [finding.message for finding in check.findings]
        if check.article_70:
            if check.missing:
                lines.append(gettext("Article 70 points not stated:"))
                lines += [f"· {point.label}" for point in check.missing]
            else:
                lines.append(gettext("States every Article 70 point."))
        return format_html_join("", '<div class="review-detail">{}</div>', ((line,) for line in lines))


class PaymentRecordInline(ReadOnlyInline):
    """The borrower's records of the agreed schedule's payments (append-only: a later record for a date says
    what happened after)."""

    model = PaymentRecord
    fields = ["due_on", "amount_due_shown", "result", "amount_paid_shown", "created_at"]
    ordering = ["due_on", "created_at", "id"]
    verbose_name_plural = _("Payments of the agreed schedule, as the borrower recorded them")

    @admin.display(description=PaymentRecord._meta.get_field("amount_due").verbose_name)
    def amount_due_shown(self, record):
        return money(record.amount_due)

    @admin.display(description=PaymentRecord._meta.get_field("amount_paid").verbose_name)
    def amount_paid_shown(self, record):
        return money(record.amount_paid) if record.amount_paid is not None else ""


#: How each state of an agreed payment reads on the case page.
STATE_CSS = {
    PaymentState.PAID: "review-ok",
    PaymentState.MISSED: "review-overdue",
    PaymentState.UNRECORDED: "review-warning",
}


def state_label(state: PaymentState) -> str:
    return {
        PaymentState.PAID: gettext("paid"),
        PaymentState.MISSED: gettext("missed"),
        PaymentState.UNRECORDED: gettext("date passed, nothing recorded"),
        PaymentState.DUE_SOON: gettext("due soon"),
        PaymentState.UPCOMING: gettext("upcoming"),
    }[state]


class CaseNegotiationFields:
    """The case page's read-only "agreed schedule" and the queue's "lender's answer" column (mixed into
    CaseAdmin)."""

    @admin.display(description=_("agreed schedule"))
    def agreed_payments(self, case):
        schedule = agreed_schedule(case)
        if schedule is None or not schedule.payments:
            return self.get_empty_value_display()
        rows = (
            (
                payment.state.value,
                _local_date(payment.due_on),
                money(payment.amount),
                STATE_CSS.get(payment.state, "review-sub"),
                state_label(payment.state),
            )
            for payment in schedule.payments
        )
        return format_html(
            '<table class="review-versions" data-testid="agreed-payments"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr data-state="{}"><td>{}</td><td>{}</td><td><span class="review-badge {}">{}</span></td></tr>',
                rows,
            ),
        )

    @admin.display(description=_("lender's answer"))
    def lender_answer(self, case):
        """The newest counter-offer (terms and decision) and the payments recorded paid and missed (the
        case's review row: review_rows, from review.lender_answer)."""
        row = self._review_row(case)
        if row is None:
            return None
        parts = []
        if row.offer is not None:
            offer = row.offer
            parts.append(
                format_html(
                    '<span data-testid="queue-counter-offer">{}</span><br><span class="review-sub">{}</span>',
                    gettext("%(count)s × %(amount)s, fees %(fees)s")
                    % {
                        "count": offer.periods,
                        "amount": money(offer.monthly_amount),
                        "fees": money(offer.fees),
                    },
                    CounterOffer.Decision(offer.decision).label,
                )
            )
        paid, missed = row.paid, row.missed
        if paid or missed:
            counts = [ngettext("%(count)s paid", "%(count)s paid", paid) % {"count": paid}] if paid else []
            if missed:
                counts.append(ngettext("%(count)s missed", "%(count)s missed", missed) % {"count": missed})
            parts.append(
                format_html(
                    '<span class="{}" data-testid="queue-payments">{}</span>',
                    "review-overdue" if missed else "review-sub",
                    clause_separator().join(counts),
                )
            )
        if not parts:
            return None
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))


class LenderAnswerFilter(admin.SimpleListFilter):
    """The queue by what the lender answered last, an open counter-offer, or a payment recorded missed."""

    title = _("lender's answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [
            ("counter_offer_open", _("Counter-offer not decided yet")),
            ("refused", ContactAttempt.Outcome.REFUSED.label),
            ("agreed", _("Agreed")),
            ("payment_missed", _("Payment missed")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "counter_offer_open":
                return review.cases_with_open_counter_offer(queryset)
            case "refused":
                return review.cases_last_answered(queryset, ContactAttempt.Outcome.REFUSED)
            case "agreed":
                return review.cases_agreed(queryset)
            case "payment_missed":
                return review.cases_with_missed_payment(queryset)
        return queryset
