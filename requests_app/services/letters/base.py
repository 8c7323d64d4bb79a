"""Letter types, the letter's value objects and the small text helpers every letter uses."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from django.utils.translation import gettext as _

from ...models import ContactAttempt, LetterType
from .. import formatting
from ..letter_language import LANGUAGES, resolve_language  # noqa: F401  (re-exported)
from ..refusals import Refusal
from ..safe_text import printable_text, shortened

LETTER_TYPES = tuple(LetterType.values)
#: The letter types rendered from a LetterDocument (the deferral request is the plan letter).
DOCUMENT_TYPES = tuple(t for t in LETTER_TYPES if t != LetterType.DEFERRAL)
#: How long the hold-action letter asks the lender to pause collection while the budget is prepared.
HOLD_DAYS = 30
#: What the lender said, as quoted in a letter: longer notes are shortened, and the letter says so.
QUOTE_LIMIT = 240
Outcome = ContactAttempt.Outcome
UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


class UnknownLetterType(Refusal):
    """Not one of LETTER_TYPES."""

    code = "unknown_letter_type"

    def __init__(self, letter_type: str):
        self.letter_type = letter_type
        super().__init__(_("There is no such letter."))


@dataclass(frozen=True)
class TimelineRow:
    """One contact of the log, oldest first, as a letter lists it."""

    date: str
    channel: str
    agent_id: str
    ticket_number: str
    outcome: str
    said: str


@dataclass(frozen=True)
class LetterSection:
    heading: str
    paragraphs: tuple[str, ...]
    blanks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class LetterDocument:
    """Everything one letter shows, formatted in `language`. `timeline` is None when the letter has no
    timeline; an empty tuple means it has one and there are no contacts yet (`timeline_empty` says so)."""

    letter_type: str
    language: str
    title: str
    letter_date: str
    lender_name: str
    lender_provider: str
    applicant: str
    account_hint: str
    salutation: str
    sections: tuple[LetterSection, ...]
    figures: tuple[Figure, ...] = ()
    timeline: tuple[TimelineRow, ...] | None = None
    timeline_empty: str = ""
    plan_version: str = ""
    how_to_use: tuple[str, ...] = field(default=())

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for section in self.sections for p in section.paragraphs)

    def as_text(self) -> str:
        """The letter as plain text, in reading order (tests and the copyable regulator text)."""
        parts = [self.title, self.salutation]
        for section in self.sections:
            if section.heading:
                parts.append(section.heading)
            parts.extend(section.paragraphs)
            parts.extend(f"{blank}: ____" for blank in section.blanks)
        for row in self.timeline or ():
            parts.append(
                " · ".join(
                    v
                    for v in (row.date, row.channel, row.agent_id, row.ticket_number, row.outcome, row.said)
                    if v
                )
            )
        return "\n".join(parts)


def join_sentences(sentences: Iterable[str], *, language: str) -> str:
    """Sentences as one paragraph (formatting.join_sentences)."""
    return formatting.join_sentences(sentences, language=language)


def printable_document(value):
    if isinstance(value, str):
        return printable_text(value)
    if isinstance(value, tuple):
        return tuple(printable_document(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return replace(value, **{f.name: printable_document(getattr(value, f.name)) for f in fields(value)})
    return value


def quoted(text: str) -> str:
    """What someone said, one line, shortened past QUOTE_LIMIT with a note that the full record is kept."""
    text = " ".join(printable_text(text).split())
    cut, was_cut = shortened(text, limit=QUOTE_LIMIT)
    return cut + _("… (shortened; the full note is in my records)") if was_cut else cut
