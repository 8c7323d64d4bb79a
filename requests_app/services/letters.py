"""The letters for each moment of a negotiation (models.LetterType): what each one says, in which order, in
either language; the matching phone script; which letter the case needs next; and the record of every
download.

Every sentence is built from what the borrower entered (the case, the contact log, the escalation steps):
nothing is invented. Where a letter needs a fact the product does not hold (the credit-report entry being
disputed), it leaves a line to fill in by hand. Text the borrower typed goes through
`safe_text.printable_text`, so control and bidirectional-override characters cannot reorder the letter;
HTML is escaped by the template. The deferral request (LetterType.DEFERRAL) is the plan letter of
services.pdf; the others are `LetterDocument`s rendered by the same engine (services.pdf.html_to_pdf)."""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case, ContactAttempt, LetterDownload, LetterType
from .contact_history import contacts_in_effect
from .escalation import EscalationClocks, escalation_clocks
from .finances import case_monthly_capacity, case_monthly_offer
from .formatting import day_count, long_date, money
from .pdf import StaticOnlyFetcher, applicant_name, html_to_pdf
from .refusals import Refusal
from .safe_text import printable_text, shortened
from .schedule import case_schedule, deferral_end
from .scripts import LANGUAGES, PHONE, Script, ScriptSection
from .versions import latest_plan_version, plan_version_record

LETTER_TYPES = tuple(LetterType.values)
#: The letter types rendered from a LetterDocument (the deferral request is the plan letter).
DOCUMENT_TYPES = tuple(t for t in LETTER_TYPES if t != LetterType.DEFERRAL)
#: How long the hold-action letter asks the lender to pause collection while the budget is prepared.
HOLD_DAYS = 30
#: What the lender said, as quoted in a letter: longer notes are shortened, and the letter says so.
QUOTE_LIMIT = 240
Outcome = ContactAttempt.Outcome
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UnknownLetterType(Refusal):
    """Not one of LETTER_TYPES."""

    code = "unknown_letter_type"

    def __init__(self, letter_type: str):
        self.letter_type = letter_type
        super().__init__(_("There is no such letter."))


@dataclass(frozen=True)
class TimelineRow:
    """One contact of the log, oldest first, as a letter lists it."""

    date: str
    channel: str
    agent_id: str
    ticket_number: str
    outcome: str
    said: str


@dataclass(frozen=True)
class LetterSection:
    heading: str
    paragraphs: tuple[str, ...]
    blanks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class LetterDocument:
    """Everything one letter shows, formatted in `language`. `timeline` is None when the letter has no
    timeline; an empty tuple means it has one and there are no contacts yet (`timeline_empty` says so)."""

    letter_type: str
    language: str
    title: str
    letter_date: str
    lender_name: str
    lender_provider: str
    applicant: str
    account_hint: str
    salutation: str
    sections: tuple[LetterSection, ...]
    figures: tuple[Figure, ...] = ()
    timeline: tuple[TimelineRow, ...] | None = None
    timeline_empty: str = ""
    plan_version: str = ""
    how_to_use: tuple[str, ...] = field(default=())

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for section in self.sections for p in section.paragraphs)

    def as_text(self) -> str:
        """The letter as plain text, in reading order (tests and the copyable regulator text)."""
        parts = [self.title, self.salutation]
        for section in self.sections:
            if section.heading:
                parts.append(section.heading)
            parts.extend(section.paragraphs)
            parts.extend(f"{blank}: ____" for blank in section.blanks)
        for row in self.timeline or ():
            parts.append(
                " · ".join(
                    v
                    for v in (row.date, row.channel, row.agent_id, row.ticket_number, row.outcome, row.said)
                    if v
                )
            )
        return "\n".join(parts)


def _join(sentences: Iterable[str], *, language: str) -> str:
    separator = " " if language == Case.Language.EN else ""
    return separator.join(s for s in sentences if s)


