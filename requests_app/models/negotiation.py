from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import MONEY, Case, PlanVersion
from .contacts import ContactAttempt


class CounterOffer(models.Model):
    """The terms a lender proposed at one contact, and what the borrower decided. The terms never change;
    the decision is set once (accepted: its schedule became a plan version proposed by the lender)."""

    class Decision(models.TextChoices):
        OPEN = "open", _("Not decided yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    contact = models.OneToOneField(
        ContactAttempt,
        on_delete=models.CASCADE,
        related_name="counter_offer",
        verbose_name=_("contact attempt"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="counter_offers", verbose_name=_("case")
    )
    periods = models.PositiveSmallIntegerField(_("number of payments"))
    monthly_amount = models.DecimalField(_("amount each month"), **MONEY)
    fees = models.DecimalField(
        _("fees on top"),
        default=0,
        help_text=_("Fees or interest the lender charges beyond the monthly amounts (0 when included)."),
        **MONEY,
    )
    rate_note = models.CharField(_("fee or rate as they said it"), max_length=200, blank=True)
    first_payment_on = models.DateField(_("first payment"))
    conditions = models.TextField(_("conditions"), blank=True)
    #: Article 70 points the agreement covers (codes of negotiation.outcomes.ARTICLE_70_POINTS).
    covers = models.JSONField(_("points the agreement states"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan version made from it"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "-created_at", "-id"]
        verbose_name = _("counter-offer")
        verbose_name_plural = _("counter-offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(periods__gte=1, periods__lte=60), name="counter_offer_periods_1_60"
            ),
            models.CheckConstraint(condition=Q(monthly_amount__gt=0), name="counter_offer_monthly_positive"),
            models.CheckConstraint(condition=Q(fees__gte=0), name="counter_offer_fees_not_negative"),
        ]

    def __str__(self):
        return _("%(count)s × ¥%(amount)s from %(date)s") % {
            "count": self.periods,
            "amount": self.monthly_amount,
            "date": self.first_payment_on,
        }


class PaymentRecord(models.Model):
    """The borrower's record that a payment of the agreed schedule was made or missed. Append-only: a later
    record for the same date says what happened after."""

    class Result(models.TextChoices):
        PAID = "paid", _("Paid")
        MISSED = "missed", _("Missed")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="payment_records", verbose_name=_("case")
    )
    due_on = models.DateField(_("payment due on"))
    amount_due = models.DecimalField(_("amount due"), **MONEY)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    amount_paid = models.DecimalField(_("amount paid"), null=True, blank=True, **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    idempotency_key = models.UUIDField(_("submission key"), unique=True, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "due_on", "created_at", "id"]
        verbose_name = _("payment record")
        verbose_name_plural = _("payment records")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_paid__isnull=True) | Q(amount_paid__gt=0),
                name="payment_record_paid_positive",
            ),
        ]

    def __str__(self):
        return f"{self.due_on:%Y-%m-%d} · {self.get_result_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Payment records are append-only; record again instead.")
        super().save(*args, **kwargs)
