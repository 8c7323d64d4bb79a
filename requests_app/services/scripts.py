"""Call scripts: what to say on the phone, what to send in the in-app chat and what to post on social media,
built from the case so that every channel (and the PDF letter) says the same thing.

`build_script(case=..., channel=...)` returns a frozen `Script` in the case's letter language (or the one
given). A script is a tuple of `ScriptSection`s in the order of the conversation (see SECTION_KEYS):
`lines` are what the person says (phone) or sends (chat, social: one message each), `notes` are for the
person only (what to have ready, lender facts, tips), `steps` is an ordered list (the lender's channel steps).
The social-media script is public-safe: it carries no name, account, amount, date or story of the case.

Reads `case.lender` with `lender.channels.all()`, `case.payments.all()`, `case.contacts.all()` and
`case.plan_versions.all()`, so callers can prefetch them.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from urllib.parse import urlencode

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case, ContactAttempt, LenderChannel
from .contacts import contacts_in_effect
from .costs import case_cost_comparison
from .finances import case_monthly_capacity
from .formatting import day_count, long_date, money, neutralise_bidi_in
from .schedule import Schedule, case_schedule, deferral_end
from .versions import PlanChange, changes_since_last_contact, last_presented_version

PHONE = "phone"
CHAT = "chat"
SOCIAL = "social"
CHANNELS = (PHONE, CHAT, SOCIAL)
LANGUAGES = tuple(Case.Language.values)

PREPARE = "prepare"
HOW_TO_REACH = "how_to_reach"
LAST_CONTACT = "last_contact"
OPENING = "opening"
SITUATION = "situation"
REQUEST = "request"
PLAN = "plan"
COMMITMENT = "commitment"
QUESTIONS = "questions"
IF_REFUSED = "if_refused"
CLOSING = "closing"
RECORD = "record"
SECTION_KEYS = (
    PREPARE,
    HOW_TO_REACH,
    LAST_CONTACT,
    OPENING,
    SITUATION,
    REQUEST,
    PLAN,
    COMMITMENT,
    QUESTIONS,
    IF_REFUSED,
    CLOSING,
    RECORD,
)

#: The contact-log fields a script prefills (ContactAttempt field names), in form order.
RECORD_FIELDS = ("channel", "agent_id", "ticket_number", "offer_made", "promised", "next_follow_up")

Evidence = Case.Evidence
Hardship = Case.HardshipCategory

#: Proof that fits each hardship category (domain.md, "Hardship categories and typical proof").
CATEGORY_PROOF: dict[str, tuple[str, ...]] = {
    Hardship.JOB_LOSS: (Evidence.TERMINATION_LETTER,),
    Hardship.ILLNESS: (Evidence.MEDICAL_RECORDS,),
    Hardship.INCOME_DROP: (Evidence.PAYSLIPS,),
    Hardship.BUSINESS: (Evidence.BUSINESS_RECORDS,),
    Hardship.FAMILY: (Evidence.EVENT_DOCUMENTS,),
    Hardship.DISASTER: (Evidence.OFFICIAL_NOTICE,),
    Hardship.OTHER: (),
}
#: Asked for whatever the cause.
COMMON_PROOF = (Evidence.ID_CARD, Evidence.BANK_STATEMENTS, Evidence.HARDSHIP_CERTIFICATE)

# When the person should plan to follow up after a contact, if the lender names no date.
FOLLOW_UP_AFTER = dt.timedelta(days=3)
FOLLOW_UP_HOUR = 10


class UnknownChannel(ValueError):
    """The channel is not one of CHANNELS."""


@dataclass(frozen=True)
class ScriptSection:
    key: str
    title: str
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.lines or self.notes or self.steps)


@dataclass(frozen=True)
class Script:
    """One channel's script in one language. `record_fields` are (ContactAttempt field, initial value)
    pairs for the contact log form; `record_initial` gives them as a dict, `record_query` the link to the
    form (channel and language only)."""

    channel: str
    language: str
    title: str
    lender_name: str
    sections: tuple[ScriptSection, ...]
    record_fields: tuple[tuple[str, str], ...]

    def section(self, key: str) -> ScriptSection | None:
        return next((section for section in self.sections if section.key == key), None)

    @property
    def record_initial(self) -> dict[str, str]:
        return dict(self.record_fields)

    @property
    def record_query(self) -> str:
        """The contact log link's query: the channel and language only. The suggested values (the plan's
        total and dates) are computed again on the server (`contact_prefill`), never put in a URL, where
        they would reach access logs and the browser's history."""
        return urlencode([("channel", self.channel), ("lang", self.language)])

    @property
    def messages(self) -> tuple[str, ...]:
        """Everything the person says or sends, in order."""
        return tuple(line for section in self.sections for line in section.lines)

    def as_text(self) -> str:
        """The whole script as plain text (for printing, the contact log's copy, and tests)."""
        parts = [self.title]
        for section in self.sections:
            parts.append(f"\n## {section.title}")
            parts.extend(f"- {note}" for note in section.notes)
            parts.extend(f"{number}. {step}" for number, step in enumerate(section.steps, start=1))
            parts.extend(f"> {line}" for line in section.lines)
        return "\n".join(parts)


