"""The channel layouts: the phone (one short sentence a line), the chat (one message a step) and social
media (public-safe), assembled by `build_script`."""

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from ...models import Case
from ..formatting import long_date, money, neutralise_bidi_in
from .preparation import _last_contact, _prepare
from .sections import (
    CHANNELS,
    CHAT,
    CLOSING,
    COMMITMENT,
    FOLLOW_UP_AFTER,
    FOLLOW_UP_HOUR,
    IF_REFUSED,
    OPENING,
    PHONE,
    PLAN,
    QUESTIONS,
    RECORD,
    RECORD_FIELDS,
    REQUEST,
    SITUATION,
    SOCIAL,
    Script,
    ScriptSection,
    UnknownChannel,
    section_titles,
)
from .sentences import (
    _due_sentence,
    _Facts,
    _facts,
    _hello,
    _join,
    _smaller_first_payment,
    changes_sentence,
    commitment_sentences,
    last_contact_sentence,
    plan_sentences,
    programme_fallback_sentence,
    request_sentence,
    resolve_language,
    situation_sentences,
    waiver_sentences,
)


def _spoken_sections(facts: _Facts, channel: str) -> list[ScriptSection]:
    """Phone (one short sentence a line) and chat (one message a step) share the same sentences."""
    case = facts.case
    language = facts.language
    titles = section_titles()
    chat = channel == CHAT

    def section(key, sentences, notes=(), *, one_message=chat):
        sentences = tuple(s for s in sentences if s)
        lines = (_join(sentences, language=language),) if one_message and sentences else sentences
        return ScriptSection(key=key, title=titles[key], lines=lines, notes=tuple(notes))

    opening = [
        _hello(facts),
        _("I am having difficulties this month and would like to talk about deferring my repayment."),
    ]
    opening += [_due_sentence(facts), last_contact_sentence(facts), changes_sentence(facts.changes)]

    situation = situation_sentences(case, assessment=facts.assessment, spoken=not chat)
    situation_notes = [_("Say it in your own words, calmly and briefly.")] if not chat else []

    plan = plan_sentences(facts.assessment)
    plan_notes = []
    if not plan:
        plan_notes.append(
            _("You have no repayment plan yet. Make one first: they will ask when and how much you can pay.")
        )

    commitment = [
        *commitment_sentences(),
        _("Thank you for listening, and for your help.") if not chat else _("Thank you for your help."),
    ]

    questions = [
        _("Is there a fee or interest for the deferral? How much?"),
        _("Will this affect my credit record? Will it count as overdue?"),
        _("Can I have written confirmation, by text message or in the app?"),
        _("Could you give me the ticket number for this request?"),
        _("May I have your agent number?"),
        _("When will I hear back, and do you need any documents from me?"),
    ]

    refused = [
        programme_fallback_sentence(case, today=facts.today),
        _("If a deferral is not possible, could I split this bill into installments?")
        if not (case.lender and case.lender.max_installment_months)
        else _(
            "If a deferral is not possible, could I split this bill into installments, up to %(count)s periods?"
        )
        % {"count": case.lender.max_installment_months},
    ]
    smaller = _smaller_first_payment(facts.schedule)
    if smaller is not None:
        refused.append(
            _("Or could I pay a smaller amount first, %(amount)s, and the rest on the plan?")
            % {"amount": money(smaller)}
        )
    refused.append(
        _(
            "I understand you have rules to follow. Could you pass my request to a supervisor, or to the team "
            "that handles repayment arrangements?"
        )
    )
    refused_notes = [
        _("Stay calm and polite, even if the answer is no; do not argue."),
        _("Do not agree to anything you cannot pay. You may say you need time to think it over."),
        _(
            "If they still say no, thank them, note the ticket number, and try again in a few days or another way."
        ),
    ]
    if case.lender is not None and case.lender.complaint_channels:
        refused_notes.append(
            _("Complaint channels (check with your lender): %(channels)s")
            % {"channels": case.lender.complaint_channels}
        )

    closing = [
        _("Let me check I have it right: you said …, is that correct?"),
        _("The ticket number is …; I have noted it down."),
        _("Thank you very much for your help. Goodbye.")
        if not chat
        else _("Thank you very much for your help."),
    ]

    return [
        section(OPENING, opening),
        section(SITUATION, situation, situation_notes),
        section(REQUEST, [request_sentence(case, end=facts.deferral_end), *waiver_sentences()]),
        section(PLAN, plan, plan_notes),
        section(COMMITMENT, commitment),
        section(QUESTIONS, questions, one_message=False),
        section(IF_REFUSED, refused, refused_notes, one_message=False),
        section(CLOSING, closing, one_message=False),
    ]


