"""Reference figures: administrators keep the National Bureau of Statistics' per-capita consumption lines
true (amount, year, source, confidence); budgets compare with them monthly."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import ReferenceFigure
from ..services.budget import monthly_reference
from ..services.formatting import money


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(admin.ModelAdmin):
    list_display = ["line", "yearly_per_capita", "monthly", "year", "scope", "confidence", "checked_on"]
    list_filter = ["confidence", "year"]
    fields = [
        "line",
        "yearly_per_capita",
        "year",
        "scope",
        "source",
        "source_url",
        "confidence",
        "checked_on",
    ]

    @admin.display(description=_("per person per month"))
    def monthly(self, figure):
        return money(monthly_reference(figures=[figure], household_size=1))