@dataclass(frozen=True)
class _Facts:
    """What the sentences are built from, read once from the case."""

    case: Case
    language: str
    today: dt.date
    lender_name: str
    schedule: Schedule
    capacity: Decimal | None
    deferral_end: dt.date | None
    last_contact: ContactAttempt | None
    contact_count: int
    changes: tuple[PlanChange, ...]
    presented_version: int | None

    @property
    def overdue(self) -> bool:
        due = self.case.due_date
        return due is not None and due < self.today


def _join(sentences, *, language: str) -> str:
    """Sentences as one paragraph: Chinese sentences run on, English ones take a space."""
    separator = " " if language == Case.Language.EN else ""
    return separator.join(sentence for sentence in sentences if sentence)


def _list(items, *, language: str) -> str:
    separator = ", " if language == Case.Language.EN else "、"
    return separator.join(str(item) for item in items)


def _clean(text: str) -> str:
    """User text as one sentence fragment: trimmed, without a final full stop of either language."""
    return (text or "").strip().rstrip("。.").strip()


def _as_sentence(text: str, *, language: str) -> str:
    """User text as a full sentence: trimmed, ending with a full stop if it has no final punctuation."""
    text = " ".join((text or "").split())
    if text and text[-1] not in "。！？!?.…」”\"')）":
        text += "." if language == Case.Language.EN else "。"
    return text


def _lender_channel(case: Case, kind: str) -> LenderChannel | None:
    if case.lender is None:
        return None
    channels = [channel for channel in case.lender.channels.all() if channel.kind == kind]
    return min(channels, key=lambda channel: (channel.sort_order, channel.pk), default=None)


def _facts(case: Case, *, language: str, today: dt.date | None) -> _Facts:
    contacts = contacts_in_effect(case.contacts.all()) if case.pk else []
    version = last_presented_version(case) if contacts else None
    return _Facts(
        case=case,
        language=language,
        today=today or timezone.localdate(),
        lender_name=case.lender.name if case.lender else _("your lender"),
        schedule=case_schedule(case),
        capacity=case_monthly_capacity(case),
        deferral_end=deferral_end(case) if case.requested_deferral_days else None,
        last_contact=contacts[0] if contacts else None,
        contact_count=len(contacts),
        changes=tuple(changes_since_last_contact(case)) if version else (),
        presented_version=version.number if version else None,
    )


# --- What is said (shared by the phone, the chat and the PDF letter) -------------------------------------


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


def situation_sentences(case: Case, *, capacity: Decimal | None, spoken: bool) -> tuple[str, ...]:
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
    sources = _clean(case.income_sources)
    if sources:
        sentences.append(_("My income now comes from: %(sources)s.") % {"sources": sources})
    if capacity is not None and capacity > 0:
        sentences.append(
            _(
                "After essential living costs and other debts, I can put about %(amount)s a month towards this."
            )
            % {"amount": money(capacity)}
        )
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


def _regular_amount(payments) -> tuple[Decimal, Decimal, Decimal]:
    """(most common, lowest, highest) amount of `payments`."""
    amounts = [payment.amount for payment in payments]
    common = Counter(amounts).most_common(1)[0][0]
    return common, min(amounts), max(amounts)


