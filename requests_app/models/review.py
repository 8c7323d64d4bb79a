from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


class ReviewNote(models.Model):
    """A counselor's note on a case."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="review_notes", verbose_name=_("case")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "-created_at"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")

    def __str__(self):
        return self.body[:60]


class StatusChange(models.Model):
    """One step of a case's status workflow: who moved it, from what, to what, when."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("case")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Case.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Case.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    requested_changes = models.JSONField(
        _("changes asked for"),
        default=list,
        blank=True,
        help_text=_(
            "With a move to “needs changes”: the steps or fields the counselor named, each with a fingerprint "
            "of what it held then (services.change_requests)."
        ),
    )

    class Meta:
        ordering = ["case_id", "-changed_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
