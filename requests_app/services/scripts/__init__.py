"""Call scripts: what to say on the phone, what to send in the in-app chat and what to post on social media,
built from the case so that every channel (and the PDF letter) tells the same facts: the scripts in the spoken
register, the letter in the written one (its own sentences, see `letter` and services.written).

`build_script(case=..., channel=...)` returns a frozen `Script` in the case's letter language (or the one
given). A script is a tuple of `ScriptSection`s in the order of the conversation (see SECTION_KEYS):
`lines` are what the person says (phone) or sends (chat, social: one message each), `notes` are for the
person only (what to have ready, lender facts, tips), `steps` is an ordered list (the lender's channel steps).
The social-media script is public-safe: it carries no name, account, amount, date or story of the case.

Reads `case.lender` with `lender.channels.all()`, `case.payments.all()`, `case.contacts.all()` and
`case.plan_versions.all()`, so callers can prefetch them (SCRIPT_READS, with the programmes its options read).

The package is split by job: `sections` (the value objects, channel names and section keys), `sentences`
(the facts read once from the case, which the letter reads too, and the spoken sentences every channel
shares), `preparation` (the notes before a contact: what to have ready, how to reach the lender, what was
said last time), `channels` (the phone, chat and social layouts and `build_script`) and `letter` (the
letter's paragraphs, in the written register).
Everything public is re-exported here, so `from requests_app.services import scripts` keeps working.
"""

from .channels import SCRIPT_READS, build_script, contact_prefill
from .letter import LetterText, letter_text
from .preparation import CATEGORY_PROOF, COMMON_PROOF
from .sections import (
    CHANNELS,
    CHAT,
    CLOSING,
    COMMITMENT,
    FOLLOW_UP_AFTER,
    FOLLOW_UP_HOUR,
    HOW_TO_REACH,
    IF_REFUSED,
    LAST_CONTACT,
    OPENING,
    PHONE,
    PLAN,
    PREPARE,
    QUESTIONS,
    RECORD,
    RECORD_FIELDS,
    REQUEST,
    SECTION_KEYS,
    SITUATION,
    SOCIAL,
    Script,
    ScriptSection,
    UnknownChannel,
)
from .sentences import (
    LANGUAGES,
    cause_sentence,
    changes_sentence,
    commitment_sentences,
    last_contact_sentence,
    mode_sentences,
    plan_sentences,
    request_sentence,
    resolve_language,
    situation_sentences,
)

__all__ = [
    "CATEGORY_PROOF",
    "CHANNELS",
    "CHAT",
    "CLOSING",
    "COMMITMENT",
    "COMMON_PROOF",
    "FOLLOW_UP_AFTER",
    "FOLLOW_UP_HOUR",
    "HOW_TO_REACH",
    "IF_REFUSED",
    "LANGUAGES",
    "LAST_CONTACT",
    "LetterText",
    "OPENING",
    "PHONE",
    "PLAN",
    "PREPARE",
    "QUESTIONS",
    "RECORD",
    "SCRIPT_READS",
    "RECORD_FIELDS",
    "REQUEST",
    "SECTION_KEYS",
    "SITUATION",
    "SOCIAL",
    "Script",
    "ScriptSection",
    "UnknownChannel",
    "build_script",
    "cause_sentence",
    "changes_sentence",
    "commitment_sentences",
    "contact_prefill",
    "last_contact_sentence",
    "letter_text",
    "mode_sentences",
    "plan_sentences",
    "request_sentence",
    "resolve_language",
    "situation_sentences",
]