def _clean(value):
    if isinstance(value, str):
        return printable_text(value)
    if isinstance(value, tuple):
        return tuple(_clean(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return replace(value, **{f.name: _clean(getattr(value, f.name)) for f in fields(value)})
    return value


def _quote(text: str) -> str:
    """What someone said, one line, shortened past QUOTE_LIMIT with a note that the full record is kept."""
    text = " ".join(printable_text(text).split())
    cut, was_cut = shortened(text, limit=QUOTE_LIMIT)
    return cut + _("… (shortened; the full note is in my records)") if was_cut else cut


def resolve_language(case: Case, language: str | None) -> str:
    if language in LANGUAGES:
        return language
    return case.letter_language if case.letter_language in LANGUAGES else Case.Language.ZH_HANS


def contact_timeline_rows(contacts: Iterable[ContactAttempt]) -> tuple[TimelineRow, ...]:
    """The contacts in effect, oldest first: date and time, channel, agent id, ticket, outcome, and what the
    lender said (the offer noted), quoted and shortened. Active language."""
    rows = []
    for contact in reversed(contacts_in_effect(contacts)):
        when = timezone.localtime(contact.occurred_at)
        rows.append(
            TimelineRow(
                date=f"{long_date(when.date())} {when:%H:%M}",
                channel=str(contact.get_channel_display()),
                agent_id=printable_text(contact.agent_id),
                ticket_number=printable_text(contact.ticket_number),
                outcome=str(contact.get_outcome_display()),
                said=_quote(contact.offer_made),
            )
        )
    return tuple(rows)


def _refusals(contacts) -> list[ContactAttempt]:
    """Refusals in effect, oldest first."""
    return [c for c in reversed(contacts_in_effect(contacts)) if c.outcome == Outcome.REFUSED]


def _contact_reference(contact: ContactAttempt) -> str:
    """ "on 3 December 2026 by phone (agent 1234, ticket T-9)" in the active language."""
    when = long_date(timezone.localdate(contact.occurred_at))
    channel = str(contact.get_channel_display())
    details = []
    if contact.agent_id:
        details.append(_("agent %(agent)s") % {"agent": printable_text(contact.agent_id)})
    if contact.ticket_number:
        details.append(_("ticket %(ticket)s") % {"ticket": printable_text(contact.ticket_number)})
    if details:
        return _("on %(date)s, %(channel)s (%(details)s)") % {
            "date": when,
            "channel": channel,
            "details": _(", ").join(details),
        }
    return _("on %(date)s, %(channel)s") % {"date": when, "channel": channel}


def _intro(case: Case, lender: str, purpose: str) -> str:
    if case.account_hint:
        who = _("I am a %(lender)s customer (account ending %(hint)s).") % {
            "lender": lender,
            "hint": printable_text(case.account_hint),
        }
    else:
        who = _("I am a %(lender)s customer.") % {"lender": lender}
    return _join([who, purpose], language=translation.get_language())


def _bill_sentence(case: Case) -> str:
    if case.amount_due is not None and case.due_date is not None:
        return _("The bill of %(amount)s is due on %(date)s.") % {
            "amount": money(case.amount_due),
            "date": long_date(case.due_date),
        }
    if case.due_date is not None:
        return _("The bill is due on %(date)s.") % {"date": long_date(case.due_date)}
    return ""


def _budget_figures(case: Case) -> tuple[Figure, ...]:
    figures = []
    for label, value in (
        (_("Monthly income"), case.monthly_income),
        (_("Essential monthly expenses"), case.essential_expenses),
        (_("Other monthly debt payments"), case.other_debt_payments),
        (_("Left each month to repay"), case_monthly_capacity(case)),
    ):
        if value is not None:
            figures.append(Figure(label=str(label), value=money(value)))
    return tuple(figures)


@dataclass(frozen=True)
class OfferTerms:
    """What the offer letter offers. `token` when nothing is left each month after essentials and other
    debts. `creditors` and `share` come from the household budget when it names them; until then the
    offer is the case's own capacity and the other creditors are described by their monthly payments."""

    token: bool
    monthly: Decimal | None
    other_debt_payments: Decimal | None
    creditors: int | None = None


def offer_terms(case: Case) -> OfferTerms:
    """The offer, from the case's own figures (see OfferTerms)."""
    capacity = case_monthly_offer(case)
    return OfferTerms(
        token=capacity is not None and capacity <= 0,
        monthly=capacity if capacity is not None and capacity > 0 else None,
        other_debt_payments=case.other_debt_payments or None,
    )


def _complaint_steps(case: Case):
    return list(case.escalation_steps.all()) if case.pk else []


# --- Sentences in the written register ----------------------------------------------------------------------
# The scripts speak; letters write (书面语 in Chinese), so these are messages of their own, not the scripts'.

Hardship = Case.HardshipCategory


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


def _story(case: Case) -> str:
    story = " ".join(printable_text(case.hardship_narrative).split())
    if not story:
        return ""
    if story[-1] not in "。！？!?.…」”\"')）":
        story += "." if translation.get_language() == Case.Language.EN else "。"
    return _("The circumstances are as follows: %(story)s") % {"story": story}


def _capacity_sentence(case: Case) -> str:
    capacity = case_monthly_offer(case)
    if capacity is None or capacity <= 0:
        return ""
    return _(
        "After essential living costs and other debts, about %(amount)s a month is available for this debt."
    ) % {"amount": money(capacity)}


def request_sentence(case: Case) -> str:
    end = deferral_end(case) if case.requested_deferral_days else None
    if end is not None:
        return _("I ask for a deferral of %(days)s, until %(date)s.") % {
            "days": day_count(case.requested_deferral_days),
            "date": long_date(end),
        }
    return _("I ask to repay on the plan below.")


def plan_sentence(case: Case) -> str:
    """The plan in one sentence: how much, how many payments, from when to when. Empty without a plan."""
    schedule = case_schedule(case)
    if not schedule.payments:
        return ""
    if len(schedule.payments) == 1:
        return _("I propose to repay %(total)s in one payment on %(date)s.") % {
            "total": money(schedule.total),
            "date": long_date(schedule.first_date),
        }
    return _(
        "I propose to repay %(total)s in %(count)s payments from %(first)s to %(payoff)s, the largest %(largest)s.",
    ) % {
        "total": money(schedule.total),
        "count": len(schedule.payments),
        "first": long_date(schedule.first_date),
        "payoff": long_date(schedule.payoff_date),
        "largest": money(schedule.largest),
    }


def commitment_sentence() -> str:
    return _(
        "I am not seeking to avoid repayment: I will keep to this arrangement, and if anything changes I will "
        "contact you first.",
    )


# --- The letters ---------------------------------------------------------------------------------------------


def _hold_action(case, *, lender, today, language, **_context) -> tuple:
    until = today + dt.timedelta(days=HOLD_DAYS)
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                _join(
                    [
                        _intro(
                            case,
                            lender,
                            _(
                                "I am having difficulty repaying my account and I am writing before it gets worse."
                            ),
                        ),
                        _bill_sentence(case),
                    ],
                    language=language,
                ),
                _join(
                    [cause_sentence(case), _story(case)],
                    language=language,
                ),
                _(
                    "I am preparing a full statement of my income and spending, so that I can make you an offer "
                    "I can keep to. I ask you to hold collection action, and to stop adding interest and charges, "
                    "for %(days)s, until %(date)s."
                )
                % {"days": day_count(HOLD_DAYS), "date": long_date(until)},
                _(
                    "I will send you my statement and my offer by %(date)s. Please confirm in writing whether you "
                    "agree, and contact me only, not my family, friends or employer."
                )
                % {"date": long_date(until)},
                _("Thank you for your understanding. I look forward to your reply."),
            ),
        ),
    )
    return sections, {}


