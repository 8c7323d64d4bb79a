"""What a script is made of: the channels, the section keys in conversation order, and the frozen
`Script` / `ScriptSection` value objects."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

PHONE = "phone"
CHAT = "chat"
SOCIAL = "social"
CHANNELS = (PHONE, CHAT, SOCIAL)

PREPARE = "prepare"
HOW_TO_REACH = "how_to_reach"
LAST_CONTACT = "last_contact"
OPENING = "opening"
SITUATION = "situation"
REQUEST = "request"
PLAN = "plan"
COMMITMENT = "commitment"
QUESTIONS = "questions"
IF_REFUSED = "if_refused"
CLOSING = "closing"
RECORD = "record"
SECTION_KEYS = (
    PREPARE,
    HOW_TO_REACH,
    LAST_CONTACT,
    OPENING,
    SITUATION,
    REQUEST,
    PLAN,
    COMMITMENT,
    QUESTIONS,
    IF_REFUSED,
    CLOSING,
    RECORD,
)

#: The contact-log fields a script prefills (ContactAttempt field names), in form order.
RECORD_FIELDS = ("channel", "agent_id", "ticket_number", "offer_made", "promised", "next_follow_up")


# When the person should plan to follow up after a contact, if the lender names no date.
FOLLOW_UP_AFTER = dt.timedelta(days=3)
FOLLOW_UP_HOUR = 10


class UnknownChannel(ValueError):
    """The channel is not one of CHANNELS."""

    code = "unknown_channel"


@dataclass(frozen=True)
class ScriptSection:
    key: str
    title: str
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.lines or self.notes or self.steps)


@dataclass(frozen=True)
class Script:
    """One channel's script in one language. `record_fields` are (ContactAttempt field, initial value)
    pairs for the contact log form; `record_initial` gives them as a dict, `record_query` the link to the
    form (channel and language only)."""

    channel: str
    language: str
    title: str
    lender_name: str
    sections: tuple[ScriptSection, ...]
    record_fields: tuple[tuple[str, str], ...]

    def section(self, key: str) -> ScriptSection | None:
        return next((section for section in self.sections if section.key == key), None)

    @property
    def record_initial(self) -> dict[str, str]:
        return dict(self.record_fields)

    @property
    def record_query(self) -> str:
        """The contact log link's query: the channel and language only. The suggested values (the plan's
        total and dates) are computed again on the server (`contact_prefill`), never put in a URL, where
        they would reach access logs and the browser's history."""
        return urlencode([("channel", self.channel), ("lang", self.language)])

    @property
    def messages(self) -> tuple[str, ...]:
        """Everything the person says or sends, in order."""
        return tuple(line for section in self.sections for line in section.lines)

    def as_text(self) -> str:
        """The whole script as plain text (for printing, the contact log's copy, and tests)."""
        parts = [self.title]
        for section in self.sections:
            parts.append(f"\n## {section.title}")
            parts.extend(f"- {note}" for note in section.notes)
            parts.extend(f"{number}. {step}" for number, step in enumerate(section.steps, start=1))
            parts.extend(f"> {line}" for line in section.lines)
        return "\n".join(parts)


def section_titles() -> dict[str, str]:
    return {
        PREPARE: _("Before you contact them"),
        HOW_TO_REACH: _("How to reach them"),
        LAST_CONTACT: _("What you said last time"),
        OPENING: _("Opening"),
        SITUATION: _("Your situation"),
        REQUEST: _("The request"),
        PLAN: _("The plan"),
        COMMITMENT: _("Commitment and thanks"),
        QUESTIONS: _("Questions to ask"),
        IF_REFUSED: _("If they say no"),
        CLOSING: _("Closing"),
        RECORD: _("What to record"),
    }
