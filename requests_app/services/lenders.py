"""What a borrower is told about their lender: the facts an administrator keeps on the lender profile, each with
its source and how sure we are of it, never as a promise (the page always says to check with the lender)."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from ..models import Lender
from ..models.lenders import Confidence
from .formatting import clause_separator, day_count, month_count, percent

#: Confidences a fact with a source may be shown as checked with; any other reads "unverified".
CHECKED_CONFIDENCES = frozenset({Confidence.OFFICIAL, Confidence.REPORTED})


class FactKind(StrEnum):
    OVERDUE_RATE = "overdue_rate"
    GRACE = "grace"
    LIMITS = "limits"
    CONSEQUENCES = "consequences"


@dataclass(frozen=True)
class LenderFact:
    """One fact about a lender as the borrower sees it.

    `value` is a short figure ("0.05% a day", may be empty), `text` the profile's note in the active language
    (may be empty, never both). `source` is the recorded source ("" when none); `verified` is False when there
    is no source or its confidence is unverified or conflicting, and `confidence_label` says which, translated.
    """

    kind: FactKind
    label: str
    value: str
    text: str
    source: str
    verified: bool
    confidence_label: str


def _confidence_label(*, source: str, confidence: str) -> tuple[bool, str]:
    if not source:
        return False, _("Unverified: no source recorded")
    if confidence == Confidence.OFFICIAL:
        return True, _("Official source")
    if confidence == Confidence.REPORTED:
        return True, _("Reported by several sources")
    if confidence == Confidence.CONFLICTING:
        return False, _("Unverified: sources disagree")
    return False, _("Unverified")


def _fact(*, kind: FactKind, label: str, value: str, text: str, source: str, confidence: str):
    text, source = (text or "").strip(), (source or "").strip()
    if not value and not text:
        return None
    verified, confidence_label = _confidence_label(source=source, confidence=confidence)
    return LenderFact(
        kind=kind,
        label=label,
        value=value,
        text=text,
        source=source,
        verified=verified,
        confidence_label=confidence_label,
    )


def _grace_value(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return _("No grace period")
    return day_count(days)


def _limits_value(lender: Lender) -> str:
    parts = []
    if lender.max_deferral_days:
        parts.append(_("Longest deferral known: %(days)s") % {"days": day_count(lender.max_deferral_days)})
    if lender.max_installment_months:
        parts.append(
            _("Longest installment term known: %(months)s")
            % {"months": month_count(lender.max_installment_months)}
        )
    return clause_separator().join(parts)


def lender_facts(lender: Lender | None) -> list[LenderFact]:
    """The overdue rate, grace period, deferral and installment limits and the consequences of being overdue
    of `lender`, in that order, in the active language; a fact the profile says nothing about is left out
    (an empty list for no lender). The consequences have no source on the profile, so they read unverified."""
    if lender is None:
        return []
    rate = lender.daily_overdue_rate
    facts = [
        _fact(
            kind=FactKind.OVERDUE_RATE,
            label=_("Overdue rate"),
            value=_("%(rate)s a day on the overdue amount") % {"rate": percent(rate)}
            if rate is not None
            else "",
            text=lender.overdue_rate_note,
            source=lender.overdue_rate_source,
            confidence=lender.overdue_rate_confidence,
        ),
        _fact(
            kind=FactKind.GRACE,
            label=_("Grace period"),
            value=_grace_value(lender.grace_days),
            text=lender.grace_note,
            source=lender.grace_source,
            confidence=lender.grace_confidence,
        ),
        _fact(
            kind=FactKind.LIMITS,
            label=_("Deferral and installment limits"),
            value=_limits_value(lender),
            text=lender.limits_note,
            source=lender.limits_source,
            confidence=lender.limits_confidence,
        ),
        _fact(
            kind=FactKind.CONSEQUENCES,
            label=_("If the bill goes overdue"),
            value="",
            text=lender.consequences,
            source="",
            confidence=Confidence.UNVERIFIED,
        ),
    ]
    return [fact for fact in facts if fact is not None]