def _offer(case, *, lender, today, language, **_context) -> tuple:
    terms = offer_terms(case)
    schedule = case_schedule(case)
    figures = []
    if case.monthly_income is not None and case.essential_expenses is not None:
        figures.append(
            _(
                "Each month my income is %(income)s and my essential living costs are %(essentials)s; my other debt "
                "payments are %(other)s."
            )
            % {
                "income": money(case.monthly_income),
                "essentials": money(case.essential_expenses),
                "other": money(case.other_debt_payments or Decimal("0")),
            }
        )
    if terms.other_debt_payments:
        if terms.creditors:
            figures.append(
                _(
                    "I owe %(count)s other creditors. Each of them is offered a share of what I can pay in "
                    "proportion to what I owe them, so all my creditors are treated fairly."
                )
                % {"count": terms.creditors}
            )
        else:
            figures.append(
                _("I also repay other debts (%(amount)s a month), which are included in the figures above.")
                % {"amount": money(terms.other_debt_payments)}
            )
    if terms.token:
        title = _("Token payment offer")
        offer = (
            _(
                "After essential living costs and my other debts, nothing is left each month to repay this debt. "
                "I ask you to accept a token payment, of an amount we agree, until my situation improves."
            ),
            _("I expect things to get better by about %(date)s, and I will contact you again then.")
            % {"date": long_date(case.hardship_expected_end)}
            if case.hardship_expected_end
            else _("I will review my situation with you in three months, or sooner if it improves."),
        )
    else:
        title = _("Repayment offer")
        sentences = [plan_sentence(case)] if schedule.payments else []
        if not sentences and terms.monthly is not None:
            sentences.append(_("I can offer %(amount)s a month.") % {"amount": money(terms.monthly)})
        offer = tuple(sentences) or (
            _("I will make you an offer as soon as my statement of income and spending is complete."),
        )
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                _intro(case, lender, _("I am writing to offer an arrangement to repay that I can afford.")),
                _join([cause_sentence(case), _story(case)], language=language),
                _join(figures, language=language),
                _join(offer, language=language),
                _(
                    "Please freeze interest and charges while I keep to this arrangement, and confirm in writing "
                    "that you accept it."
                ),
                commitment_sentence(),
            ),
        ),
    )
    return sections, {"title": title, "figures": _budget_figures(case)}


