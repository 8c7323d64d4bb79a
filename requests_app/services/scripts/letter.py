"""The letter to the lender (the deferral request printed with the plan): its salutation and paragraphs, in the
written register (书面语 in Chinese: 本人……，现无力按期足额还款，特此申请……；恳请贵司……). It tells the same
facts as the scripts, read once from the case (`sentences._facts`), but in sentences of its own: the scripts
speak, the letter writes. The sentences every letter shares are in services.written."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...models import Case
from ..assessment import PlanAssessment
from ..formatting import day_count, long_date, money, neutralise_bidi_in
from ..written import cause_sentence, commitment_sentence, story_sentence, who_sentence
from .facts import PlanShape, household_facts, plan_shape
from .sentences import (
    _Facts,
    _facts,
    _join,
    _list,
    resolve_language,
)

Evidence = Case.Evidence


@dataclass(frozen=True)
class LetterText:
    """The paragraphs of the letter to the lender, in the written register."""

    salutation: str
    paragraphs: tuple[str, ...]


def _intro() -> str:
    return _(
        "Owing to financial hardship I am unable to repay in full on time, and I hereby apply for a deferral of "
        "repayment."
    )


def _due(facts: _Facts) -> str:
    due = facts.case.due_date
    if due is None:
        return ""
    if facts.overdue:
        return _(
            "The bill fell due on %(date)s and is now overdue; I take this seriously and wish to settle it."
        ) % {"date": long_date(due)}
    return _("The bill falls due on %(date)s; I am applying before that date.") % {"date": long_date(due)}


def _last_contact(facts: _Facts) -> str:
    contact = facts.last_contact
    if contact is None:
        return ""
    when = long_date(timezone.localdate(contact.occurred_at))
    if contact.ticket_number:
        return _("I contacted you about this on %(date)s (ticket number %(ticket)s).") % {
            "date": when,
            "ticket": contact.ticket_number,
        }
    return _("I contacted you about this on %(date)s.") % {"date": when}


def _mode(case: Case) -> tuple[str, ...]:
    """The current repayment mode and why it cannot be kept (guide point 7)."""
    if case.repayment_mode == Case.RepaymentMode.INSTALLMENTS:
        if case.installments_total and case.installments_remaining is not None and case.installment_amount:
            first = _(
                "I am repaying in installments: %(remaining)s of %(total)s periods remain, at %(amount)s each."
            ) % {
                "remaining": case.installments_remaining,
                "total": case.installments_total,
                "amount": money(case.installment_amount),
            }
        else:
            first = _("I am repaying in installments.")
        return (first, _("At present I am unable to meet each installment."))
    if case.amount_due is not None:
        first = _("This bill is for %(amount)s; I normally repay in full by the due date.") % {
            "amount": money(case.amount_due)
        }
    else:
        first = _("I normally repay my bills in full by the due date.")
    return (first, _("On this occasion I cannot repay in full by the due date."))


def _household(case: Case, assessment: PlanAssessment) -> tuple[str, ...]:
    """Income, what the budget leaves for this debt and the other lenders sharing it (a token offer says why),
    in writing: the facts the scripts say aloud (`household_facts`)."""
    facts = household_facts(case, assessment=assessment)
    sentences = []
    if facts.income_notes:
        sentences.append(_("My present income comes from: %(sources)s.") % {"sources": facts.income_notes})
    if facts.amount is None:
        return tuple(sentences)
    if facts.token:
        sentences.append(
            _(
                "After essential living costs and the payments that must come first, almost nothing remains; for "
                "the present I can pay %(amount)s a month as a token of good faith."
            )
            % {"amount": facts.amount}
        )
    else:
        sentences.append(
            _(
                "After essential living costs and the payments that must come first, about %(amount)s a month is "
                "available to repay this debt."
            )
            % {"amount": facts.amount}
        )
    if facts.others:
        sentences.append(
            ngettext(
                "I also owe %(count)s other lender; each lender is offered a fair share of the same budget, in "
                "proportion to what I owe it.",
                "I also owe %(count)s other lenders; each lender is offered a fair share of the same budget, in "
                "proportion to what I owe it.",
                facts.others,
            )
            % {"count": facts.others}
        )
    return tuple(sentences)


def _situation(case: Case, assessment: PlanAssessment, language: str) -> tuple[str, ...]:
    """Mode, cause and since when, the borrower's own account, the expected end, income and proof (guide
    points 4 and 7)."""
    sentences = [*_mode(case), cause_sentence(case), story_sentence(case)]
    if case.hardship_expected_end:
        sentences.append(
            _("I expect my situation to improve by about %(date)s.")
            % {"date": long_date(case.hardship_expected_end)}
        )
    sentences.extend(_household(case, assessment))
    held = [Evidence(code).label for code in case.evidence or () if code in Evidence.values]
    if held:
        sentences.append(
            _("Supporting documents (%(documents)s) are ready and can be provided on request.")
            % {"documents": _list(held, language=language)}
        )
    return tuple(sentences)


def _request(facts: _Facts) -> str:
    """The request, with its length (guide point 5)."""
    end = facts.deferral_end
    if facts.case.requested_deferral_days and end is not None:
        return _("I therefore request a deferral of %(days)s, until %(date)s.") % {
            "days": day_count(facts.case.requested_deferral_days),
            "date": long_date(end),
        }
    return _("I therefore request your permission to repay on the plan set out below.")


def waiver_request() -> str:
    """The ask to waive penalty interest and fees, or stop charging them during the deferral (减免罚息、停止计收),
    in one written sentence: estimated overdue charges are asked about, never offered."""
    return _(
        "I also request that you waive the penalty interest and late fees, or at least stop charging them "
        "during the deferral."
    )


def _plan(assessment: PlanAssessment) -> tuple[str, ...]:
    """When and how much, the payoff date and the total (guide point 8), in writing (`plan_shape` decides);
    empty without a schedule."""
    shape = plan_shape(assessment)
    if shape is None:
        return ()
    if shape.kind == PlanShape.SINGLE:
        return (
            _("I can repay the whole amount, %(total)s, in a single payment on %(date)s.")
            % {"total": shape.total, "date": shape.first_date},
        )
    sentences = []
    if shape.kind == PlanShape.REGULAR:
        sentences.append(
            _("From %(date)s I will repay %(amount)s a month, in %(count)s payments.")
            % {"date": shape.first_date, "amount": shape.monthly, "count": shape.count}
        )
    elif shape.kind == PlanShape.REGULAR_THEN_LAST:
        sentences.append(
            _(
                "From %(date)s I will repay %(amount)s a month; the final payment, %(last)s, falls on "
                "%(last_date)s."
            )
            % {
                "date": shape.first_date,
                "amount": shape.monthly,
                "last": shape.last_amount,
                "last_date": shape.last_date,
            }
        )
    else:
        sentences.append(
            _("The first payment, %(amount)s, will be made on %(date)s.")
            % {"date": shape.first_date, "amount": shape.first_amount}
        )
        if shape.middle is not None:
            low, high = shape.middle
            if low == high:
                sentences.append(_("Thereafter %(amount)s a month.") % {"amount": low})
            else:
                sentences.append(
                    _("Thereafter between %(low)s and %(high)s a month.") % {"low": low, "high": high}
                )
        sentences.append(
            _("The final payment, %(amount)s, falls on %(date)s.")
            % {"amount": shape.last_amount, "date": shape.last_date}
        )
    sentences.append(
        _("The debt will be repaid in full by %(date)s, %(total)s in all.")
        % {"date": shape.payoff_date, "total": shape.total}
    )
    if shape.within_offer:
        sentences.append(_("Each payment is within my monthly means."))
    return tuple(sentences)


def letter_text(
    *,
    case: Case,
    language: str | None = None,
    today: dt.date | None = None,
    assessment: PlanAssessment | None = None,
) -> LetterText:
    """The letter's salutation and body paragraphs (who and why, situation, request and plan, commitment,
    closing) in `language` (default: the case's letter language), from the plan's `assessment` (computed when
    not given)."""
    language = resolve_language(case, language)
    with translation.override(language):
        facts = _facts(case, language=language, today=today, assessment=assessment)
        paragraphs = [
            _join(
                [who_sentence(case, facts.lender_name), _intro(), _due(facts), _last_contact(facts)],
                language=language,
            ),
            _join(_situation(case, facts.assessment, language), language=language),
            _join(
                [
                    _request(facts),
                    waiver_request(),
                    *_plan(facts.assessment),
                    _("The detailed repayment schedule is attached.") if facts.schedule.payments else "",
                ],
                language=language,
            ),
            commitment_sentence(),
            _(
                "I would be grateful for your favourable consideration. Thank you for reading this request; I look "
                "forward to your reply."
            ),
        ]
        salutation = _("Dear %(lender)s customer service,") % {"lender": facts.lender_name}
        return neutralise_bidi_in(
            LetterText(salutation=salutation, paragraphs=tuple(p for p in paragraphs if p))
        )