def plan_sentences(schedule: Schedule, *, capacity: Decimal | None) -> tuple[str, ...]:
    """When and how much, the payoff date and the total (guide point 8). Empty without a schedule."""
    payments = schedule.payments
    if not payments:
        return ()
    first, last = payments[0], payments[-1]
    if len(payments) == 1:
        return (
            _("I can repay all of it, %(total)s, in one payment on %(date)s.")
            % {"total": money(schedule.total), "date": long_date(first.due_on)},
        )
    sentences = []
    common, low, high = _regular_amount(payments)
    if low == high:
        sentences.append(
            _("Starting on %(date)s, I will pay %(amount)s a month, %(count)s payments in all.")
            % {"date": long_date(first.due_on), "amount": money(common), "count": len(payments)}
        )
    else:
        sentences.append(
            _("On %(date)s I will make the first payment, %(amount)s.")
            % {"date": long_date(first.due_on), "amount": money(first.amount)}
        )
        middle = payments[1:-1]
        if middle:
            m_common, m_low, m_high = _regular_amount(middle)
            if m_low == m_high:
                sentences.append(_("After that, %(amount)s a month.") % {"amount": money(m_common)})
            else:
                sentences.append(
                    _("After that, between %(low)s and %(high)s a month.")
                    % {"low": money(m_low), "high": money(m_high)}
                )
        sentences.append(
            _("The last payment, %(amount)s, is on %(date)s.")
            % {"amount": money(last.amount), "date": long_date(last.due_on)}
        )
    sentences.append(
        _("By %(date)s everything is paid off: %(total)s in total.")
        % {"date": long_date(schedule.payoff_date), "total": money(schedule.total)}
    )
    if capacity is not None and capacity > 0 and schedule.largest <= capacity:
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
    separator = "; " if language == Case.Language.EN else "；"
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


# --- Sections ------------------------------------------------------------------------------------------------


def _titles() -> dict[str, str]:
    return {
        PREPARE: _("Before you contact them"),
        HOW_TO_REACH: _("How to reach them"),
        LAST_CONTACT: _("What you said last time"),
        OPENING: _("Opening"),
        SITUATION: _("Your situation"),
        REQUEST: _("The request"),
        PLAN: _("The plan"),
        COMMITMENT: _("Commitment and thanks"),
        QUESTIONS: _("Questions to ask"),
        IF_REFUSED: _("If they say no"),
        CLOSING: _("Closing"),
        RECORD: _("What to record"),
    }