def _reason_sentence(contact: ContactAttempt) -> str:
    said = _quote(contact.offer_made)
    if said:
        return _("The reason given was: “%(reason)s”") % {"reason": said}
    return _("No reason was given. Please tell me the reason in writing.")


def _request_and_plan(case, language) -> str:
    return _join([request_sentence(case), plan_sentence(case)], language=language)


def _reconsideration(case, *, lender, today, language, contacts, **_context) -> tuple:
    refusals = _refusals(contacts)
    if refusals:
        latest = refusals[-1]
        refused = _join(
            [
                _("My request for help with my repayments was refused %(reference)s.")
                % {"reference": _contact_reference(latest)},
                _reason_sentence(latest),
            ],
            language=language,
        )
        if len(refusals) > 1:
            earlier = (
                "; ".join(_contact_reference(c) for c in refusals[:-1])
                if language == Case.Language.EN
                else "；".join(_contact_reference(c) for c in refusals[:-1])
            )
            refused = _join(
                [refused, _("It had also been refused %(references)s.") % {"references": earlier}],
                language=language,
            )
    else:
        refused = _("I asked you for help with my repayments and have not been able to agree an arrangement.")
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                _intro(case, lender, _("I am writing to ask you to reconsider your decision.")),
                refused,
                _("Every contact I have had with you about this is listed below, in date order."),
                _join([cause_sentence(case), _story(case), _capacity_sentence(case)], language=language),
                _request_and_plan(case, language),
                _(
                    "Please reconsider my request in the light of my situation and reply in writing. If you still "
                    "refuse, please give me your reasons and tell me how to make a complaint."
                ),
                commitment_sentence(),
            ),
        ),
    )
    return sections, {}


