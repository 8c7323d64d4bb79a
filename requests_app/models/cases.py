import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .lenders import Lender

MONEY = {"max_digits": 12, "decimal_places": 2}


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready to contact")
    NEEDS_CHANGES = "needs_changes", _("Needs changes")
    CONTACTED = "contacted", _("Contacted")
    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    REFUSED = "refused", _("Refused")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """One request to defer or reschedule one bill, from draft to outcome."""

    Status = CaseStatus

    class RepaymentMode(models.TextChoices):
        FULL = "full", _("Full repayment")
        INSTALLMENTS = "installments", _("Installments")

    class HardshipCategory(models.TextChoices):
        JOB_LOSS = "job_loss", _("Job loss")
        ILLNESS = "illness", _("Illness or injury")
        INCOME_DROP = "income_drop", _("Reduced income")
        BUSINESS = "business", _("Business difficulty")
        FAMILY = "family", _("Family emergency")
        DISASTER = "disaster", _("Natural disaster or public emergency")
        OTHER = "other", _("Other")

    class Evidence(models.TextChoices):
        ID_CARD = "id_card", _("ID card")
        BANK_STATEMENTS = "bank_statements", _("Bank statements (3–6 months)")
        HARDSHIP_CERTIFICATE = "hardship_certificate", _("Hardship certificate from the residents' committee")
        TERMINATION_LETTER = "termination_letter", _("Termination letter or unemployment registration")
        MEDICAL_RECORDS = "medical_records", _("Diagnosis, hospital records or bills")
        PAYSLIPS = "payslips", _("Payslips before and after the income fell")
        BUSINESS_RECORDS = "business_records", _("Business licence and statements")
        EVENT_DOCUMENTS = "event_documents", _("Documents of the family event")
        OFFICIAL_NOTICE = "official_notice", _("Official notice of the disaster or emergency")
        OTHER = "other", _("Other documents")

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases", verbose_name=_("owner")
    )

    # Lender and bill
    lender = models.ForeignKey(
        Lender,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("lender"),
    )
    account_hint = models.CharField(
        _("account (last 4 characters)"),
        max_length=4,
        blank=True,
        help_text=_("Only the last four characters are kept, to help the agent find the account."),
    )
    amount_due = models.DecimalField(_("amount due"), null=True, blank=True, **MONEY)
    due_date = models.DateField(_("due date"), null=True, blank=True)

    # Repayment mode
    repayment_mode = models.CharField(
        _("repayment mode"), max_length=20, choices=RepaymentMode.choices, blank=True
    )
    installments_total = models.PositiveSmallIntegerField(
        _("installment periods in total"), null=True, blank=True
    )
    installments_remaining = models.PositiveSmallIntegerField(
        _("installment periods remaining"), null=True, blank=True
    )
    installment_amount = models.DecimalField(_("amount per period"), null=True, blank=True, **MONEY)

    # Hardship
    hardship_category = models.CharField(
        _("cause of the hardship"), max_length=20, choices=HardshipCategory.choices, blank=True
    )
    hardship_since = models.DateField(_("hardship since"), null=True, blank=True)
    hardship_expected_end = models.DateField(_("expected end of the hardship"), null=True, blank=True)
    hardship_narrative = models.TextField(_("what happened"), blank=True)
    evidence = models.JSONField(_("evidence held"), default=list, blank=True)
    evidence_notes = models.TextField(_("other evidence"), blank=True)

    # This creditor's share of the owner's budget, when the borrower sets it instead of the fair share
    offer_override = models.DecimalField(
        _("monthly offer chosen"),
        null=True,
        blank=True,
        help_text=_("Leave empty to offer the fair share of your budget."),
        **MONEY,
    )
    offer_override_reason = models.TextField(_("why this offer"), blank=True)

    # The request
    requested_deferral_days = models.PositiveSmallIntegerField(
        _("deferral requested (days)"), null=True, blank=True
    )
    letter_language = models.CharField(
        _("letter language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )

    # Workflow
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    wizard_step = models.CharField(_("last wizard step saved"), max_length=20, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    shared_at = models.DateTimeField(
        _("shared with counselors since"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the borrower asks the counselors for help; empty when they never did or withdrew. "
            "Counselors see only shared cases."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Kept by services.contacts (case_contact_summary_refresh) each time a contact is logged, so that the
    # review queue lists, sorts and filters 100 000 cases without a subquery per case.
    latest_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True, editable=False)
    latest_contact_outcome = models.CharField(
        _("outcome of the last contact"), max_length=20, blank=True, editable=False
    )
    follow_up_at = models.DateTimeField(_("next follow-up"), null=True, blank=True, editable=False)
    # The review queue's order, computed by the database: open cases with a due date (0), open without one
    # (1), settled with (2) and without (3). The settled statuses are services.workflow.SETTLED_STATUSES
    # (a test keeps them equal).
    queue_rank = models.GeneratedField(
        expression=models.Case(
            models.When(Q(status__in=["approved", "closed"]) & Q(due_date__isnull=False), then=2),
            models.When(Q(status__in=["approved", "closed"]), then=3),
            models.When(due_date__isnull=True, then=1),
            default=0,
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    history = HistoricalRecords(
        excluded_fields=[
            "hardship_narrative",
            "offer_override_reason",
            "evidence_notes",
            "latest_contact_at",
            "latest_contact_outcome",
            "follow_up_at",
            "queue_rank",
        ]
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["status", "due_date"], name="case_status_due_idx"),
            models.Index(fields=["owner", "-updated_at"], name="case_owner_updated_idx"),
            models.Index(fields=["due_date"], name="case_due_idx"),
            models.Index(fields=["shared_at"], name="case_shared_idx"),
            # The review queue lists shared cases only: its indexes hold those. Each filter of the queue has
            # one that gives its cases in the queue's order (a page reads its 50 entries, no sort) and holds
            # every column the filter tests, shared_at included, so that counting the filtered queue reads the
            # index alone (SQLite takes an index as covering only when it holds every column named).
            # The order; overdue and due soon (queue rank 0, a range of due dates); follow-up due (walked in
            # order, the follow-up read from the index):
            models.Index(
                fields=["queue_rank", "due_date", "-id", "status", "follow_up_at", "shared_at"],
                condition=Q(shared_at__isnull=False),
                name="case_queue_order_idx",
            ),
            # By status (and the lender's answer "agreed", an approved status): a settled status sits at the
            # end of the order index above.
            models.Index(
                fields=["status", "queue_rank", "due_date", "-id", "shared_at"],
                condition=Q(shared_at__isnull=False),
                name="case_status_queue_idx",
            ),
            # Counting the follow-ups due.
            models.Index(
                fields=["follow_up_at", "status", "shared_at"],
                condition=Q(shared_at__isnull=False),
                name="case_follow_up_idx",
            ),
            models.Index(
                fields=["assigned_reviewer", "queue_rank", "due_date", "-id", "shared_at"],
                condition=Q(shared_at__isnull=False),
                name="case_assigned_queue_idx",
            ),
            models.Index(
                fields=["lender", "queue_rank", "due_date", "-id", "shared_at"],
                condition=Q(shared_at__isnull=False),
                name="case_lender_queue_idx",
            ),
            models.Index(
                fields=["latest_contact_outcome", "queue_rank", "due_date", "-id", "shared_at"],
                condition=Q(shared_at__isnull=False),
                name="case_outcome_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="case_amount_due_non_negative"),
            models.CheckConstraint(
                condition=Q(installment_amount__gte=0), name="case_installment_amount_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(offer_override__gte=0), name="case_offer_override_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(installments_total__gte=1), name="case_installments_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(installments_remaining__lte=F("installments_total")),
                name="case_remaining_not_above_total",
            ),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_known"),
        ]

    def __str__(self):
        lender = self.lender.name if self.lender_id else _("no lender yet")
        return f"{lender} · {self.public_id.hex[:8]}"

    def get_absolute_url(self):
        return reverse("requests_app:case_detail", kwargs={"public_id": self.public_id})


class Payment(models.Model):
    """One line of the proposed schedule."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments", verbose_name=_("case"))
    due_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["case_id", "due_on"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(fields=["case", "due_on"], name="payment_one_per_date_per_case"),
        ]

    def __str__(self):
        return f"{self.due_on:%Y-%m-%d} ¥{self.amount}"


class PlanVersion(models.Model):
    """An immutable snapshot of the proposal, made each time it changes."""

    class Origin(models.TextChoices):
        BORROWER = "borrower", _("Proposed by the borrower")
        LENDER = "lender", _("Proposed by the lender")
        COUNSELOR = "counselor", _("Corrected by a counselor")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="plan_versions", verbose_name=_("case")
    )
    number = models.PositiveIntegerField(_("version number"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    data = models.JSONField(_("snapshot"))
    origin = models.CharField(
        _("proposed by"), max_length=10, choices=Origin.choices, default=Origin.BORROWER
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    #: Why the version was made when not by the borrower's own edit (e.g. "budget_changed").
    reason = models.CharField(_("reason"), max_length=30, blank=True)
    #: In the counselor's words, why they corrected the plan (origin "counselor"); empty otherwise.
    note = models.TextField(_("why it was corrected"), blank=True)

    class Meta:
        ordering = ["case_id", "-number"]
        get_latest_by = "number"
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_number_unique_per_case"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_positive"),
        ]

    def __str__(self):
        return _("Plan v%(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Plan versions are immutable; make a new version instead.")
        super().save(*args, **kwargs)
