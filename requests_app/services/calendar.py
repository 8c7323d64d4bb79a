"""An iCalendar file of a case for a phone's calendar: the bill's due date, each planned payment and the
follow-ups the person set after their contacts, and the deadlines of a complaint or credit-report dispute."""

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from ..models import Case, ContactAttempt
from .contacts import case_follow_up, contacts_in_effect
from .escalation import escalation_clocks
from .formatting import long_date, money
from .schedule import case_schedule

PRODID = "-//Deferral Desk//延期还款助手//ZH"
FOLLOW_UP_MINUTES = 30


def _alarm(*, before: dt.timedelta, description: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", -before)
    return alarm


def _later(start, delta):
    """`start` + `delta`, or None past the end of the calendar (an event then has only its start)."""
    try:
        return start + delta
    except OverflowError:
        return None


def _uid(case: Case, kind: str, when) -> str:
    return f"{kind}-{when.isoformat()}-{case.public_id}@deferral-desk"


def case_calendar(
    *,
    case: Case,
    contacts: Sequence[ContactAttempt],
    case_url: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The case's dates as an .ics file (UTF-8 bytes): the due date while it is ahead, every payment of
    the schedule (all-day, with a reminder the evening before), and each follow-up still to come from the
    contacts in effect (30 minutes, reminder 15 minutes before). Reads `case.payments.all()`; stable UIDs,
    so importing again updates rather than duplicates. No account or personal data beyond the lender's
    name and the amounts. Summaries are in the active (interface) language, and a summary naming a payment,
    the bill's due date or a deadline carries its date written as everywhere else (formatting.long_date),
    since a calendar's list view may show only the summary; DTSTART stays in iCalendar's own format."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lender = case.lender.name if case.lender_id else _("your lender")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Repayment plan: %(lender)s") % {"lender": lender})
    calendar.add("x-wr-timezone", "Asia/Shanghai")

    def event(*, uid: str, summary: str, start, end, description: str, alarm: Alarm) -> None:
        item = Event()
        item.add("uid", uid)
        item.add("dtstamp", now)
        item.add("summary", summary)
        item.add("dtstart", start)
        if end is not None:
            item.add("dtend", end)
        item.add("description", description)
        if case_url:
            item.add("url", case_url)
        item.add_component(alarm)
        calendar.add_component(item)

    if case.due_date is not None and case.due_date >= today:
        summary = _("Bill due %(date)s: %(lender)s") % {"date": long_date(case.due_date), "lender": lender}
        event(
            uid=_uid(case, "due", case.due_date),
            summary=summary,
            start=case.due_date,
            end=_later(case.due_date, dt.timedelta(days=1)),
            description=_("Contact %(lender)s before this date if you cannot pay on time.")
            % {"lender": lender},
            alarm=_alarm(before=dt.timedelta(days=3), description=summary),
        )

    schedule = case_schedule(case)
    count = len(schedule)
    for number, payment in enumerate(schedule.payments, start=1):
        summary = _("Pay %(amount)s to %(lender)s on %(date)s") % {
            "amount": money(payment.amount),
            "lender": lender,
            "date": long_date(payment.due_on),
        }
        event(
            uid=_uid(case, "payment", payment.due_on),
            summary=summary,
            start=payment.due_on,
            end=_later(payment.due_on, dt.timedelta(days=1)),
            description=_("Payment %(number)s of %(count)s of your repayment plan.")
            % {"number": number, "count": count},
            alarm=_alarm(before=dt.timedelta(hours=15), description=summary),
        )

    current = case_follow_up(contacts, now=now)
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    seen = set()
    for contact in contacts_in_effect(contacts):
        at = contact.next_follow_up
        if at is None or at in seen:
            continue
        if at < start_of_today and (current is None or current.contact.pk != contact.pk):
            continue
        seen.add(at)
        summary = _("Follow up with %(lender)s") % {"lender": lender}
        details = [_("About your request to defer repayment.")]
        if contact.ticket_number:
            details.append(_("Ticket number: %(ticket)s") % {"ticket": contact.ticket_number})
        if contact.agent_id:
            details.append(_("Last agent: %(agent)s") % {"agent": contact.agent_id})
        event(
            uid=_uid(case, "follow-up", at),
            summary=summary,
            start=at,
            end=_later(at, dt.timedelta(minutes=FOLLOW_UP_MINUTES)),
            description="\n".join(details),
            alarm=_alarm(before=dt.timedelta(minutes=15), description=summary),
        )
    # The escalation deadlines (complaint answer, review window, credit dispute) still ahead, all-day, with a
    # reminder two days before so there is time to act.
    for deadline in escalation_clocks(steps=case.escalation_steps.all(), today=today).deadlines:
        if deadline.passed:
            continue
        summary = _("Deadline %(date)s: %(title)s") % {
            "date": long_date(deadline.due),
            "title": deadline.title,
        }
        details = [_("If it passes: %(what)s") % {"what": deadline.if_passed}]
        if deadline.reference:
            details.append(_("Reference: %(reference)s") % {"reference": deadline.reference})
        details.append(_("Source: %(source)s. Check the current rules.") % {"source": deadline.source.title})
        event(
            uid=_uid(case, deadline.code.lower(), deadline.due),
            summary=summary,
            start=deadline.due,
            end=_later(deadline.due, dt.timedelta(days=1)),
            description="\n".join(details),
            alarm=_alarm(before=dt.timedelta(days=2), description=summary),
        )
    return calendar.to_ical()
