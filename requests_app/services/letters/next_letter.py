"""Which letter the case needs next, and the case page's overview of letters and deadlines."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Case, ContactAttempt, LetterDownload, LetterType
from ..escalation import EscalationClocks, escalation_clocks
from ..finances import case_monthly_offer, has_monthly_offer
from ..schedule import case_schedule
from .sentences import (
    refusals_in_effect,
)

# --- Which letter next ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterSuggestion:
    """The letter the case needs next (None: nothing to send now, e.g. waiting for an answer), why (a stable
    `code`), and the reason in words."""

    letter_type: str | None
    code: str
    reason: str


def suggest_next_letter(
    *,
    case: Case,
    contacts: Sequence[ContactAttempt],
    downloads: Sequence[LetterDownload],
    clocks: EscalationClocks,
    today: dt.date | None = None,
) -> LetterSuggestion:
    """The next letter from the case's state, most advanced stage first: a complaint answered (review
    window open) or left unanswered past its deadline → the regulator; a complaint running → wait; refused
    again after asking to reconsider → complaint; refused → reconsideration; nothing left to offer → token
    offer; no plan yet → hold action; otherwise the deferral request. No query of its own."""
    today = today or timezone.localdate()
    if clocks.complaint_answered and clocks.review_window_open:
        return LetterSuggestion(
            LetterType.REGULATOR,
            "REVIEW_WINDOW_OPEN",
            _(
                "The lender answered your complaint. If it did not resolve it, ask for a review or go to the regulator."
            ),
        )
    if clocks.complaint_overdue and not clocks.regulator_contacted:
        return LetterSuggestion(
            LetterType.REGULATOR,
            "COMPLAINT_UNANSWERED",
            _("Your complaint was not answered in time. Take it to the regulator with your timeline."),
        )
    if clocks.complaint_sent and not clocks.complaint_answered and not clocks.complaint_overdue:
        return LetterSuggestion(
            None,
            "COMPLAINT_PENDING",
            _("Your complaint is with the lender. Wait for its answer until the date below."),
        )
    refusals = refusals_in_effect(contacts)
    if refusals and not clocks.complaint_sent:
        asked = [d for d in downloads if d.letter_type == LetterType.RECONSIDERATION]
        if asked:
            first_ask = min(d.downloaded_at for d in asked)
            if any(c.occurred_at > first_ask for c in refusals):
                return LetterSuggestion(
                    LetterType.COMPLAINT,
                    "REFUSED_AFTER_RECONSIDERATION",
                    _("The lender refused again after you asked it to reconsider. Make a formal complaint."),
                )
            return LetterSuggestion(
                LetterType.COMPLAINT,
                "RECONSIDERATION_SENT",
                _(
                    "You asked the lender to reconsider. If it refuses again or does not answer, make a formal complaint."
                ),
            )
        return LetterSuggestion(
            LetterType.RECONSIDERATION,
            "REFUSED",
            _("The lender refused %(count)s times. Ask it to reconsider, citing each contact.")
            % {"count": len(refusals)},
        )
    capacity = case_monthly_offer(case)
    if capacity is not None and not has_monthly_offer(capacity):
        return LetterSuggestion(
            LetterType.OFFER,
            "NOTHING_LEFT",
            _(
                "Nothing is left each month after essential costs: offer a token payment and ask for a freeze."
            ),
        )
    if not case_schedule(case).payments:
        return LetterSuggestion(
            LetterType.HOLD_ACTION,
            "NO_PLAN_YET",
            _("You have no plan yet: ask the lender to hold collection while you prepare your budget."),
        )
    return LetterSuggestion(
        LetterType.DEFERRAL,
        "PLAN_READY",
        _("Your plan is ready: send the request to defer with your plan."),
    )


# --- The case page's letters and deadlines -------------------------------------------------------------------


#: How many downloads the case page lists (the newest); the rest are counted.
DOWNLOADS_SHOWN = 10


@dataclass(frozen=True)
class LettersOverview:
    """What the case page shows about letters and the escalation ladder, computed once per request from
    prefetched contacts, letter downloads and escalation steps."""

    suggestion: LetterSuggestion
    clocks: EscalationClocks
    #: Every download, newest first (what the suggestion reads).
    downloads: tuple[LetterDownload, ...]
    letter_types: tuple[tuple[str, str], ...]

    @property
    def recent_downloads(self) -> tuple[LetterDownload, ...]:
        """The newest DOWNLOADS_SHOWN downloads, as the case page lists them."""
        return self.downloads[:DOWNLOADS_SHOWN]

    @property
    def earlier_downloads(self) -> int:
        """How many older downloads the page does not list."""
        return max(len(self.downloads) - DOWNLOADS_SHOWN, 0)


def letters_overview(*, case: Case, today: dt.date | None = None) -> LettersOverview:
    """The suggestion, the clocks and the download history of `case` (prefetch contacts, letter_downloads
    with their plan_version, and escalation_steps)."""
    today = today or timezone.localdate()
    contacts = list(case.contacts.all())
    downloads = tuple(
        sorted(case.letter_downloads.all(), key=lambda d: (d.downloaded_at, d.pk), reverse=True)
    )
    clocks = escalation_clocks(steps=case.escalation_steps.all(), today=today)
    suggestion = suggest_next_letter(
        case=case, contacts=contacts, downloads=downloads, clocks=clocks, today=today
    )
    return LettersOverview(
        suggestion=suggestion,
        clocks=clocks,
        downloads=downloads,
        letter_types=tuple((value, str(label)) for value, label in LetterType.choices),
    )