def _contacts_summary(contacts, *, to_regulator: bool = False) -> str:
    in_effect = list(reversed(contacts_in_effect(contacts)))
    if not in_effect:
        if to_regulator:
            return _("I have not recorded any contact with the institution about this yet.")
        return _("I have not recorded any contact with you about this yet.")
    first = long_date(timezone.localdate(in_effect[0].occurred_at))
    last = long_date(timezone.localdate(in_effect[-1].occurred_at))
    refused = sum(1 for c in in_effect if c.outcome == Outcome.REFUSED)
    summary = (
        _("I contacted the institution %(count)s times between %(first)s and %(last)s.")
        if to_regulator
        else _("I contacted you %(count)s times between %(first)s and %(last)s.")
    ) % {
        "count": len(in_effect),
        "first": first,
        "last": last,
    }
    if refused:
        summary += (" " if translation.get_language() == Case.Language.EN else "") + (
            _("My request was refused %(count)s times.") % {"count": refused}
        )
    return summary


def _complaint(case, *, lender, today, language, contacts, **_context) -> tuple:
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                _intro(
                    case,
                    lender,
                    _(
                        "I am making a formal complaint about how my request for help with my repayments has been handled."
                    ),
                ),
                _join(
                    [_contacts_summary(contacts), _("The dated timeline below lists every contact.")],
                    language=language,
                ),
                _join([cause_sentence(case), _story(case)], language=language),
                _request_and_plan(case, language),
                _(
                    "I ask you to review my request fairly, to give me the reasons in writing for any refusal, and "
                    "to give me a complaint number."
                ),
                _(
                    "Under the Measures on handling banking and insurance consumer complaints, please answer within "
                    "15 days (30 days for a complex complaint), and tell me how to ask for a review, mediation, "
                    "arbitration or court if I am not satisfied."
                ),
                _("Thank you. I look forward to your answer."),
            ),
        ),
    )
    return sections, {}


def _complaint_status(clocks: EscalationClocks, steps, today) -> str:
    if clocks.complaint_sent is None:
        return _("I have not yet made a formal complaint to the institution.")
    sent = [s for s in steps if s.kind == "complaint_sent" and s.occurred_on == clocks.complaint_sent][-1]
    text = _("I complained to the institution on %(date)s") % {"date": long_date(clocks.complaint_sent)}
    if sent.reference:
        text += _(" (complaint number %(reference)s)") % {"reference": printable_text(sent.reference)}
    text += "." if translation.get_language() == Case.Language.EN else "。"
    if clocks.complaint_answered:
        return _join(
            [
                text,
                _("It answered on %(date)s, and the answer did not resolve my complaint.")
                % {"date": long_date(clocks.complaint_answered)},
            ],
            language=translation.get_language(),
        )
    days = (today - clocks.complaint_sent).days
    return _join(
        [
            text,
            _("By %(date)s, %(days)s later, I have had no answer.")
            % {"date": long_date(today), "days": day_count(days)},
        ],
        language=translation.get_language(),
    )


def _regulator(case, *, lender, today, language, contacts, steps, clocks, **_context) -> tuple:
    provider = case.lender.provider if case.lender else ""
    institution = f"{lender} ({provider})" if provider else lender
    regulator = LetterSection(
        heading=_(
            "For the 12378 hotline or the complaint form of the financial consumer protection platform"
        ),
        paragraphs=(
            _("Institution complained about: %(institution)s.") % {"institution": institution},
            _join([_("What I asked for:"), _request_and_plan(case, language)], language=language),
            _join([cause_sentence(case), _contacts_summary(contacts, to_regulator=True)], language=language),
            _complaint_status(clocks, steps, today),
            _(
                "I ask the regulator to have the institution handle my complaint, reconsider my request for help "
                "with my repayments, and answer me in writing."
            ),
        ),
    )
    sections = [regulator]
    if clocks.complaint_answered:
        window = clocks.complaint_answered + dt.timedelta(days=30)
        sections.append(
            LetterSection(
                heading=_("Request for review (to the institution's higher-level office)"),
                paragraphs=(
                    _(
                        "On %(date)s I received the answer to my complaint. I am not satisfied with it and ask its "
                        "higher-level office to review it, within 30 days of the answer (by %(window)s)."
                    )
                    % {"date": long_date(clocks.complaint_answered), "window": long_date(window)},
                    _("My reasons are in the timeline below and in my complaint."),
                ),
            )
        )
    return tuple(sections), {
        "salutation": _("To the financial regulator (12378):"),
        "how_to_use": (
            _(
                "Call 12378, or use the complaint form of the financial consumer protection platform mini-program."
            ),
            _("Read or paste the text above; keep the complaint number they give you."),
            _("Record it on the case page as “complaint made to the regulator”."),
        ),
    }


