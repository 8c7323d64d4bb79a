"""Rule 8: how much text a person may type, field by field, decided here only.

Forms state these limits next to the field and refuse longer input; the services refuse it again
(`length_refusals`) for callers that skip the forms. Both say it in one wording, `refusals.TOO_LONG_MESSAGE`
(code "max_length"; `forms.fields.TOO_LONG` shows the same). A limit on a column with its own max_length
is read from the model, so the two cannot drift apart.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError

from ..models import Commitment, ContactAttempt, CounterOffer, EscalationStep
from .refusals import too_long


def _column(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# The borrower's story and notes: long enough for the story, short enough to read on a call.
NARRATIVE_MAX_LENGTH = 2000
NOTES_MAX_LENGTH = 1000
SHORT_TEXT_MAX_LENGTH = 500
#: What may be typed in the account field (only the last four characters are kept).
ACCOUNT_INPUT_MAX_LENGTH = 40
# What was said on a contact with the lender.
AGENT_ID_MAX_LENGTH = _column(ContactAttempt, "agent_id")
TICKET_MAX_LENGTH = _column(ContactAttempt, "ticket_number")
CONTACT_TEXT_MAX_LENGTH = 1000
RATE_NOTE_MAX_LENGTH = _column(CounterOffer, "rate_note")
# Escalation steps.
REFERENCE_MAX_LENGTH = _column(EscalationStep, "reference")
ESCALATION_NOTES_MAX_LENGTH = 1000
# The household budget.
EXPLANATION_MAX_LENGTH = 500
INCOME_NOTES_MAX_LENGTH = 500
CREDITOR_MAX_LENGTH = _column(Commitment, "creditor")
# The review desk.
STATUS_NOTE_MAX_LENGTH = 1000
CORRECTION_NOTE_MAX_LENGTH = 1000


def length_refusals(texts: Mapping[str, str | None], limits: Mapping[str, int]) -> dict[str, ValidationError]:
    """The too-long refusal of each text in `texts` longer than its limit in `limits`, by field."""
    return {
        name: too_long(limit=limits[name], length=len(text or ""))
        for name, text in texts.items()
        if name in limits and len(text or "") > limits[name]
    }
