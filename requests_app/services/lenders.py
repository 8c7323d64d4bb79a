"""What a borrower is told about their lender: the facts an administrator keeps on the lender profile, each with
its source and how sure we are of it, never as a promise (the page always says to check with the lender)."""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Lender
from ..models.lenders import Confidence
from .formatting import clause_separator, day_count, long_date, month_count, percent
from .negotiation.sources import STALE_AFTER_YEARS

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
    is no source, its confidence is unverified or conflicting, or it was never checked against a dated source;
    `confidence_code` says which, stably ("no_source", "official", "conflicting", "unverified",
    "sources_not_named", "source_too_old", "single_source", "several_sources", "not_checked"), and
    `confidence_label` in words, translated. `checked` is the date of the source the fact was checked against
    (None: never) and `checked_label` says it, or "not checked — ask your lender".
    """

    kind: FactKind
    label: str
    value: str
    text: str
    source: str
    verified: bool
    confidence_label: str
    confidence_code: str = "unverified"
    checked: dt.date | None = None
    checked_label: str = ""


#: Words that describe a source without naming it ("secondary sources 2022 and 2025" names nothing).
GENERIC_SOURCE_WORDS = frozenset(
    {"secondary", "sources", "source", "reports", "report", "and", "several", "agree", "two", "news", "sites"}
)
YEAR = re.compile(r"\b(19|20)\d\d\b")
#: A "reported" fact needs this many named sources, the newest no older than STALE_AFTER_YEARS.
SEVERAL = 2


def _named_sources(source: str) -> list[str]:
    """The entries of a source text (separated by ";") that name something: a site, a paper, a page."""
    named = []
    for entry in source.split(";"):
        text = re.sub(r"\([^)]*\)", " ", entry)
        words = [w for w in re.split(r"[\s,，、]+", YEAR.sub(" ", re.sub(r"[\d\-–]+", " ", text))) if w]
        if any(word.lower() not in GENERIC_SOURCE_WORDS for word in words):
            named.append(entry.strip())
    return named


def _confidence_label(*, source: str, confidence: str, today: dt.date | None = None) -> tuple[bool, str, str]:
    """How sure a fact may read: a typed "reported" is checked against the source text itself (how many
    sources it names and how old the newest is), so one page, an unnamed "secondary sources" or an old
    article never reads "reported by several sources"."""
    if not source:
        return False, "no_source", _("Unverified: no source recorded")
    if confidence == Confidence.OFFICIAL:
        return True, "official", _("Official source")
    if confidence == Confidence.CONFLICTING:
        return False, "conflicting", _("Unverified: sources disagree")
    if confidence != Confidence.REPORTED:
        return False, "unverified", _("Unverified")
    named = _named_sources(source)
    years = [int(match.group(0)) for match in YEAR.finditer(source)]
    newest = max(years, default=None)
    this_year = (today or timezone.localdate()).year
    if not named:
        return False, "sources_not_named", _("Unverified: the sources are not named")
    if newest is not None and this_year - newest > STALE_AFTER_YEARS:
        return False, "source_too_old", _("Unverified: the newest source is from %(year)s") % {"year": newest}
    if len(named) < SEVERAL:
        return False, "single_source", _("Unverified: a single source")
    return True, "several_sources", _("Reported by %(count)s named sources") % {"count": len(named)}


#: Notes in the seeded source texts, shown in the reader's language.
SOURCE_NOTES = {
    "(secondary, several agree)": gettext_lazy("(secondary, several agree)"),
    "(secondary, two agree)": gettext_lazy("(secondary, two agree)"),
    "(regulation text)": gettext_lazy("(regulation text)"),
    "(3 days)": gettext_lazy("(3 days)"),
    "(none)": gettext_lazy("(none)"),
}


def source_display(source: str) -> str:
    """The source text with its known notes translated."""
    for note, translated in SOURCE_NOTES.items():
        source = source.replace(note, str(translated))
    return source


def facts_checked(facts) -> bool:
    """True when at least one fact reads as checked; otherwise the page asks the borrower to ask the lender."""
    return any(fact.verified for fact in facts)


def checked_label(checked: dt.date | None) -> str:
    """A fact's own checked date as the borrower reads it, or that it was never checked."""
    if checked is None:
        return _("Not checked — ask your lender.")
    return _("Checked against a source dated %(date)s.") % {"date": long_date(checked)}


def _fact(
    *,
    kind: FactKind,
    label: str,
    value: str,
    text: str,
    source: str,
    confidence: str,
    checked: dt.date | None,
):
    text, source = (text or "").strip(), (source or "").strip()
    if not value and not text:
        return None
    verified, confidence_code, confidence_label = _confidence_label(source=source, confidence=confidence)
    if verified and checked is None:
        verified, confidence_code = False, "not_checked"
        confidence_label = _("Unverified: not checked against a dated source")
    return LenderFact(
        kind=kind,
        label=label,
        value=value,
        text=text,
        source=source_display(source),
        verified=verified,
        confidence_label=confidence_label,
        confidence_code=confidence_code,
        checked=checked,
        checked_label=checked_label(checked),
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
    (an empty list for no lender). Each fact carries its own source, confidence and checked date."""
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
            checked=lender.overdue_rate_checked,
        ),
        _fact(
            kind=FactKind.GRACE,
            label=_("Grace period"),
            value=_grace_value(lender.grace_days),
            text=lender.grace_note,
            source=lender.grace_source,
            confidence=lender.grace_confidence,
            checked=lender.grace_checked,
        ),
        _fact(
            kind=FactKind.LIMITS,
            label=_("Deferral and installment limits"),
            value=_limits_value(lender),
            text=lender.limits_note,
            source=lender.limits_source,
            confidence=lender.limits_confidence,
            checked=lender.limits_checked,
        ),
        _fact(
            kind=FactKind.CONSEQUENCES,
            label=_("If the bill goes overdue"),
            value="",
            text=lender.consequences,
            source=lender.consequences_source,
            confidence=lender.consequences_confidence,
            checked=lender.consequences_checked,
        ),
    ]
    return [fact for fact in facts if fact is not None]
