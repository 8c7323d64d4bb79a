"""Lender profiles: administrators keep the facts true; counselors read them. Facts without a source are
flagged as unverified in the list."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import Lender, LenderChannel, LenderProgramme
from ..services.formatting import clause_separator, percent
from ..services.negotiation.sources import programme_confidence


def unverified_facts(lender: Lender) -> list[str]:
    """The names of the lender's facts that hold a value but no source (channels prefetched)."""
    names = []
    facts = [
        (
            _("overdue rate"),
            lender.daily_overdue_rate is not None or lender.overdue_rate_note_zh,
            lender.overdue_rate_source,
        ),
        (_("grace days"), lender.grace_days is not None or lender.grace_note_zh, lender.grace_source),
        (
            _("deferral and term limits"),
            lender.max_deferral_days is not None
            or lender.max_installment_months is not None
            or lender.limits_note_zh,
            lender.limits_source,
        ),
        (_("consequences of overdue"), lender.consequences_zh, lender.consequences_source),
    ]
    for label, has_value, source in facts:
        if has_value and not source.strip():
            names.append(str(label))
    for channel in lender.channels.all():
        if not channel.source.strip():
            names.append(str(channel.name))
    return names


def unchecked_facts(lender: Lender) -> list[str]:
    """The names of the lender's facts that hold a value but carry no checked date."""
    facts = [
        (
            _("overdue rate"),
            lender.daily_overdue_rate is not None or lender.overdue_rate_note_zh,
            lender.overdue_rate_checked,
        ),
        (_("grace days"), lender.grace_days is not None or lender.grace_note_zh, lender.grace_checked),
        (
            _("deferral and term limits"),
            lender.max_deferral_days is not None
            or lender.max_installment_months is not None
            or lender.limits_note_zh,
            lender.limits_checked,
        ),
        (_("consequences of overdue"), lender.consequences_zh, lender.consequences_checked),
    ]
    return [str(label) for label, has_value, checked in facts if has_value and checked is None]


class LenderChannelInline(admin.StackedInline):
    model = LenderChannel
    extra = 0
    fieldsets = [
        (None, {"fields": [("kind", "sort_order"), ("name_zh", "name_en"), "contact"]}),
        (_("Steps and hours"), {"fields": [("steps_zh", "steps_en"), ("hours_zh", "hours_en")]}),
        (_("Source"), {"fields": ["source", ("confidence", "last_verified")]}),
    ]


PROGRAMME_FIELDSETS = [
    (None, {"fields": [("kind", "sort_order", "is_active"), ("name_zh", "name_en")]}),
    (
        _("Terms"),
        {
            "fields": [
                ("periods", "deferral_days", "total_fee_rate"),
                "at_lender_discretion",
                ("conditions_zh", "conditions_en"),
            ]
        },
    ),
    (
        _("Source"),
        {
            "fields": [
                "source",
                ("source_kind", "source_count"),
                ("source_date", "sources_conflict"),
                "last_checked",
            ]
        },
    ),
]


class LenderProgrammeInline(admin.StackedInline):
    model = LenderProgramme
    extra = 0
    fieldsets = PROGRAMME_FIELDSETS


