"""Before a contact: what to have ready, how to reach the lender (as facts to check), and what was said
at the last contact."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Case, LenderChannel
from ..costs import case_cost_comparison
from ..formatting import day_count, long_date, money
from .facts import _clean
from .sections import CHAT, HOW_TO_REACH, LAST_CONTACT, PHONE, PREPARE, SOCIAL, ScriptSection, section_titles
from .sentences import _Facts, _lender_channel, _list

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
    titles = section_titles()
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
    title = section_titles()[LAST_CONTACT]
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
