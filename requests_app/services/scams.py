"""The scam guard: the regulators' warning about "debt negotiation" agencies, and a check of the text a
borrower types or pastes (their story, contact notes, what the agent said) against a maintained list of the
phrases those agencies use (requests_app/data/scam_phrases.json, both languages).

A match never blocks anything: it only tells the page to show the warning beside the field. The product
never drafts evidence; the warning says why (a forged certificate is a crime)."""

import functools
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PHRASES_FILE = Path(__file__).resolve().parent.parent / "data" / "scam_phrases.json"

GUARANTEE = "guarantee"
FEE = "fee"
CARDS = "cards"
STOP_CONTACT = "stop_contact"
FORGERY = "forgery"
FALSE_CLAIM = "false_claim"
CATEGORIES = (GUARANTEE, FEE, CARDS, STOP_CONTACT, FORGERY, FALSE_CLAIM)

#: Where the warning comes from (domain.md, "Negotiation, escalation and scams"). Reposts of the official
#: texts, so the confidence is "reported", never "official".
SOURCES = (
    {
        "code": "NFRA_2024",
        "title": gettext_lazy("NFRA risk warning on illegal 'agent rights protection' (May 2024)"),
        "url": "https://gzdaily.dayoo.com/pc/html/2024-05/13/content_875_857913.htm",
        "seen": "2026-12-01",
    },
    {
        "code": "FIVE_AGENCIES_2026",
        "title": gettext_lazy(
            "Joint risk warning of the NFRA, CAC, Ministry of Public Security, PBoC and CSRC (6 February 2026)"
        ),
        "url": "http://big5.news.cn/gate/big5/www.news.cn/20260209/c166bbfed11d409b8db8c7ab9dc7079e/c.html",
        "seen": "2026-12-01",
    },
)


@dataclass(frozen=True)
class ScamPhrase:
    text: str
    language: str
    category: str


@dataclass(frozen=True)
class ScamMatch:
    """A phrase found in a field: what was found and which warning point it concerns."""

    field: str
    phrase: str
    category: str


def _normalised(text: str) -> str:
    """Case, width, spaces and punctuation do not matter: "征信 洗白", "Up-Front Fee" and "upfront fee" match."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(char for char in text if unicodedata.category(char)[0] not in "PZC" and char not in "'’")


@functools.cache
def scam_phrases() -> tuple[ScamPhrase, ...]:
    """The maintained phrase list, read once. Unknown categories are refused (a typo in the data file)."""
    data = json.loads(PHRASES_FILE.read_text(encoding="utf-8"))
    phrases = tuple(ScamPhrase(**item) for item in data["phrases"])
    unknown = {phrase.category for phrase in phrases} - set(CATEGORIES)
    if unknown:
        raise ValueError(f"Unknown scam phrase categories: {sorted(unknown)}")
    return phrases


@functools.cache
def _normalised_phrases() -> tuple[tuple[str, ScamPhrase], ...]:
    return tuple((_normalised(phrase.text), phrase) for phrase in scam_phrases())


def scam_matches(*, texts: dict[str, str]) -> tuple[ScamMatch, ...]:
    """Each phrase of the list found in each of `texts` ({field name: text}), in field order, at most one
    match per phrase and field. Empty when nothing matches."""
    found = []
    for field, text in texts.items():
        haystack = _normalised(text)
        if not haystack:
            continue
        for needle, phrase in _normalised_phrases():
            if needle and needle in haystack:
                found.append(ScamMatch(field=field, phrase=phrase.text, category=phrase.category))
    return tuple(found)


def matches_by_field(matches) -> dict[str, tuple[ScamMatch, ...]]:
    """The matches grouped by field, for templates that show a warning beside each field."""
    grouped: dict[str, list[ScamMatch]] = {}
    for match in matches:
        grouped.setdefault(match.field, []).append(match)
    return {field: tuple(items) for field, items in grouped.items()}


@dataclass(frozen=True)
class ScamWarning:
    """The warning as shown: a title, its points, and its sources (with "check the current rules")."""

    title: str
    points: tuple[str, ...]
    sources: tuple[dict, ...]


def scam_warning() -> ScamWarning:
    """The short, sourced warning shown at sign-up, before any letter and on the complaint path."""
    return ScamWarning(
        title=_("Beware of paid 'debt negotiation' agencies"),
        points=(
            _("Never pay anyone up front to negotiate for you: talking to your lender is free."),
            _("Never hand over your ID card, bank cards, SIM card or verification codes."),
            _("Keep talking to your lender yourself, whatever anyone tells you."),
            _(
                "Never use a forged hardship certificate or medical record: it is a crime, and Deferral Desk "
                "never drafts evidence for you."
            ),
            _("No one can guarantee an interest freeze or a clean credit report."),
        ),
        sources=tuple({**source, "title": str(source["title"])} for source in SOURCES),
    )


def field_warning(matches) -> str:
    """The sentence shown beside a field where phrases were found (the phrases quoted)."""
    phrases = "、".join(dict.fromkeys(match.phrase for match in matches))
    return _(
        "“%(phrases)s” is what paid debt agencies say. Be careful: never pay up front, never hand over your "
        "cards, and keep talking to your lender. Your text is saved as you wrote it."
    ) % {"phrases": phrases}


#: The fields of a contact entry checked for scam phrases ("what the agent said" is the offer noted).
CONTACT_FIELDS = ("offer_made", "promised", "notes")
#: The case's own free text checked for scam phrases.
CASE_FIELDS = ("hardship_narrative", "evidence_notes")


def field_notices(*, texts: dict[str, str]) -> dict[str, str]:
    """{field: the warning to show beside it} for each of `texts` where a phrase was found."""
    return {
        field: field_warning(found) for field, found in matches_by_field(scam_matches(texts=texts)).items()
    }


def contact_notices(contacts) -> dict[int, str]:
    """{contact id: the warning} for each contact whose notes, offer or promise holds a scam phrase."""
    notices = {}
    for contact in contacts:
        found = scam_matches(texts={name: getattr(contact, name) for name in CONTACT_FIELDS})
        if found:
            notices[contact.pk] = field_warning(found)
    return notices


def case_notices(case) -> dict[str, str]:
    """{case field: the warning} for the case's own free text."""
    return field_notices(texts={name: getattr(case, name) or "" for name in CASE_FIELDS})