def _credit_dispute(case, *, lender, today, language, contacts, **_context) -> tuple:
    account = (
        _("my account with %(lender)s ending %(hint)s")
        % {"lender": lender, "hint": printable_text(case.account_hint)}
        if case.account_hint
        else _("my account with %(lender)s") % {"lender": lender}
    )
    dispute = LetterSection(
        heading=_("Credit report dispute"),
        paragraphs=(
            _("I dispute an entry in my credit report about %(account)s.") % {"account": account},
            _(
                "I ask that the entry be marked as disputed, checked and corrected if it is wrong, and that I "
                "receive a written answer within 20 days, as article 25 of the Regulations on the credit reporting "
                "industry provides."
            ),
        ),
        blanks=(_("The entry I dispute (date, amount, status)"), _("Why it is wrong"), _("Copies attached")),
    )
    in_effect = list(reversed(contacts_in_effect(contacts)))
    statement_sentences = [
        _("I ask that this statement be added to my credit report."),
        _("My repayments on %(account)s fell behind for this reason:") % {"account": account},
        cause_sentence(case),
    ]
    if in_effect:
        statement_sentences.append(
            _("I contacted the lender %(count)s times from %(date)s to arrange repayment.")
            % {"count": len(in_effect), "date": long_date(timezone.localdate(in_effect[0].occurred_at))}
        )
    statement_sentences.append(plan_sentence(case))
    statement = LetterSection(
        heading=_("Personal statement"),
        paragraphs=(_join(statement_sentences, language=language),),
    )
    return (dispute, statement), {
        "salutation": _("To the credit reference centre and %(lender)s:") % {"lender": lender},
        "how_to_use": (
            _(
                "Use the dispute if an entry is wrong; use the personal statement if it is right but you want to explain it."
            ),
            _("Fill in the lines by hand from your credit report. Deferral Desk never drafts evidence."),
            _("Record it on the case page as “credit report dispute sent”: the 20-day clock starts then."),
        ),
    }


_BUILDERS = {
    LetterType.HOLD_ACTION: _hold_action,
    LetterType.OFFER: _offer,
    LetterType.RECONSIDERATION: _reconsideration,
    LetterType.COMPLAINT: _complaint,
    LetterType.REGULATOR: _regulator,
    LetterType.CREDIT_DISPUTE: _credit_dispute,
}
#: Letters that list the contact log, oldest first.
WITH_TIMELINE = (LetterType.RECONSIDERATION, LetterType.COMPLAINT, LetterType.REGULATOR)


def letter_document(
    *,
    case: Case,
    letter_type: str,
    language: str | None = None,
    today: dt.date | None = None,
) -> LetterDocument:
    """What `letter_type` (not the deferral request: see services.pdf.plan_document) shows for `case` in
    `language` (default: the case's letter language). Reads the lender, payments, contacts, plan versions
    and escalation steps (prefetch them). Raises UnknownLetterType."""
    if letter_type not in DOCUMENT_TYPES:
        raise UnknownLetterType(letter_type)
    language = resolve_language(case, language)
    today = today or timezone.localdate()
    contacts = list(case.contacts.all()) if case.pk else []
    steps = _complaint_steps(case)
    with translation.override(language):
        lender = case.lender.name if case.lender else _("your lender")
        clocks = escalation_clocks(steps=steps, today=today)
        sections, extra = _BUILDERS[letter_type](
            case, lender=lender, today=today, language=language, contacts=contacts, steps=steps, clocks=clocks
        )
        version = latest_plan_version(case)
        document = LetterDocument(
            letter_type=letter_type,
            language=language,
            title=extra.get("title", str(LetterType(letter_type).label)),
            letter_date=long_date(today),
            lender_name=lender,
            lender_provider=case.lender.provider if case.lender else "",
            applicant=applicant_name(case=case, language=language),
            account_hint=case.account_hint,
            salutation=extra.get("salutation", _("Dear %(lender)s customer service,") % {"lender": lender}),
            sections=tuple(replace(s, paragraphs=tuple(p for p in s.paragraphs if p)) for s in sections),
            figures=extra.get("figures", ()),
            timeline=contact_timeline_rows(contacts) if letter_type in WITH_TIMELINE else None,
            timeline_empty=_("No contacts recorded yet.") if letter_type in WITH_TIMELINE else "",
            plan_version=_("Plan version %(number)s") % {"number": version.number} if version else "",
            how_to_use=extra.get("how_to_use", ()),
        )
    return _clean(document)


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
        refusals = _refusals(contacts)
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
                    % {"reference": _contact_reference(refusals[-1])}
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


