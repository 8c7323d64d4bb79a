from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bilingual import pick_language


class Confidence(models.TextChoices):
    OFFICIAL = "official", _("Official (the institution's or regulator's own text)")
    REPORTED = "reported", _("Widely reported (secondary sources agree)")
    CONFLICTING = "conflicting", _("Conflicting (sources disagree)")
    UNVERIFIED = "unverified", _("Unverified")


#: What each fact's date means, for the administrator who keeps it.
CHECKED_HELP = _(
    "The newest date the recorded source itself gives for this fact (a page's publication date, a "
    "regulation's date). Never a later date than the source shows; empty when the source gives no full "
    "date, and the fact then reads “not checked — ask your lender”."
)


class Lender(models.Model):
    """A lender profile: facts an administrator keeps true, always shown as "check with your lender"."""

    class Kind(models.TextChoices):
        BNPL = "bnpl", _("Buy now, pay later credit line")
        CONSUMER_LOAN = "consumer_loan", _("Consumer loan")
        CREDIT_CARD = "credit_card", _("Bank credit card")
        BANK_LOAN = "bank_loan", _("Bank credit loan")

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    provider_zh = models.CharField(_("provider (Chinese)"), max_length=100, blank=True)
    provider_en = models.CharField(_("provider (English)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    daily_overdue_rate = models.DecimalField(
        _("daily overdue rate"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("As a fraction per day: 0.000500 is 0.05% a day. Empty when unknown."),
    )
    overdue_rate_note_zh = models.TextField(_("overdue rate note (Chinese)"), blank=True)
    overdue_rate_note_en = models.TextField(_("overdue rate note (English)"), blank=True)
    overdue_rate_source = models.CharField(_("overdue rate source"), max_length=300, blank=True)
    overdue_rate_confidence = models.CharField(
        _("overdue rate confidence"), max_length=20, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    overdue_rate_checked = models.DateField(
        _("overdue rate source date"),
        null=True,
        blank=True,
        help_text=CHECKED_HELP,
    )

    grace_days = models.PositiveSmallIntegerField(_("grace days"), null=True, blank=True)
    grace_note_zh = models.TextField(_("grace note (Chinese)"), blank=True)
    grace_note_en = models.TextField(_("grace note (English)"), blank=True)
    grace_source = models.CharField(_("grace source"), max_length=300, blank=True)
    grace_confidence = models.CharField(
        _("grace confidence"), max_length=20, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    grace_checked = models.DateField(
        _("grace source date"),
        null=True,
        blank=True,
        help_text=CHECKED_HELP,
    )

    max_deferral_days = models.PositiveSmallIntegerField(
        _("longest deferral known (days)"), null=True, blank=True
    )
    max_installment_months = models.PositiveSmallIntegerField(
        _("longest installment term known (months)"), null=True, blank=True
    )
    limits_note_zh = models.TextField(_("limits note (Chinese)"), blank=True)
    limits_note_en = models.TextField(_("limits note (English)"), blank=True)
    limits_source = models.CharField(_("limits source"), max_length=300, blank=True)
    limits_confidence = models.CharField(
        _("limits confidence"), max_length=20, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    limits_checked = models.DateField(
        _("limits source date"),
        null=True,
        blank=True,
        help_text=CHECKED_HELP,
    )

    complaint_channels_zh = models.TextField(_("complaint channels (Chinese)"), blank=True)
    complaint_channels_en = models.TextField(_("complaint channels (English)"), blank=True)
    consequences_zh = models.TextField(_("consequences of overdue (Chinese)"), blank=True)
    consequences_en = models.TextField(_("consequences of overdue (English)"), blank=True)
    consequences_source = models.CharField(_("consequences source"), max_length=300, blank=True)
    consequences_confidence = models.CharField(
        _("consequences confidence"), max_length=20, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    consequences_checked = models.DateField(
        _("consequences source date"),
        null=True,
        blank=True,
        help_text=CHECKED_HELP,
    )

    is_active = models.BooleanField(_("offered to borrowers"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("lender profile")
        verbose_name_plural = _("lender profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_overdue_rate__isnull=True)
                | Q(daily_overdue_rate__gte=0, daily_overdue_rate__lt=1),
                name="lender_daily_rate_is_a_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_language(zh=self.name_zh, en=self.name_en)

    @property
    def provider(self) -> str:
        return pick_language(zh=self.provider_zh, en=self.provider_en)

    @property
    def overdue_rate_note(self) -> str:
        return pick_language(zh=self.overdue_rate_note_zh, en=self.overdue_rate_note_en)

    @property
    def grace_note(self) -> str:
        return pick_language(zh=self.grace_note_zh, en=self.grace_note_en)

    @property
    def limits_note(self) -> str:
        return pick_language(zh=self.limits_note_zh, en=self.limits_note_en)

    @property
    def complaint_channels(self) -> str:
        return pick_language(zh=self.complaint_channels_zh, en=self.complaint_channels_en)

    @property
    def consequences(self) -> str:
        return pick_language(zh=self.consequences_zh, en=self.consequences_en)


class LenderChannel(models.Model):
    """One way to reach a lender (hotline, in-app chat, social media) with its steps and source."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone hotline")
        CHAT = "chat", _("In-app online chat")
        SOCIAL = "social", _("Social media")

    lender = models.ForeignKey(
        Lender, on_delete=models.CASCADE, related_name="channels", verbose_name=_("lender profile")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    contact = models.CharField(
        _("number or account"), max_length=100, blank=True, help_text=_("Phone number, app or account name.")
    )
    steps_zh = models.TextField(_("steps (Chinese)"), blank=True, help_text=_("One step per line."))
    steps_en = models.TextField(_("steps (English)"), blank=True, help_text=_("One step per line."))
    hours_zh = models.CharField(_("hours (Chinese)"), max_length=100, blank=True)
    hours_en = models.CharField(_("hours (English)"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["lender_id", "sort_order", "kind"]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")

    def __str__(self):
        return f"{self.lender} · {self.name}"

    @property
    def name(self) -> str:
        return pick_language(zh=self.name_zh, en=self.name_en)

    @property
    def hours(self) -> str:
        return pick_language(zh=self.hours_zh, en=self.hours_en)

    @property
    def steps(self) -> list[str]:
        text = pick_language(zh=self.steps_zh, en=self.steps_en)
        return [line.strip() for line in text.splitlines() if line.strip()]
