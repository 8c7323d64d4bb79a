"""The letter to the lender: its salutation and paragraphs, from the same sentences as the scripts."""

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from ...models import Case
from ..assessment import PlanAssessment
from ..formatting import neutralise_bidi_in
from .sentences import (
    _due_sentence,
    _facts,
    _join,
    commitment_sentences,
    last_contact_sentence,
    plan_sentences,
    request_sentence,
    resolve_language,
    situation_sentences,
    waiver_sentences,
)


@dataclass(frozen=True)
class LetterText:
    """The paragraphs of the letter to the lender, from the same sentences as the scripts."""

    salutation: str
    paragraphs: tuple[str, ...]


def letter_text(
    *,
    case: Case,
    language: str | None = None,
    today: dt.date | None = None,
    assessment: PlanAssessment | None = None,
) -> LetterText:
    """The letter's salutation and body paragraphs (intro, situation, request and plan, commitment, thanks)
    in `language` (default: the case's letter language), from the plan's `assessment` (computed when not
    given)."""
    language = resolve_language(case, language)
    with translation.override(language):
        facts = _facts(case, language=language, today=today, assessment=assessment)
        if case.account_hint:
            intro = _(
                "I am a %(lender)s customer (account ending %(hint)s). I have run into financial difficulty "
                "and cannot repay on time, so I am writing to ask for a deferral."
            ) % {"lender": facts.lender_name, "hint": case.account_hint}
        else:
            intro = _(
                "I am a %(lender)s customer. I have run into financial difficulty and cannot repay on time, "
                "so I am writing to ask for a deferral."
            ) % {"lender": facts.lender_name}
        paragraphs = [
            _join([intro, _due_sentence(facts), last_contact_sentence(facts)], language=language),
            _join(situation_sentences(case, assessment=facts.assessment, spoken=False), language=language),
            _join(
                [
                    request_sentence(case, end=facts.deferral_end),
                    *waiver_sentences(),
                    *plan_sentences(facts.assessment),
                    _("The full schedule is attached.") if facts.schedule.payments else "",
                ],
                language=language,
            ),
            _join(commitment_sentences(), language=language),
            _("Thank you for taking the time to read my request. I look forward to your reply."),
        ]
        salutation = _("Dear %(lender)s customer service,") % {"lender": facts.lender_name}
        return neutralise_bidi_in(
            LetterText(salutation=salutation, paragraphs=tuple(p for p in paragraphs if p))
        )