# --- Which letter next ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterSuggestion:
    """The letter the case needs next (None: nothing to send now, e.g. waiting for an answer), why (a stable
    `code`), and the reason in words."""

    letter_type: str | None
    code: str
    reason: str


def suggest_next_letter(
    *,
    case: Case,
    contacts: Sequence[ContactAttempt],
    downloads: Sequence[LetterDownload],
    clocks: EscalationClocks,
    today: dt.date | None = None,
) -> LetterSuggestion:
    """The next letter from the case's state, most advanced stage first: a complaint answered (review
    window open) or left unanswered past its deadline → the regulator; a complaint running → wait; refused
    again after asking to reconsider → complaint; refused → reconsideration; nothing left to offer → token
    offer; no plan yet → hold action; otherwise the deferral request. No query of its own."""
    today = today or timezone.localdate()
    if clocks.complaint_answered and clocks.review_window_open:
        return LetterSuggestion(
            LetterType.REGULATOR,
            "REVIEW_WINDOW_OPEN",
            _(
                "The lender answered your complaint. If it did not resolve it, ask for a review or go to the regulator."
            ),
        )
    if clocks.complaint_overdue and not clocks.regulator_contacted:
        return LetterSuggestion(
            LetterType.REGULATOR,
            "COMPLAINT_UNANSWERED",
            _("Your complaint was not answered in time. Take it to the regulator with your timeline."),
        )
    if clocks.complaint_sent and not clocks.complaint_answered and not clocks.complaint_overdue:
        return LetterSuggestion(
            None,
            "COMPLAINT_PENDING",
            _("Your complaint is with the lender. Wait for its answer until the date below."),
        )
    refusals = _refusals(contacts)
    if refusals and not clocks.complaint_sent:
        asked = [d for d in downloads if d.letter_type == LetterType.RECONSIDERATION]
        if asked:
            first_ask = min(d.downloaded_at for d in asked)
            if any(c.occurred_at > first_ask for c in refusals):
                return LetterSuggestion(
                    LetterType.COMPLAINT,
                    "REFUSED_AFTER_RECONSIDERATION",
                    _("The lender refused again after you asked it to reconsider. Make a formal complaint."),
                )
            return LetterSuggestion(
                LetterType.COMPLAINT,
                "RECONSIDERATION_SENT",
                _(
                    "You asked the lender to reconsider. If it refuses again or does not answer, make a formal complaint."
                ),
            )
        return LetterSuggestion(
            LetterType.RECONSIDERATION,
            "REFUSED",
            _("The lender refused %(count)s times. Ask it to reconsider, citing each contact.")
            % {"count": len(refusals)},
        )
    capacity = case_monthly_offer(case)
    if capacity is not None and capacity <= 0:
        return LetterSuggestion(
            LetterType.OFFER,
            "NOTHING_LEFT",
            _(
                "Nothing is left each month after essential costs: offer a token payment and ask for a freeze."
            ),
        )
    if not case_schedule(case).payments:
        return LetterSuggestion(
            LetterType.HOLD_ACTION,
            "NO_PLAN_YET",
            _("You have no plan yet: ask the lender to hold collection while you prepare your budget."),
        )
    return LetterSuggestion(
        LetterType.DEFERRAL,
        "PLAN_READY",
        _("Your plan is ready: send the request to defer with your plan."),
    )


