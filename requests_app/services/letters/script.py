"""The phone script that goes with each letter."""

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...models import Case, LetterType
from ..formatting import day_count, long_date, money
from ..safe_text import printable_text
from ..scripts import PHONE, Script, ScriptSection
from .base import (
    DOCUMENT_TYPES,
    HOLD_DAYS,
    UnknownLetterType,
    resolve_language,
)
from .sentences import (
    contact_reference,
    offer_terms,
    refusals_in_effect,
)

# --- The matching script -------------------------------------------------------------------------------------


def letter_script(
    *, case: Case, letter_type: str, language: str | None = None, today: dt.date | None = None
) -> Script:
    """What to say on the phone when sending `letter_type`: the same request in spoken form, what to ask, and
    what to write down. The deferral request's script is services.scripts.build_script."""
    if letter_type not in DOCUMENT_TYPES:
        raise UnknownLetterType(letter_type)
    language = resolve_language(case, language)
    today = today or timezone.localdate()
    contacts = list(case.contacts.all()) if case.pk else []
    with translation.override(language):
        lender = case.lender.name if case.lender else _("your lender")
        hello = (
            _("Hello, I am a %(lender)s customer; my account ends in %(hint)s.")
            % {"lender": lender, "hint": printable_text(case.account_hint)}
            if case.account_hint
            else _("Hello, I am a %(lender)s customer.") % {"lender": lender}
        )
        refusals = refusals_in_effect(contacts)
        lines: list[str] = [hello]
        asks: list[str] = []
        if letter_type == LetterType.HOLD_ACTION:
            until = today + dt.timedelta(days=HOLD_DAYS)
            lines += [
                _(
                    "I am preparing a statement of my income and spending so I can make an offer I can keep to."
                ),
                _("Could you hold collection and stop interest and charges for %(days)s, until %(date)s?")
                % {"days": day_count(HOLD_DAYS), "date": long_date(until)},
                _("I will send my offer by %(date)s.") % {"date": long_date(until)},
            ]
            asks = [_("Can you confirm the hold in writing, by text message or in the app?")]
        elif letter_type == LetterType.OFFER:
            terms = offer_terms(case)
            if terms.token:
                lines.append(
                    _(
                        "Nothing is left each month after essential costs. Could you accept a token payment for now?"
                    )
                )
            elif terms.monthly is not None:
                lines.append(_("I can offer %(amount)s a month.") % {"amount": money(terms.monthly)})
            lines.append(_("Could you freeze interest and charges while I keep to it?"))
            asks = [_("Can you confirm the arrangement in writing?")]
        elif letter_type == LetterType.RECONSIDERATION:
            if refusals:
                lines.append(
                    _("My request was refused %(reference)s.")
                    % {"reference": contact_reference(refusals[-1])}
                )
            lines.append(
                _("I would like to ask you to reconsider it. I can explain my situation and my plan again.")
            )
            asks = [
                _("What was the reason for the refusal?"),
                _("Who can reconsider the decision, and when will I hear?"),
            ]
        elif letter_type == LetterType.COMPLAINT:
            lines += [
                _("I would like to make a formal complaint about how my repayment request has been handled."),
                _("I have a dated list of my contacts with you, and I can send it in writing."),
            ]
            asks = [
                _("Could you register my complaint and give me the complaint number?"),
                _(
                    "By what date will I have your answer? Is it treated as simple (15 days) or complex (30 days)?"
                ),
            ]
        elif letter_type == LetterType.REGULATOR:
            lines = [
                _("Hello, I would like to complain about %(lender)s.") % {"lender": lender},
                _(
                    "I asked them for help with my repayments, complained to them, and the complaint is not resolved."
                ),
            ]
            asks = [_("Could you give me the complaint number and tell me when I will hear back?")]
        else:
            lines += [
                _("I would like to dispute an entry in my credit report about this account."),
                _("How do I send the dispute, and will you answer in writing within 20 days?"),
            ]
            asks = [_("Could you give me a reference number for the dispute?")]
        return Script(
            channel=PHONE,
            language=language,
            title=_("What to say on the phone"),
            lender_name=lender,
            sections=(
                ScriptSection(
                    key="prepare",
                    title=_("Before you call"),
                    notes=(
                        _("Have the letter in front of you and say the same as it does."),
                        _("Stay calm and polite; do not agree to anything you cannot pay."),
                    ),
                ),
                ScriptSection(
                    key="opening", title=_("What to say"), lines=tuple(printable_text(x) for x in lines)
                ),
                ScriptSection(key="questions", title=_("What to ask"), lines=tuple(asks)),
                ScriptSection(
                    key="record",
                    title=_("What to write down"),
                    notes=(
                        _("The date, the agent number and the ticket or complaint number."),
                        _("Log it in Deferral Desk straight away, while you remember."),
                    ),
                ),
            ),
            record_fields=(),
        )