def _channel_notes(facts: _Facts, kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(notes, steps) about the lender's channel of `kind`, always as facts to check."""
    channel = _lender_channel(facts.case, kind)
    if channel is None:
        kind_label = LenderChannel.Kind(kind).label
        return (
            (
                _(
                    "We have no %(channel)s details for %(lender)s yet. Look for customer service in the "
                    "lender's app, on its website or on your contract, and check it with your lender."
                )
                % {"channel": kind_label, "lender": facts.lender_name},
            ),
            (),
        )
    notes = [_("Channel: %(name)s.") % {"name": channel.name}]
    if channel.contact:
        notes.append(_("Number or account: %(contact)s") % {"contact": channel.contact})
    if channel.hours:
        notes.append(_("Hours: %(hours)s") % {"hours": channel.hours})
    if channel.source:
        checked = long_date(channel.last_verified) if channel.last_verified else _("date unknown")
        notes.append(
            _("Source: %(source)s (last checked %(date)s). These details can change: check with your lender.")
            % {"source": channel.source, "date": checked}
        )
    else:
        notes.append(_("These details are not verified yet: check them with your lender."))
    return tuple(notes), tuple(channel.steps)


def _best_time(channel: str) -> str:
    return {
        PHONE: _(
            "Queues are long at peak times: try a weekday morning, and keep half an hour free for the call."
        ),
        CHAT: _("Waits in the chat are usually short, but keep each message brief: long stories get lost."),
        SOCIAL: _(
            "Replies on social media are slow: use it alongside the app or the hotline, never instead of them."
        ),
    }[channel]


def _proof_notes(facts: _Facts) -> list[str]:
    language = facts.language
    case = facts.case
    held = [code for code in case.evidence or () if code in Evidence.values]
    wanted = [*COMMON_PROOF, *CATEGORY_PROOF.get(case.hardship_category, ())]
    missing = [code for code in wanted if code not in held]
    notes = []
    if held:
        notes.append(
            _("Proof you already have: %(documents)s.")
            % {"documents": _list([Evidence(code).label for code in held], language=language)}
        )
    if missing:
        notes.append(
            _("Worth getting, if you can: %(documents)s.")
            % {"documents": _list([Evidence(code).label for code in missing], language=language)}
        )
    other = _clean(case.evidence_notes)
    if other:
        notes.append(_("Your other documents: %(notes)s.") % {"notes": other})
    return notes


def _deadline_note(facts: _Facts) -> str:
    due = facts.case.due_date
    if due is None:
        return _("Contact them before the due date: the earlier you do, the more room there is to agree.")
    if facts.overdue:
        return _("The due date (%(date)s) has passed: contact them today.") % {"date": long_date(due)}
    return _(
        "Contact them before the due date (%(date)s): the earlier you do, the more room there is to agree."
    ) % {"date": long_date(due)}


def _cost_note(facts: _Facts) -> str:
    """What paying nothing costs (guide point 1), when the lender's rate is known."""
    comparison = case_cost_comparison(facts.case, today=facts.today)
    if comparison is None or not comparison.rate_known or not comparison.per_day or not comparison.waiting:
        return ""
    month = next((item for item in comparison.waiting if item.days == 30), comparison.waiting[0])
    return _(
        "Waiting costs money: left unpaid, the bill grows by about %(per_day)s a day, %(cost)s in %(days)s. "
        "%(basis)s"
    ) % {
        "per_day": money(comparison.per_day),
        "cost": money(month.cost),
        "days": day_count(month.days),
        "basis": comparison.basis,
    }


def _prepare(facts: _Facts, channel: str) -> list[ScriptSection]:
    """Before you contact them: what to have ready (guide points 1 and 2), then how to reach them (point 3)."""
    lender = facts.case.lender
    titles = _titles()
    channel_notes, steps = _channel_notes(facts, channel)
    reach_notes = [*channel_notes, _best_time(channel)]
    if channel == SOCIAL:
        notes = [
            _(
                "Never post your name, account, amounts, ID number or phone number in public, and keep the "
                "details of your story for a private channel."
            )
        ]
    else:
        notes = [_deadline_note(facts)]
        if lender is not None and lender.consequences:
            notes.append(_("Why it matters: %(consequences)s") % {"consequences": lender.consequences})
        cost = _cost_note(facts)
        if cost:
            notes.append(cost)
        notes.append(_("Have ready: your ID card and the phone number registered on the account."))
        if facts.schedule.payments:
            notes.append(_("Keep your repayment plan in front of you: the PDF, or this page."))
        notes.extend(_proof_notes(facts))
        if channel == PHONE:
            notes.append(_("Have paper and a pen ready for the agent number and the ticket number."))
        if channel == CHAT:
            reach_notes.append(
                _("If a bot answers, type 转人工 to ask for a person, then send the messages below.")
            )
        if lender is not None and lender.limits_note:
            reach_notes.append(
                _("What is known about %(lender)s (check with your lender): %(note)s")
                % {"lender": facts.lender_name, "note": lender.limits_note}
            )
    return [
        ScriptSection(key=PREPARE, title=titles[PREPARE], notes=tuple(notes)),
        ScriptSection(key=HOW_TO_REACH, title=titles[HOW_TO_REACH], notes=tuple(reach_notes), steps=steps),
    ]


def _last_contact(facts: _Facts, channel: str) -> ScriptSection | None:
    contact = facts.last_contact
    if contact is None:
        return None
    title = _titles()[LAST_CONTACT]
    if channel == SOCIAL:
        return ScriptSection(
            key=LAST_CONTACT,
            title=title,
            notes=(
                _(
                    "You have contacted them before. Tell the same story as then; the phone script has the "
                    "details, which do not belong on social media."
                ),
            ),
        )
    notes = [
        _("Last time: %(date)s, %(channel)s.")
        % {
            "date": long_date(timezone.localdate(contact.occurred_at)),
            "channel": contact.get_channel_display(),
        }
    ]
    if contact.agent_id:
        notes.append(_("Agent number: %(agent)s.") % {"agent": contact.agent_id})
    if contact.ticket_number:
        notes.append(_("Ticket number: %(ticket)s.") % {"ticket": contact.ticket_number})
    notes.append(_("Outcome: %(outcome)s.") % {"outcome": contact.get_outcome_display()})
    if contact.offer_made:
        notes.append(_("They offered: %(offer)s") % {"offer": contact.offer_made})
    if contact.promised:
        notes.append(_("You promised: %(promise)s") % {"promise": contact.promised})
    if facts.presented_version is not None:
        notes.append(_("You presented plan version %(number)s.") % {"number": facts.presented_version})
        if facts.changes:
            notes.append(_("Your plan has changed since then; say so straight away, as below."))
            notes.extend(
                _("%(label)s: %(old)s → %(new)s") % {"label": c.label, "old": c.old, "new": c.new}
                for c in facts.changes
            )
        else:
            notes.append(_("Your plan is the same as then: tell it the same way."))
    return ScriptSection(key=LAST_CONTACT, title=title, notes=tuple(notes))


def _spoken_sections(facts: _Facts, channel: str) -> list[ScriptSection]:
    """Phone (one short sentence a line) and chat (one message a step) share the same sentences."""
    case = facts.case
    language = facts.language
    titles = _titles()
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

    situation = situation_sentences(case, capacity=facts.capacity, spoken=not chat)
    situation_notes = [_("Say it in your own words, calmly and briefly.")] if not chat else []

    plan = plan_sentences(facts.schedule, capacity=facts.capacity)
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
        _("If a deferral is not possible, could I split this bill into installments?")
        if not (case.lender and case.lender.max_installment_months)
        else _(
            "If a deferral is not possible, could I split this bill into installments, up to %(count)s periods?"
        )
        % {"count": case.lender.max_installment_months}
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
        section(REQUEST, [request_sentence(case, end=facts.deferral_end)]),
        section(PLAN, plan, plan_notes),
        section(COMMITMENT, commitment),
        section(QUESTIONS, questions, one_message=False),
        section(IF_REFUSED, refused, refused_notes, one_message=False),
        section(CLOSING, closing, one_message=False),
    ]


