"""The household budget: one per borrower, read by every case (income by source, essential spending by
category, payments made first), the national reference figures it is compared with, and the debts and
commitments that are paid as they are rather than renegotiated."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .lenders import Confidence

MONEY = {"max_digits": 12, "decimal_places": 2}

#: Budget fields, in the order people fill them in. Income by source, then essentials by category.
INCOME_FIELDS: tuple[str, ...] = (
    "income_salary",
    "income_partner",
    "income_benefits",
    "income_irregular",
    "income_pension",
    "income_other",
)
SPENDING_FIELDS: tuple[str, ...] = (
    "spend_housing",
    "spend_utilities",
    "spend_food",
    "spend_transport",
    "spend_children",
    "spend_medical",
    "spend_communications",
    "spend_other",
)


def _money_field(label, help_text=""):
    return models.DecimalField(label, default=0, help_text=help_text, **MONEY)


class Budget(models.Model):
    """A borrower's monthly budget, shared by all their cases (the Standard Financial Statement's model)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget", verbose_name=_("owner")
    )
    household_size = models.PositiveSmallIntegerField(
        _("people living on this budget"),
        default=1,
        help_text=_("You, and anyone whose spending this budget covers (partner, children, parents)."),
    )

    income_salary = _money_field(_("salary or wages"), _("After tax and social insurance."))
    income_partner = _money_field(_("partner's contribution"))
    income_benefits = _money_field(_("benefits and allowances"), _("Unemployment insurance, subsidies."))
    income_irregular = _money_field(_("irregular or gig work"), _("A typical month, not the best one."))
    income_pension = _money_field(_("pension"))
    income_other = _money_field(_("other income"), _("Rent received, support from family."))
    income_notes = models.TextField(_("about your income"), blank=True)

    spend_housing = _money_field(
        _("housing"), _("Property fees and upkeep. Rent or mortgage go under payments made first.")
    )
    spend_utilities = _money_field(_("water, electricity and gas"))
    spend_food = _money_field(_("food and housekeeping"), _("Groceries, toiletries, cleaning."))
    spend_transport = _money_field(_("transport"))
    spend_children = _money_field(_("children and education"))
    spend_medical = _money_field(_("medical"))
    spend_communications = _money_field(_("phone and internet"))
    spend_other = _money_field(_("other essentials"), _("Clothing and anything else you cannot do without."))

    #: {reference group key: why this group is above its reference figure}
    explanations = models.JSONField(_("explanations"), default=dict, blank=True)
    #: Set when figures were carried over from a case and not yet checked by the borrower.
    carried_over = models.BooleanField(_("carried over from a case"), default=False)

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__gte": 0}), name=f"budget_{name}_non_negative")
                for name in INCOME_FIELDS + SPENDING_FIELDS
            ],
            models.CheckConstraint(condition=Q(household_size__gte=1), name="budget_household_size_positive"),
        ]

    def __str__(self):
        return _("Budget of %(owner)s") % {"owner": self.owner}


class Commitment(models.Model):
    """A payment made first, or a debt paid as it is (not renegotiated): rent, a mortgage, a car loan, a
    court order, money owed to family. Its monthly payment comes off the budget before the split."""

    class Kind(models.TextChoices):
        RENT = "rent", _("Rent")
        MORTGAGE = "mortgage", _("Mortgage")
        CAR_LOAN = "car_loan", _("Car loan")
        COURT_ORDER = "court_order", _("Court-ordered payment")
        FAMILY = "family", _("Money owed to family or friends")
        OTHER_DEBT = "other_debt", _("Other debt")

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("budget")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    creditor = models.CharField(_("paid to"), max_length=100, blank=True)
    balance = models.DecimalField(_("still owed"), null=True, blank=True, **MONEY)
    monthly_payment = models.DecimalField(_("monthly payment"), default=0, **MONEY)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["budget_id", "pk"]
        verbose_name = _("payment made first")
        verbose_name_plural = _("payments made first")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="commitment_balance_non_negative"),
            models.CheckConstraint(
                condition=Q(monthly_payment__gte=0), name="commitment_monthly_payment_non_negative"
            ),
        ]

    def __str__(self):
        return self.creditor or str(self.get_kind_display())


class ReferenceFigure(models.Model):
    """A line of the National Bureau of Statistics' yearly per-capita consumption release: data with a
    source, a year and a confidence, kept true by an administrator; budgets compare with it monthly."""

    class Line(models.TextChoices):
        FOOD = "food", _("Food, tobacco and liquor")
        CLOTHING = "clothing", _("Clothing")
        RESIDENCE = "residence", _("Residence")
        HOUSEHOLD = "household", _("Household articles and services")
        TRANSPORT = "transport", _("Transport and communications")
        EDUCATION = "education", _("Education, culture and recreation")
        MEDICAL = "medical", _("Health care and medical services")
        OTHER = "other", _("Other goods and services")

    line = models.CharField(_("line of the release"), max_length=20, choices=Line.choices, unique=True)
    yearly_per_capita = models.DecimalField(_("yearly amount per person"), **MONEY)
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("population"), max_length=100, default="全国居民 (national)")
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=300, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    checked_on = models.DateField(_("last checked"), null=True, blank=True)

    class Meta:
        ordering = ["line"]
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_per_capita__gte=0), name="reference_figure_amount_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_line_display()} {self.year}"
