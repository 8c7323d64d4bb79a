"""How sure we are of a fact, derived from the sources recorded for it (how many, what kind, how old), never
taken from a label typed by hand: one page is one page, and a regulation's text is official."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import SourceKind
from ..formatting import long_date

#: Secondary sources older than this read as dated, whatever their number.
STALE_AFTER_YEARS = 3
#: Secondary sources needed, within STALE_AFTER_YEARS, before a fact reads "reported by several sources".
SEVERAL = 2


class Level(StrEnum):
    OFFICIAL = "official"
    REPORTED = "reported"
    SINGLE = "single"
    DATED = "dated"
    CONFLICTING = "conflicting"
    NONE = "none"


#: Levels under which a fact may be shown as checked; every other level reads as unverified.
CHECKED_LEVELS = frozenset({Level.OFFICIAL, Level.REPORTED})


@dataclass(frozen=True)
class SourceConfidence:
    """`level` (a stable code), whether the fact may be shown as checked, and the translated label saying
    why ("One secondary source, undated")."""

    level: Level
    verified: bool
    label: str


def _years_between(earlier: dt.date, later: dt.date) -> float:
    return (later - earlier).days / 365.25


def source_confidence(
    *,
    source: str,
    kind: str,
    count: int,
    newest: dt.date | None,
    conflicting: bool = False,
    today: dt.date | None = None,
) -> SourceConfidence:
    """The confidence a fact may claim: none without a source text or a count; conflicting when the sources
    disagree; official for the lender's own page or a regulation's text; otherwise "reported" only for
    SEVERAL or more dated secondary sources, the newest within STALE_AFTER_YEARS; one source, undated
    sources or old ones say so."""
    today = today or timezone.localdate()
    if not (source or "").strip() or count < 1:
        return SourceConfidence(Level.NONE, False, _("Unverified: no source recorded"))
    if conflicting:
        return SourceConfidence(Level.CONFLICTING, False, _("Unverified: sources disagree"))
    if kind in (SourceKind.OFFICIAL, SourceKind.REGULATION):
        if kind == SourceKind.REGULATION:
            return SourceConfidence(Level.OFFICIAL, True, _("The regulation's own text"))
        return SourceConfidence(Level.OFFICIAL, True, _("The lender's own page"))
    if newest is not None and _years_between(newest, today) > STALE_AFTER_YEARS:
        return SourceConfidence(
            Level.DATED,
            False,
            _("Unverified: the newest source is from %(date)s, more than %(years)s years ago")
            % {"date": long_date(newest), "years": STALE_AFTER_YEARS},
        )
    if count < SEVERAL:
        if newest is None:
            return SourceConfidence(Level.SINGLE, False, _("Unverified: one secondary source, undated"))
        return SourceConfidence(
            Level.SINGLE,
            False,
            _("Unverified: one secondary source (%(date)s)") % {"date": long_date(newest)},
        )
    if newest is None:
        return SourceConfidence(
            Level.SINGLE, False, _("Unverified: %(count)s secondary sources, none dated") % {"count": count}
        )
    return SourceConfidence(
        Level.REPORTED,
        True,
        _("Reported by %(count)s secondary sources, the newest from %(date)s")
        % {"count": count, "date": long_date(newest)},
    )


def programme_confidence(programme, *, today: dt.date | None = None) -> SourceConfidence:
    """`source_confidence` for a LenderProgramme's recorded sources."""
    return source_confidence(
        source=programme.source,
        kind=programme.source_kind,
        count=programme.source_count,
        newest=programme.source_date,
        conflicting=programme.sources_conflict,
        today=today,
    )
