import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import Case


class EvidenceFile(models.Model):
    """A proof the borrower uploaded for one item of the case's evidence checklist.

    Only the clean copy is kept (see services.evidence_content), in the `evidence` storage under a generated
    name; the uploader's file name is never stored. No history is kept of these rows or their files.
    """

    class Kind(models.TextChoices):
        JPEG = "jpeg", _("Photo (JPEG)")
        PNG = "png", _("Image (PNG)")
        PDF = "pdf", _("PDF document")

    class UploadedAs(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        HEIF = "heif", "HEIC/HEIF"
        PDF = "pdf", "PDF"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="evidence_files", verbose_name=_("case")
    )
    item = models.CharField(_("document"), max_length=30, choices=Case.Evidence.choices)
    kind = models.CharField(_("kept as"), max_length=10, choices=Kind.choices)
    uploaded_as = models.CharField(_("uploaded as"), max_length=10, choices=UploadedAs.choices)
    stored_name = models.CharField(_("name in storage"), max_length=200, unique=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width (pixels)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height (pixels)"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["case_id", "uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(condition=Q(item__in=Case.Evidence.values), name="evidence_item_known"),
            models.CheckConstraint(
                condition=(Q(kind="pdf") & Q(pages__gte=1))
                | (Q(kind__in=["jpeg", "png"]) & Q(width__gte=1) & Q(height__gte=1)),
                name="evidence_pages_or_pixels",
            ),
            models.CheckConstraint(condition=Q(size__gte=1), name="evidence_size_positive"),
        ]

    def __str__(self):
        return f"{self.get_item_display()} · {self.get_kind_display()}"

    @property
    def content_type(self) -> str:
        return {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[self.kind]

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg", "png": "png", "pdf": "pdf"}[self.kind]

    @property
    def is_image(self) -> bool:
        return self.kind != self.Kind.PDF