# --- The history of downloads --------------------------------------------------------------------------------


def letter_download_record(*, case: Case, letter_type: str, language: str, by) -> LetterDownload:
    """Record that `by` downloaded `letter_type` in `language`, with the plan version it carries (the
    current plan, recorded as a version first when it changed). Raises UnknownLetterType."""
    if letter_type not in LETTER_TYPES:
        raise UnknownLetterType(letter_type)
    with transaction.atomic():
        plan_version_record(case=case, by=by)
        version = case.plan_versions.model.objects.filter(case_id=case.pk).order_by("-number").first()
        download = LetterDownload(
            case=case,
            letter_type=letter_type,
            language=resolve_language(case, language),
            plan_version=version,
            downloaded_by=by,
        )
        download.full_clean(exclude=["downloaded_by", "plan_version"])
        download.save()
    return download


# --- Rendering -----------------------------------------------------------------------------------------------

LETTER_TEMPLATE = "requests_app/pdf/letter.html"
LETTER_PREVIEW_TEMPLATE = "requests_app/pdf/letter_preview.html"


def render_letter_html(*, document: LetterDocument) -> str:
    """The standalone HTML of a letter that WeasyPrint turns into the PDF (the preview shows the same
    article inside the site's page)."""
    with translation.override(document.language):
        return render_to_string(LETTER_TEMPLATE, {"doc": document})


def render_letter_pdf(*, document: LetterDocument, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """A letter as A4 PDF bytes, through the same engine and fetching rule as the plan letter."""
    return html_to_pdf(html=render_letter_html(document=document), fetcher=fetcher)


def letter_pdf_filename(*, case: Case, letter_type: str, language: str) -> tuple[str, str]:
    """(ASCII file name, file name in the language), e.g. ("complaint-huabei-2026-12-01.pdf",
    "投诉信-花呗-2026-12-01.pdf"). The date is today's."""
    day = timezone.localdate().isoformat()
    slug = _UNSAFE.sub("-", unicodedata.normalize("NFKD", case.lender.slug if case.lender else "")).strip("-")
    ascii_name = (
        "-".join(part for part in (letter_type.replace("_", "-"), slug.lower(), day) if part) + ".pdf"
    )
    if language == Case.Language.EN:
        return ascii_name, ascii_name
    with translation.override(language):
        lender = case.lender.name if case.lender else ""
        local = "-".join(part for part in (str(LetterType(letter_type).label), lender, day) if part)
    local = re.sub(r'[\\/:*?"<>|\s]+', "-", local) + ".pdf"
    return ascii_name, local


# --- The case page's letters and deadlines -------------------------------------------------------------------


@dataclass(frozen=True)
class LettersOverview:
    """What the case page shows about letters and the escalation ladder, computed once per request from
    prefetched contacts, letter downloads and escalation steps."""

    suggestion: LetterSuggestion
    clocks: EscalationClocks
    downloads: tuple[LetterDownload, ...]
    letter_types: tuple[tuple[str, str], ...]


def letters_overview(*, case: Case, today: dt.date | None = None) -> LettersOverview:
    """The suggestion, the clocks and the download history of `case` (prefetch contacts, letter_downloads
    with their plan_version, and escalation_steps)."""
    today = today or timezone.localdate()
    contacts = list(case.contacts.all())
    downloads = tuple(
        sorted(case.letter_downloads.all(), key=lambda d: (d.downloaded_at, d.pk), reverse=True)
    )
    clocks = escalation_clocks(steps=case.escalation_steps.all(), today=today)
    suggestion = suggest_next_letter(
        case=case, contacts=contacts, downloads=downloads, clocks=clocks, today=today
    )
    return LettersOverview(
        suggestion=suggestion,
        clocks=clocks,
        downloads=downloads,
        letter_types=tuple((value, str(label)) for value, label in LetterType.choices),
    )
