"""The sentences letters are built from, in the written register (书面语 in Chinese), from what the borrower recorded."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...models import Case, ContactAttempt
from ..budget import case_plan
from ..contact_history import contacts_in_effect
from ..escalation import EscalationClocks
from ..finances import case_monthly_offer, has_monthly_offer
from ..formatting import day_count, full_stop, long_date, money
from ..safe_text import printable_text
from ..schedule import case_schedule, deferral_end
from ..written import cause_sentence, commitment_sentence, intro_sentence, story_sentence
from .base import Figure, Outcome, TimelineRow, join_sentences, quoted

__all__ = [
    "OfferTerms",
    "bill_sentence",
    "budget_figures",
    "capacity_sentence",
    "cause_sentence",
    "commitment_sentence",
    "complaint_status",
    "complaint_steps",
    "contact_reference",
    "contact_timeline_rows",
    "contacts_summary",
    "intro_sentence",
    "offer_terms",
    "plan_sentence",
    "reason_sentence",
    "refusals_in_effect",
    "request_and_plan",
    "request_sentence",
    "story_sentence",
]


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
                said=quoted(contact.offer_made),
            )
        )
    return tuple(rows)


def refusals_in_effect(contacts) -> list[ContactAttempt]:
    """Refusals in effect, oldest first."""
    return [c for c in reversed(contacts_in_effect(contacts)) if c.outcome == Outcome.REFUSED]


def contact_reference(contact: ContactAttempt) -> str:
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


def bill_sentence(case: Case) -> str:
    if case.amount_due is not None and case.due_date is not None:
        return _("The bill of %(amount)s is due on %(date)s.") % {
            "amount": money(case.amount_due),
            "date": long_date(case.due_date),
        }
    if case.due_date is not None:
        return _("The bill is due on %(date)s.") % {"date": long_date(case.due_date)}
    return ""


def budget_figures(case: Case) -> tuple[Figure, ...]:
    """The household budget's figures (issue 10: one budget for every creditor), when there is one."""
    figures = []
    plan = case_plan(case)
    totals = plan.totals if plan else None
    if totals is None:
        return ()
    for label, value in (
        (_("Monthly income"), totals.income),
        (_("Essential monthly expenses"), totals.essentials),
        (_("Other monthly debt payments"), totals.priority),
        (_("Left each month for the lenders"), totals.available),
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
    plan = case_plan(case)
    share = plan.share_for(case) if plan else None
    totals = plan.totals if plan else None
    return OfferTerms(
        token=(capacity is not None and not has_monthly_offer(capacity)) or bool(share and share.is_token),
        monthly=capacity if has_monthly_offer(capacity) else None,
        other_debt_payments=(totals.priority or None) if totals is not None else None,
        creditors=(len(plan.others(case)) or None) if share is not None else None,
    )


def complaint_steps(case: Case):
    return list(case.escalation_steps.all()) if case.pk else []


# --- Sentences in the written register ----------------------------------------------------------------------
# The scripts speak; letters write (书面语 in Chinese): the shared ones are in services.written.


def capacity_sentence(case: Case) -> str:
    capacity = case_monthly_offer(case)
    if not has_monthly_offer(capacity):
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


def reason_sentence(contact: ContactAttempt) -> str:
    """The refusal's reason as recorded (issue 11's field); older entries kept it in what the lender offered."""
    said = quoted(contact.refusal_reason) or quoted(contact.offer_made)
    if said:
        return _("The reason given was: “%(reason)s”") % {"reason": said}
    return _("No reason was given. Please tell me the reason in writing.")


def request_and_plan(case, language) -> str:
    return join_sentences([request_sentence(case), plan_sentence(case)], language=language)


def contacts_summary(contacts, *, to_regulator: bool = False) -> str:
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
        refusals = _("My request was refused %(count)s times.") % {"count": refused}
        summary = join_sentences([summary, refusals], language=translation.get_language())
    return summary


def complaint_status(clocks: EscalationClocks, steps, today) -> str:
    if clocks.complaint_sent is None:
        return _("I have not yet made a formal complaint to the institution.")
    sent = [s for s in steps if s.kind == "complaint_sent" and s.occurred_on == clocks.complaint_sent][-1]
    text = _("I complained to the institution on %(date)s") % {"date": long_date(clocks.complaint_sent)}
    if sent.reference:
        text += _(" (complaint number %(reference)s)") % {"reference": printable_text(sent.reference)}
    text += full_stop()
    if clocks.complaint_answered:
        return join_sentences(
            [
                text,
                _("It answered on %(date)s, and the answer did not resolve my complaint.")
                % {"date": long_date(clocks.complaint_answered)},
            ],
            language=translation.get_language(),
        )
    days = (today - clocks.complaint_sent).days
    return join_sentences(
        [
            text,
            _("By %(date)s, %(days)s later, I have had no answer.")
            % {"date": long_date(today), "days": day_count(days)},
        ],
        language=translation.get_language(),
    )
