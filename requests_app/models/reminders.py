"""E-mail reminders a borrower asked for: payment dates and follow-ups, and what was already sent."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSubscription(models.Model):
    """A borrower's choice to get reminders by e-mail; `token` makes the no-login unsubscribe link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("user")
    )
    active = models.BooleanField(_("e-mail reminders"), default=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder subscription")
        verbose_name_plural = _("reminder subscriptions")

    def __str__(self):
        return f"{self.user} · {'on' if self.active else 'off'}"


class ReminderSent(models.Model):
    """One reminder mailed, so it is never mailed twice: a payment (`reference` = its date) or a follow-up
    (`reference` = the contact that planned it)."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment date")
        FOLLOW_UP = "follow_up", _("Follow-up")

    case = models.ForeignKey("requests_app.Case", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reference = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "reference"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.reference}"
