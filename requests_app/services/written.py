"""The sentences every letter shares, in the written register (书面语 in Chinese: 本人、贵司、特此、恳请). The
scripts speak ("我现在…，想跟您商量一下…", services.scripts.sentences); letters write, so these are messages
of their own, never the scripts'. Used by the plan letter (services.scripts.letter) and the six other letters
(services.letters)."""

from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Case
from .formatting import as_sentence, join_sentences, long_date
from .safe_text import printable_text

Hardship = Case.HardshipCategory


def _join(sentences, *, language: str) -> str:
    return join_sentences(sentences, language=language)


def who_sentence(case: Case, lender: str) -> str:
    """Who writes: the lender's customer, with the account's last characters when known."""
    if case.account_hint:
        return _("I am a %(lender)s customer (account ending %(hint)s).") % {
            "lender": lender,
            "hint": printable_text(case.account_hint),
        }
    return _("I am a %(lender)s customer.") % {"lender": lender}


def intro_sentence(case: Case, lender: str, purpose: str) -> str:
    """Who writes and why, the letter's first sentence."""
    return _join([who_sentence(case, lender), purpose], language=translation.get_language())


def cause_sentence(case: Case) -> str:
    """The hardship and since when, as a letter states it."""
    since = (
        _("As of %(date)s") % {"date": long_date(case.hardship_since)}
        if case.hardship_since
        else _("For some time")
    )
    sentences = {
        Hardship.JOB_LOSS: _("%(since)s, I have been out of work and my income has stopped."),
        Hardship.ILLNESS: _(
            "%(since)s, I have been in medical treatment; the costs are high and I cannot work normally.",
        ),
        Hardship.INCOME_DROP: _("%(since)s, my income has fallen considerably."),
        Hardship.BUSINESS: _(
            "%(since)s, my business has been in difficulty and my income has fallen sharply."
        ),
        Hardship.FAMILY: _("%(since)s, my family has faced an emergency with heavy costs."),
        Hardship.DISASTER: _(
            "%(since)s, a natural disaster or public emergency has affected my life and income."
        ),
        Hardship.OTHER: _("%(since)s, difficulties have reduced my income."),
    }
    return sentences.get(case.hardship_category, sentences[Hardship.OTHER]) % {"since": since}


def story_sentence(case: Case) -> str:
    """The borrower's own account, quoted as typed (made printable), as one sentence."""
    story = as_sentence(printable_text(case.hardship_narrative))
    if not story:
        return ""
    return _("The circumstances are as follows: %(story)s") % {"story": story}


def commitment_sentence() -> str:
    """Willingness to cooperate (guide points 6 and 9), as a letter undertakes it."""
    return _(
        "I am not seeking to avoid repayment: I will keep to this arrangement, and if anything changes I will "
        "contact you first.",
    )
