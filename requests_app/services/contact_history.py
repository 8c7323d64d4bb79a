"""Reading the contact log: which entries still count, the timeline, and the follow-up that is planned.

These reads sit below `contacts` (the writes) and `scripts` (which quote the last contact), so neither
has to import the other to read the log. They take prefetched lists and cost no query.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from ..models import ContactAttempt


@dataclass(frozen=True)
class FollowUp:
    """The next follow-up a person planned, from their latest (uncorrected) contact."""

    at: dt.datetime
    contact: ContactAttempt
    is_due: bool


def contacts_in_effect(contacts: Iterable[ContactAttempt]) -> list[ContactAttempt]:
    """The entries that still count: those no later entry corrects, newest first. Works on a prefetched
    list, so it costs no query."""
    contacts = list(contacts)
    corrected = {c.corrects_id for c in contacts if c.corrects_id is not None}
    kept = [c for c in contacts if c.pk not in corrected]
    return sorted(kept, key=lambda c: (c.occurred_at, c.pk), reverse=True)


#: How many contacts the case page lists at first (the newest); "show all" lists every one.
TIMELINE_SHOWN = 20


@dataclass(frozen=True)
class TimelineEntry:
    """One entry of the contact timeline: whether it still counts, and the latest entry that corrects it."""

    contact: ContactAttempt
    in_effect: bool
    corrected_by: ContactAttempt | None


def contact_timeline(contacts: Iterable[ContactAttempt]) -> list[TimelineEntry]:
    """Every entry, newest first, marked in effect or corrected (and by which entry). No query of its own."""
    newest_first = sorted(contacts, key=lambda c: (c.occurred_at, c.pk), reverse=True)
    in_effect = {c.pk for c in contacts_in_effect(newest_first)}
    corrections: dict[int, ContactAttempt] = {}
    for contact in newest_first:
        if contact.corrects_id:
            corrections.setdefault(contact.corrects_id, contact)
    return [
        TimelineEntry(contact=c, in_effect=c.pk in in_effect, corrected_by=corrections.get(c.pk))
        for c in newest_first
    ]


def case_follow_up(contacts: Sequence[ContactAttempt], *, now: dt.datetime | None = None) -> FollowUp | None:
    """The follow-up planned at the latest contact in effect, and whether it is due (its time has come)."""
    now = now or timezone.now()
    in_effect = contacts_in_effect(contacts)
    if not in_effect or in_effect[0].next_follow_up is None:
        return None
    latest = in_effect[0]
    return FollowUp(at=latest.next_follow_up, contact=latest, is_due=latest.next_follow_up <= now)


def latest_contact_in_effect(field: str) -> Subquery:
    """`field` of the latest contact in effect of the case in the outer query (OuterRef "pk"): corrected
    entries give way to their corrections, as in `contacts_in_effect`."""
    corrected = ContactAttempt.objects.filter(corrects=OuterRef("pk"))
    latest = (
        ContactAttempt.objects.filter(case=OuterRef("pk"))
        .exclude(Exists(corrected))
        .order_by("-occurred_at", "-id")
    )
    return Subquery(latest.values(field)[:1])