def _social_sections(facts: _Facts) -> list[ScriptSection]:
    """Short, polite and public-safe: the lender's name and nothing about the person."""
    titles = {
        **section_titles(),
        OPENING: _("Public post"),
        REQUEST: _("Private message"),
        CLOSING: _("When they reply"),
    }
    lender = facts.lender_name
    return [
        ScriptSection(
            key=OPENING,
            title=titles[OPENING],
            lines=(
                _(
                    "Hello %(lender)s, I am a customer and I am having difficulty repaying. I would like to "
                    "ask about deferring my repayment, and I have a repayment plan ready. Could you contact "
                    "me by private message? Thank you!"
                )
                % {"lender": lender},
            ),
            notes=(_("On their page or under their post: nothing more than this."),),
        ),
        ScriptSection(
            key=REQUEST,
            title=titles[REQUEST],
            lines=(
                _(
                    "Hello, I am a %(lender)s customer. I have run into financial difficulty and cannot repay "
                    "on time. I would like to ask for a deferral, and I have a concrete repayment plan. Which "
                    "channel should I use to discuss the details? Thank you."
                )
                % {"lender": lender},
            ),
            notes=(_("Give your details only in the app or on the phone, never here."),),
        ),
        ScriptSection(
            key=COMMITMENT,
            title=titles[COMMITMENT],
            lines=(_("I fully intend to repay and I will cooperate. Thank you for your help."),),
        ),
        ScriptSection(
            key=IF_REFUSED,
            title=titles[IF_REFUSED],
            notes=(
                _(
                    "No reply after a day or two? Use the in-app chat or the hotline; do not wait for the due date."
                ),
                _("Stay polite in public, whatever the answer."),
            ),
        ),
        ScriptSection(
            key=CLOSING,
            title=titles[CLOSING],
            lines=(_("Thank you for your reply. I will get in touch the way you suggested."),),
        ),
    ]


def _promise(facts: _Facts) -> str:
    schedule = facts.schedule
    if not schedule.payments:
        return ""
    return _("Repay %(total)s from %(first)s, paid off by %(payoff)s, as in my plan.") % {
        "total": money(schedule.total),
        "first": long_date(schedule.first_date),
        "payoff": long_date(schedule.payoff_date),
    }


def _record(facts: _Facts, channel: str) -> tuple[ScriptSection, tuple[tuple[str, str], ...]]:
    notes = (
        _("Which channel, and when."),
        _("The agent number."),
        _("The ticket number."),
        _("What they offered: length, installments, fees."),
        _("What you promised."),
        _("The next step, and when to follow up."),
        _("Log it in Deferral Desk straight away, while you remember."),
    )
    follow_up = dt.datetime.combine(facts.today + FOLLOW_UP_AFTER, dt.time(FOLLOW_UP_HOUR))
    values = {
        "channel": channel,
        "agent_id": "",
        "ticket_number": "",
        "offer_made": "",
        "promised": "" if channel == SOCIAL else _promise(facts),
        "next_follow_up": follow_up.strftime("%Y-%m-%dT%H:%M"),
    }
    section = ScriptSection(key=RECORD, title=section_titles()[RECORD], notes=notes)
    return section, tuple((name, values[name]) for name in RECORD_FIELDS)


#: What `build_script` reads of the case, to prefetch once: without it each is read again by every sentence
#: that needs it (a script built straight from a case read about a dozen queries twice).
SCRIPT_READS = ("lender__channels", "lender__programmes", "payments", "contacts", "plan_versions")


def build_script(
    *, case: Case, channel: str, language: str | None = None, today: dt.date | None = None
) -> Script:
    """The script for `channel` (phone, chat or social) in `language` (default: the case's letter language),
    in conversation order; raises UnknownChannel for any other channel. Works on an incomplete case: what
    is missing is left out, and the plan section then says to make a plan first."""
    if channel not in CHANNELS:
        raise UnknownChannel(channel)
    language = resolve_language(case, language)
    with translation.override(language):
        facts = _facts(case, language=language, today=today)
        sections = [*_prepare(facts, channel), _last_contact(facts, channel)]
        if channel == SOCIAL:
            sections += _social_sections(facts)
        else:
            sections += _spoken_sections(facts, channel)
        record, record_fields = _record(facts, channel)
        sections.append(record)
        titles = {
            PHONE: _("Phone script for %(lender)s"),
            CHAT: _("Chat messages for %(lender)s"),
            SOCIAL: _("Social media messages for %(lender)s"),
        }
        return neutralise_bidi_in(
            Script(
                channel=channel,
                language=language,
                title=titles[channel] % {"lender": facts.lender_name},
                lender_name=facts.lender_name,
                sections=tuple(
                    section for section in sections if section is not None and not section.is_empty
                ),
                record_fields=record_fields,
            )
        )


def contact_prefill(
    *, case: Case, channel: str | None, language: str | None = None, today: dt.date | None = None
) -> dict[str, str]:
    """What the contact log form suggests after `channel`'s script (the link's `?channel=&lang=`): the
    script's record values (channel, the promise with the plan's figures, the follow-up time), computed
    here from the case. An unknown or missing channel suggests nothing."""
    if channel not in CHANNELS:
        return {}
    script = build_script(case=case, channel=channel, language=language, today=today)
    return {name: value for name, value in script.record_fields if value}