@admin.register(Lender)
class LenderAdmin(admin.ModelAdmin):
    inlines = [LenderProgrammeInline, LenderChannelInline]
    list_display = [
        "name_zh",
        "name_en",
        "kind",
        "overdue_rate",
        "grace_days",
        "max_deferral_days",
        "max_installment_months",
        "unverified",
        "unchecked",
        "is_active",
    ]
    list_display_links = ["name_zh", "name_en"]
    list_filter = ["kind", "is_active", "overdue_rate_confidence"]
    search_fields = ["name_zh", "name_en", "slug", "provider_zh", "provider_en"]
    ordering = ["sort_order", "slug"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_zh", "name_en"),
                    ("provider_zh", "provider_en"),
                    ("slug", "kind"),
                    ("is_active", "sort_order"),
                ]
            },
        ),
        (
            _("Overdue rate"),
            {
                "fields": [
                    "daily_overdue_rate",
                    ("overdue_rate_note_zh", "overdue_rate_note_en"),
                    ("overdue_rate_source", "overdue_rate_confidence", "overdue_rate_checked"),
                ]
            },
        ),
        (
            _("Grace period"),
            {
                "fields": [
                    "grace_days",
                    ("grace_note_zh", "grace_note_en"),
                    ("grace_source", "grace_confidence", "grace_checked"),
                ]
            },
        ),
        (
            _("Deferral and installment limits"),
            {
                "fields": [
                    ("max_deferral_days", "max_installment_months"),
                    ("limits_note_zh", "limits_note_en"),
                    ("limits_source", "limits_confidence", "limits_checked"),
                ]
            },
        ),
        (
            _("Complaints and consequences"),
            {
                "fields": [
                    ("complaint_channels_zh", "complaint_channels_en"),
                    ("consequences_zh", "consequences_en"),
                    ("consequences_source", "consequences_confidence", "consequences_checked"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("channels")

    @admin.display(description=_("daily overdue rate"), ordering="daily_overdue_rate")
    def overdue_rate(self, lender):
        if lender.daily_overdue_rate is None:
            return None
        return percent(lender.daily_overdue_rate)

    @admin.display(description=_("unverified (no source)"))
    def unverified(self, lender):
        names = unverified_facts(lender)
        if not names:
            return format_html('<span class="review-ok">{}</span>', _("All sourced"))
        return format_html(
            '<span class="review-flag">{}</span> {}',
            _("Unverified"),
            format_html_join(clause_separator(), "{}", ((name,) for name in names)),
        )

    @admin.display(description=_("facts never checked"))
    def unchecked(self, lender):
        names = unchecked_facts(lender)
        if not names:
            return format_html('<span class="review-ok">{}</span>', _("All dated"))
        return format_html(
            '<span class="review-flag">{}</span> {}',
            _("Not checked"),
            format_html_join(clause_separator(), "{}", ((name,) for name in names)),
        )

    class Media:
        css = {"all": ["requests_app/admin_review.css"]}


@admin.register(LenderChannel)
class LenderChannelAdmin(admin.ModelAdmin):
    list_display = ["lender", "kind", "name_zh", "contact", "sourced", "confidence", "last_verified"]
    list_filter = ["kind", "confidence", "lender"]
    list_select_related = ["lender"]
    search_fields = ["name_zh", "name_en", "contact", "lender__name_zh", "lender__name_en"]

    @admin.display(description=_("has a source"), boolean=True)
    def sourced(self, channel):
        return bool(channel.source.strip())


@admin.register(LenderProgramme)
class LenderProgrammeAdmin(admin.ModelAdmin):
    """The programmes with their sources and the confidence those sources allow (derived, never typed)."""

    list_display = [
        "lender",
        "name_zh",
        "kind",
        "periods",
        "deferral_days",
        "fee_rate",
        "source",
        "confidence",
        "last_checked",
        "is_active",
    ]
    list_filter = ["kind", "source_kind", "is_active", "lender"]
    list_select_related = ["lender"]
    search_fields = ["name_zh", "name_en", "source", "lender__name_zh", "lender__name_en"]
    fieldsets = [(None, {"fields": ["lender"]}), *PROGRAMME_FIELDSETS]

    @admin.display(description=_("total fee rate"), ordering="total_fee_rate")
    def fee_rate(self, programme):
        if programme.total_fee_rate is None:
            return _("unknown")
        return percent(programme.total_fee_rate)

    @admin.display(description=_("confidence (from the sources)"))
    def confidence(self, programme):
        derived = programme_confidence(programme)
        css = "review-ok" if derived.verified else "review-flag"
        return format_html('<span class="{}">{}</span>', css, derived.label)

    class Media:
        css = {"all": ["requests_app/admin_review.css"]}
