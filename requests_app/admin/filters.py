"""Changelist filters of the review queue: urgency and "assigned to me". The rules live in services.review."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..services import review


class UrgencyFilter(admin.SimpleListFilter):
    title = _("urgency")
    parameter_name = "urgency"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("due_soon", _("Due within %(days)s days") % {"days": review.DUE_SOON_DAYS}),
            ("follow_up", _("Follow-up due")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":
                return review.cases_overdue(queryset)
            case "due_soon":
                return review.cases_due_soon(queryset)
            case "follow_up":
                return review.cases_follow_up_due(queryset)
        return queryset


class AssignedReviewerFilter(admin.SimpleListFilter):
    title = _("assigned reviewer")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Assigned to me")),
            ("nobody", _("Not assigned yet")),
            ("others", _("Assigned to others")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "me":
                return queryset.filter(assigned_reviewer=request.user)
            case "nobody":
                return queryset.filter(assigned_reviewer__isnull=True)
            case "others":
                return queryset.filter(assigned_reviewer__isnull=False).exclude(
                    assigned_reviewer=request.user
                )
        return queryset