def _social_sections(facts: _Facts) -> list[ScriptSection]:
    """Short, polite and public-safe: the lender's name and nothing about the person."""
    titles = {
        **_titles(),
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
    section = ScriptSection(key=RECORD, title=_titles()[RECORD], notes=notes)
    return section, tuple((name, values[name]) for name in RECORD_FIELDS)


def build_script(
    *, case: Case, channel: str, language: str | None = None, today: dt.date | None = None
) -> Script:
    """The script for `channel` (phone, chat or social) in `language` (default: the case's letter language),
    in conversation order; raises UnknownChannel for any other channel. Works on an incomplete case: what
    is missing is left out, and the plan section then says to make a plan first."""
    if channel not in CHANNELS:
        raise UnknownChannel(channel)
    if language not in LANGUAGES:
        language = case.letter_language if case.letter_language in LANGUAGES else Case.Language.ZH_HANS
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


@dataclass(frozen=True)
class LetterText:
    """The paragraphs of the letter to the lender, from the same sentences as the scripts."""

    salutation: str
    paragraphs: tuple[str, ...]


def letter_text(*, case: Case, language: str | None = None, today: dt.date | None = None) -> LetterText:
    """The letter's salutation and body paragraphs (intro, situation, request and plan, commitment, thanks)
    in `language` (default: the case's letter language)."""
    if language not in LANGUAGES:
        language = case.letter_language if case.letter_language in LANGUAGES else Case.Language.ZH_HANS
    with translation.override(language):
        facts = _facts(case, language=language, today=today)
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
            _join(situation_sentences(case, capacity=facts.capacity, spoken=False), language=language),
            _join(
                [
                    request_sentence(case, end=facts.deferral_end),
                    *plan_sentences(facts.schedule, capacity=facts.capacity),
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
