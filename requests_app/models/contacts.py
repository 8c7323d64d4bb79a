from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case, PlanVersion


class ContactAttempt(models.Model):
    """One contact with the lender. Append-only: a correction is a new entry that refers to the old one."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone hotline")
        CHAT = "chat", _("In-app online chat")
        SOCIAL = "social", _("Social media")
        OTHER = "other", _("Other (letter, branch visit)")

    class Outcome(models.TextChoices):
        NO_ANSWER = "no_answer", _("No answer")
        CALL_BACK = "call_back", _("They will call back")
        APPROVED = "approved", _("Approved")
        PARTLY_APPROVED = "partly_approved", _("Partly approved")
        REFUSED = "refused", _("Refused")
        COUNTER_OFFER = "counter_offer", _("Counter-offer (other terms)")
        DOCUMENTS_REQUESTED = "documents_requested", _("Documents requested")
        PENDING = "pending", _("Pending")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("case"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    occurred_at = models.DateTimeField(_("when"))
    agent_id = models.CharField(_("agent id"), max_length=50, blank=True)
    ticket_number = models.CharField(_("ticket number"), max_length=80, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    call_recorded = models.BooleanField(_("the call was recorded"), null=True, blank=True)
    offer_made = models.TextField(_("what the lender offered"), blank=True)
    refusal_reason = models.TextField(_("reason given for a refusal"), blank=True)
    promised = models.TextField(_("what you promised"), blank=True)
    next_follow_up = models.DateTimeField(_("next follow-up"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # RESTRICT, not PROTECT: a version or entry cannot be deleted on its own while a contact refers to
    # it, but deleting the whole case (or account) takes them all together.
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("plan version presented"),
    )
    script_snapshot = models.TextField(_("script shown"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects entry"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    idempotency_key = models.UUIDField(
        _("submission key"), null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "-occurred_at", "-id"]
        get_latest_by = "occurred_at"
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="contact_case_when_idx"),
            models.Index(fields=["next_follow_up"], name="contact_follow_up_idx"),
            models.Index(fields=["agent_id"], name="contact_agent_idx"),
            models.Index(fields=["ticket_number"], name="contact_ticket_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.get_outcome_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Contact attempts are append-only; record a correction instead.")
        super().save(*args, **kwargs)
