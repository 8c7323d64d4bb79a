"""The letters for each moment of a negotiation (models.LetterType): what each one says, in which order, in
either language; the matching phone script; which letter the case needs next; and the record of every
download.

Every sentence is built from what the borrower entered (the case, the contact log, the escalation steps):
nothing is invented. Where a letter needs a fact the product does not hold (the credit-report entry being
disputed), it leaves a line to fill in by hand. Text the borrower typed goes through
`safe_text.printable_text`, so control and bidirectional-override characters cannot reorder the letter;
HTML is escaped by the template. The deferral request (LetterType.DEFERRAL) is the plan letter of
services.pdf; the others are `LetterDocument`s rendered by the same engine (services.pdf.html_to_pdf).

The package is split by job: `base` (types, value objects, helpers), `sentences` (the written-register
sentences), `document` (one builder per letter, `letter_document`), `script` (the matching phone script),
`next_letter` (the suggestion and the case page's overview) and `render` (HTML, PDF, file names, the
download record). Everything public is re-exported here.
"""

from .base import (
    DOCUMENT_TYPES,
    HOLD_DAYS,
    LETTER_TYPES,
    LetterDocument,
    LetterSection,
    TimelineRow,
    UnknownLetterType,
    resolve_language,
)
from .document import WITH_TIMELINE, letter_document
from .next_letter import LettersOverview, LetterSuggestion, letters_overview, suggest_next_letter
from .render import (
    LETTER_PREVIEW_TEMPLATE,
    LETTER_TEMPLATE,
    letter_download_record,
    letter_pdf_filename,
    render_letter_html,
    render_letter_pdf,
)
from .script import letter_script
from .sentences import OfferTerms, contact_timeline_rows, offer_terms

__all__ = [
    "DOCUMENT_TYPES",
    "HOLD_DAYS",
    "LETTER_PREVIEW_TEMPLATE",
    "LETTER_TEMPLATE",
    "LETTER_TYPES",
    "WITH_TIMELINE",
    "LetterDocument",
    "LetterSection",
    "LetterSuggestion",
    "LettersOverview",
    "OfferTerms",
    "TimelineRow",
    "UnknownLetterType",
    "contact_timeline_rows",
    "letter_document",
    "letter_download_record",
    "letter_pdf_filename",
    "letter_script",
    "letters_overview",
    "offer_terms",
    "render_letter_html",
    "render_letter_pdf",
    "resolve_language",
    "suggest_next_letter",
]
