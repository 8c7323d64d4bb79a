from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bilingual import pick_language
from .lenders import Lender


class SourceKind(models.TextChoices):
    """What kind of text a fact was read in; with the count and the date it decides the confidence shown."""

    OFFICIAL = "official", _("The lender's own page or document")
    REGULATION = "regulation", _("A law or regulation's text")
    NEWS = "news", _("A news report")
    SECONDARY = "secondary", _("A secondary site (guides, forums, content sites)")


class LenderProgramme(models.Model):
    """A deferral or installment option a lender is known to offer, with its source; never a promise."""

    class Kind(models.TextChoices):
        INSTALLMENT = "installment", _("Installments of a fixed number of periods")
        DEFERRAL = "deferral", _("Deferral of the bill")
        PERSONALISED = "personalised", _("Personalised installment agreement (negotiated)")

    lender = models.ForeignKey(
        Lender, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("lender profile")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    periods = models.PositiveSmallIntegerField(
        _("periods"),
        null=True,
        blank=True,
        help_text=_(
            "Installments: the number of monthly periods. Personalised agreements: the most periods allowed."
        ),
    )
    deferral_days = models.PositiveSmallIntegerField(
        _("deferral (days)"), null=True, blank=True, help_text=_("Deferrals only: how long the bill moves.")
    )
    total_fee_rate = models.DecimalField(
        _("total fee rate"),
        max_digits=7,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("The whole plan's fee as a fraction of the amount: 0.088 is 8.8%. Empty when unknown."),
    )
    conditions_zh = models.TextField(_("conditions (Chinese)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    at_lender_discretion = models.BooleanField(
        _("granted at the lender's discretion"),
        default=False,
        help_text=_("The lender may agree but is not obliged to (e.g. Article 70 agreements)."),
    )

    source = models.CharField(_("source"), max_length=400, blank=True)
    source_kind = models.CharField(
        _("kind of source"), max_length=20, choices=SourceKind.choices, default=SourceKind.SECONDARY
    )
    source_count = models.PositiveSmallIntegerField(
        _("independent sources"), default=0, help_text=_("How many separate sources say this (0: none).")
    )
    source_date = models.DateField(
        _("newest source dated"), null=True, blank=True, help_text=_("Empty when the sources carry no date.")
    )
    sources_conflict = models.BooleanField(_("sources disagree"), default=False)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    is_active = models.BooleanField(_("offered to borrowers"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["lender_id", "sort_order", "periods", "id"]
        verbose_name = _("lender programme")
        verbose_name_plural = _("lender programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_fee_rate__isnull=True) | Q(total_fee_rate__gte=0, total_fee_rate__lt=1),
                name="programme_fee_rate_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(periods__isnull=True) | Q(periods__gte=1, periods__lte=60),
                name="programme_periods_1_to_60",
            ),
            models.CheckConstraint(
                condition=~Q(kind="installment") | Q(periods__isnull=False),
                name="programme_installment_has_periods",
            ),
            models.CheckConstraint(
                condition=~Q(kind="deferral") | Q(deferral_days__gte=1),
                name="programme_deferral_has_days",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.INSTALLMENT and self.periods:
            return f"{self.lender} · {self.name} · {self.periods}"
        return f"{self.lender} · {self.name}"

    @property
    def name(self) -> str:
        return pick_language(zh=self.name_zh, en=self.name_en)

    @property
    def conditions(self) -> str:
        return pick_language(zh=self.conditions_zh, en=self.conditions_en)
