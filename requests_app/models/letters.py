from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import Case, PlanVersion


class LetterType(models.TextChoices):
    """The letters a borrower can send, in the order a negotiation usually needs them."""

    DEFERRAL = "deferral", _("Request to defer repayment")
    HOLD_ACTION = "hold_action", _("Request to hold collection while I prepare a budget")
    OFFER = "offer", _("Repayment offer")
    RECONSIDERATION = "reconsideration", _("Request to reconsider a refusal")
    COMPLAINT = "complaint", _("Complaint to the lender")
    REGULATOR = "regulator", _("Complaint to the regulator and request for review")
    CREDIT_DISPUTE = "credit_dispute", _("Credit report dispute or personal statement")


class LetterDownload(models.Model):
    """One download of a letter as a PDF: which letter, in which language, with which plan version, when.
    Append-only; written only by services.letters."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="letter_downloads", verbose_name=_("case")
    )
    letter_type = models.CharField(_("letter"), max_length=20, choices=LetterType.choices)
    language = models.CharField(_("language"), max_length=10, choices=Case.Language.choices)
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="letter_downloads",
        verbose_name=_("plan version"),
    )
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("downloaded by"),
    )
    downloaded_at = models.DateTimeField(_("downloaded at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "-downloaded_at", "-id"]
        verbose_name = _("letter download")
        verbose_name_plural = _("letter downloads")
        constraints = [
            models.CheckConstraint(condition=Q(letter_type__in=LetterType.values), name="letter_type_known"),
        ]

    def __str__(self):
        return str(self.get_letter_type_display())

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Letter downloads are a history; they are never changed.")
        super().save(*args, **kwargs)


class EscalationKind(models.TextChoices):
    COMPLAINT_SENT = "complaint_sent", _("Complaint sent to the lender")
    COMPLAINT_EXTENDED = "complaint_extended", _("The lender extended its time to answer")
    COMPLAINT_ANSWERED = "complaint_answered", _("The lender answered the complaint")
    REVIEW_REQUESTED = "review_requested", _("Review requested from the higher-level office")
    REGULATOR_CONTACTED = "regulator_contacted", _("Complaint made to the regulator (12378 or the platform)")
    CREDIT_DISPUTE_SENT = "credit_dispute_sent", _("Credit report dispute sent")
    CREDIT_DISPUTE_ANSWERED = "credit_dispute_answered", _("Credit report dispute answered")


class EscalationStep(models.Model):
    """One step of a complaint or dispute the borrower recorded (e.g. "complaint sent on 1 December").
    The deadlines are computed from these by services.escalation. Append-only."""

    Kind = EscalationKind

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="escalation_steps", verbose_name=_("case")
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("on"))
    reference = models.CharField(_("complaint or reference number"), max_length=80, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "occurred_on", "id"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EscalationKind.values), name="escalation_kind_known"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.occurred_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Escalation steps are append-only.")
        super().save(*args, **kwargs)
