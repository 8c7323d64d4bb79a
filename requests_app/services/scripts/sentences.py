"""The facts read once from a case (the scripts and the letter read them) and the spoken sentences every channel
shares; the letter writes its own (services.scripts.letter, services.written)."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...models import Case, ContactAttempt, LenderChannel, LenderProgramme
from ..assessment import PlanAssessment, plan_assessment
from ..contact_history import contacts_in_effect
from ..formatting import (
    as_sentence,
    clause_separator,
    day_count,
    join_sentences,
    list_separator,
    long_date,
    money,
)
from ..letter_language import LANGUAGES, resolve_language  # noqa: F401  (re-exported)
from ..negotiation.programmes import matching_programme, repayment_options
from ..schedule import Schedule, case_schedule
from ..versions import PlanChange, changes_since_last_contact, last_presented_version
from .facts import PlanShape, household_facts, plan_shape

Evidence = Case.Evidence
Hardship = Case.HardshipCategory


@dataclass(frozen=True)
class _Facts:
    """What the sentences are built from, read once from the case."""

    case: Case
    language: str
    today: dt.date
    lender_name: str
    assessment: PlanAssessment
    last_contact: ContactAttempt | None
    contact_count: int
    changes: tuple[PlanChange, ...]
    presented_version: int | None

    @property
    def schedule(self) -> Schedule:
        return self.assessment.schedule

    @property
    def deferral_end(self) -> dt.date | None:
        return self.assessment.deferral_end if self.case.requested_deferral_days else None

    @property
    def overdue(self) -> bool:
        due = self.case.due_date
        return due is not None and due < self.today


def _join(sentences, *, language: str) -> str:
    """Sentences as one paragraph (formatting.join_sentences)."""
    return join_sentences(sentences, language=language)


def _list(items, *, language: str) -> str:
    return list_separator(language=language).join(str(item) for item in items)


def _as_sentence(text: str, *, language: str) -> str:
    """User text as a full sentence: trimmed, ending with a full stop if it has no final punctuation."""
    return as_sentence(text, language=language)


def _lender_channel(case: Case, kind: str) -> LenderChannel | None:
    if case.lender is None:
        return None
    channels = [channel for channel in case.lender.channels.all() if channel.kind == kind]
    return min(channels, key=lambda channel: (channel.sort_order, channel.pk), default=None)


def _facts(
    case: Case, *, language: str, today: dt.date | None, assessment: PlanAssessment | None = None
) -> _Facts:
    """The facts of `case`; `assessment` (the plan's, when the caller has it) is computed otherwise."""
    today = today or timezone.localdate()
    contacts = contacts_in_effect(case.contacts.all()) if case.pk else []
    version = last_presented_version(case) if contacts else None
    return _Facts(
        case=case,
        language=language,
        today=today,
        lender_name=case.lender.name if case.lender else _("your lender"),
        assessment=assessment or plan_assessment(case, today=today),
        last_contact=contacts[0] if contacts else None,
        contact_count=len(contacts),
        changes=tuple(changes_since_last_contact(case)) if version else (),
        presented_version=version.number if version else None,
    )


# --- What is said (shared by the phone and the chat; the letter has written sentences of its own) -------


def _since_phrase(case: Case) -> str:
    if case.hardship_since:
        return _("Since %(date)s") % {"date": long_date(case.hardship_since)}
    return _("Recently")


def cause_sentence(case: Case) -> str:
    """The hardship in one sentence: what happened and since when."""
    since = _since_phrase(case)
    sentences = {
        Hardship.JOB_LOSS: _("%(since)s, I have been out of work, so my income has stopped."),
        Hardship.ILLNESS: _(
            "%(since)s, I have been in medical treatment: the bills are high and I cannot work normally."
        ),
        Hardship.INCOME_DROP: _("%(since)s, my income has dropped a lot."),
        Hardship.BUSINESS: _("%(since)s, my business has been struggling and my income has fallen sharply."),
        Hardship.FAMILY: _("%(since)s, my family has been through an emergency and we have had many costs."),
        Hardship.DISASTER: _("%(since)s, a natural disaster or public emergency has hit my life and income."),
        Hardship.OTHER: _("%(since)s, I have had difficulties that have cut my income."),
    }
    template = sentences.get(case.hardship_category, sentences[Hardship.OTHER])
    return template % {"since": since}


def mode_sentences(case: Case) -> tuple[str, ...]:
    """The current repayment mode and why it cannot be kept (guide point 7)."""
    if case.repayment_mode == Case.RepaymentMode.INSTALLMENTS:
        if case.installments_total and case.installments_remaining is not None and case.installment_amount:
            first = _(
                "I am repaying in installments: %(remaining)s of %(total)s periods are left, %(amount)s each."
            ) % {
                "remaining": case.installments_remaining,
                "total": case.installments_total,
                "amount": money(case.installment_amount),
            }
        else:
            first = _("I am repaying in installments.")
        return (first, _("Right now I cannot keep up with each installment."))
    if case.amount_due is not None:
        first = _("This bill is %(amount)s, and I normally pay the whole bill by the due date.") % {
            "amount": money(case.amount_due)
        }
    else:
        first = _("I normally pay the whole bill by the due date.")
    return (first, _("This time I cannot clear it all by the due date."))


def household_sentences(case: Case, *, assessment: PlanAssessment) -> tuple[str, ...]:
    """Income, what the budget leaves and this lender's share, spoken (`household_facts` decides; the letter
    words the same facts in writing)."""
    facts = household_facts(case, assessment=assessment)
    sentences = []
    if facts.income_notes:
        sentences.append(_("My income now comes from: %(sources)s.") % {"sources": facts.income_notes})
    if facts.amount is None:
        return tuple(sentences)
    if facts.token:
        sentences.append(
            _(
                "After essential living costs and the payments I must make first, almost nothing is left, "
                "so for now I can offer a token payment of %(amount)s a month as a sign of good faith."
            )
            % {"amount": facts.amount}
        )
    else:
        sentences.append(
            _(
                "After essential living costs and the payments I must make first, I can put about "
                "%(amount)s a month towards this."
            )
            % {"amount": facts.amount}
        )
    if facts.others:
        sentences.append(
            ngettext(
                "I also owe %(count)s other lender, and I am offering each lender a fair share of the same "
                "budget, in proportion to what I owe it.",
                "I also owe %(count)s other lenders, and I am offering each lender a fair share of the same "
                "budget, in proportion to what I owe it.",
                facts.others,
            )
            % {"count": facts.others}
        )
    return tuple(sentences)


def situation_sentences(case: Case, *, assessment: PlanAssessment, spoken: bool) -> tuple[str, ...]:
    """Mode, cause and since when, the person's own words, income, what they can pay, and their proof
    (guide points 4 and 7)."""
    language = translation.get_language()
    sentences = [*mode_sentences(case), cause_sentence(case)]
    narrative = _as_sentence(case.hardship_narrative, language=language)
    if narrative:
        sentences.append(narrative if spoken else _("What happened: %(story)s") % {"story": narrative})
    if case.hardship_expected_end:
        sentences.append(
            _("I expect things to get better by about %(date)s.")
            % {"date": long_date(case.hardship_expected_end)}
        )
    sentences.extend(household_sentences(case, assessment=assessment))
    held = [Evidence(code).label for code in case.evidence or () if code in Evidence.values]
    if held:
        sentences.append(
            _("I have proof ready (%(documents)s) and can send it if you need it.")
            % {"documents": _list(held, language=language)}
        )
    return tuple(sentences)


def request_sentence(case: Case, *, end: dt.date | None) -> str:
    """The request, with its length (guide point 5)."""
    if case.requested_deferral_days and end is not None:
        return _("So I would like to ask for a deferral of %(days)s, until %(date)s.") % {
            "days": day_count(case.requested_deferral_days),
            "date": long_date(end),
        }
    return _("So I would like to ask whether I can repay on the plan below instead.")


def waiver_sentences() -> tuple[str, ...]:
    """The ask to waive or freeze penalty interest and fees during the deferral (减免罚息、停止计收), in two short
    spoken sentences: estimated overdue charges are asked about, never offered."""
    return (
        _("Could you also waive the penalty interest and late fees?"),
        _("Or at least stop charging them during the deferral?"),
    )


def programme_fallback_sentence(case: Case, *, today: dt.date | None = None) -> str:
    """The fallback naming the nearest option the lender is known to offer; empty when it has none known or
    the plan already is that option."""
    options = repayment_options(case, today=today)
    nearest = options.nearest if options is not None else None
    if nearest is None or nearest.programme is None:
        return ""
    if matching_programme(case, case_schedule(case)) == nearest.programme:
        return ""
    if nearest.kind == LenderProgramme.Kind.INSTALLMENT:
        return _(
            "If my plan is not possible, could I use your %(count)s-period installment instead, about %(amount)s a "
            "month?"
        ) % {"count": nearest.periods, "amount": money(nearest.monthly)}
    if nearest.kind == LenderProgramme.Kind.PERSONALISED:
        return _(
            "If my plan is not possible, could we agree a personalised installment plan over %(count)s months, "
            "about %(amount)s a month?"
        ) % {"count": nearest.periods, "amount": money(nearest.monthly)}
    return _("If my plan is not possible, could I use your %(option)s instead?") % {"option": nearest.label}


def plan_sentences(assessment: PlanAssessment) -> tuple[str, ...]:
    """When and how much, the payoff date and the total (guide point 8), and that it is affordable when no
    calendar month asks for more than the monthly offer, spoken (`plan_shape` decides). Empty without a
    schedule."""
    shape = plan_shape(assessment)
    if shape is None:
        return ()
    if shape.kind == PlanShape.SINGLE:
        return (
            _("I can repay all of it, %(total)s, in one payment on %(date)s.")
            % {"total": shape.total, "date": shape.first_date},
        )
    sentences = []
    if shape.kind == PlanShape.REGULAR:
        sentences.append(
            _("Starting on %(date)s, I will pay %(amount)s a month, %(count)s payments in all.")
            % {"date": shape.first_date, "amount": shape.monthly, "count": shape.count}
        )
    else:
        sentences.append(
            _("On %(date)s I will make the first payment, %(amount)s.")
            % {"date": shape.first_date, "amount": shape.first_amount}
        )
        if shape.middle is not None:
            low, high = shape.middle
            if low == high:
                sentences.append(_("After that, %(amount)s a month.") % {"amount": low})
            else:
                sentences.append(
                    _("After that, between %(low)s and %(high)s a month.") % {"low": low, "high": high}
                )
        sentences.append(
            _("The last payment, %(amount)s, is on %(date)s.")
            % {"amount": shape.last_amount, "date": shape.last_date}
        )
    sentences.append(
        _("By %(date)s everything is paid off: %(total)s in total.")
        % {"date": shape.payoff_date, "total": shape.total}
    )
    if shape.within_offer:
        sentences.append(_("Every payment is within what I can afford each month."))
    return tuple(sentences)


def commitment_sentences() -> tuple[str, ...]:
    """Willingness to cooperate (guide points 6 and 9)."""
    return (
        _("I am not trying to avoid paying: I will keep to this plan."),
        _("If anything changes, I will contact you first."),
    )


def last_contact_sentence(facts: _Facts) -> str:
    """Where this was told before (guide point 10); empty when never."""
    contact = facts.last_contact
    if contact is None:
        return ""
    when = long_date(timezone.localdate(contact.occurred_at))
    if contact.ticket_number:
        return _("I contacted you about this on %(date)s; the ticket number was %(ticket)s.") % {
            "date": when,
            "ticket": contact.ticket_number,
        }
    return _("I contacted you about this before, on %(date)s.") % {"date": when}


def changes_sentence(changes) -> str:
    """The plan's changes since the last contact, said up front so nobody thinks the story changed."""
    if not changes:
        return ""
    language = translation.get_language()
    parts = [
        _("%(label)s from %(old)s to %(new)s") % {"label": change.label, "old": change.old, "new": change.new}
        for change in changes
    ]
    separator = clause_separator(language=language)
    return _("Since then my plan has changed a little: %(changes)s.") % {"changes": separator.join(parts)}


def _due_sentence(facts: _Facts) -> str:
    due = facts.case.due_date
    if due is None:
        return ""
    if facts.overdue:
        return _("My bill was due on %(date)s. I know it is overdue, and I want to sort it out.") % {
            "date": long_date(due)
        }
    return _("My bill is due on %(date)s, so I am contacting you ahead of time.") % {"date": long_date(due)}


def _hello(facts: _Facts) -> str:
    hint = facts.case.account_hint
    if hint:
        return _("Hello, I am a %(lender)s customer; my account ends in %(hint)s.") % {
            "lender": facts.lender_name,
            "hint": hint,
        }
    return _("Hello, I am a %(lender)s customer.") % {"lender": facts.lender_name}


def _smaller_first_payment(schedule: Schedule) -> Decimal | None:
    if not schedule.payments:
        return None
    half = (schedule.payments[0].amount / 2).quantize(Decimal("1"), rounding=ROUND_DOWN)
    return half if half >= 1 else None
