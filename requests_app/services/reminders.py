"""E-mail reminders for borrowers who ask for them: each payment date of their plan (REMIND_DAYS_BEFORE
days ahead) and each follow-up they planned at a contact (on its day). Sent by the worker every hour
(`reminders_send_job`, which queues its next run), each reminder once (ReminderSent), one mail per person
and run, with an unsubscribe link that needs no log-in (and a List-Unsubscribe header)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..models import Case, ContactAttempt, Payment, ReminderSent, ReminderSubscription
from .background import background_job, job_enqueue
from .contact_history import case_follow_up
from .formatting import long_date, money
from .signup import pending_signups_purge
from .workflow import SETTLED_STATUSES

logger = logging.getLogger(__name__)

#: How many days before a payment date its reminder goes out.
REMIND_DAYS_BEFORE = 3
#: How often the worker looks for reminders to send.
SEND_EVERY = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Reminder:
    """One thing to remind a person of: a payment (`amount`) or a follow-up, on `day`, for `case`."""

    case: Case
    kind: str
    reference: str
    day: dt.date
    amount: str = ""


def reminder_subscription_set(*, user, active: bool) -> ReminderSubscription:
    """Turn `user`'s e-mail reminders on or off; returns the subscription (created on first use)."""
    subscription, _created = ReminderSubscription.objects.get_or_create(user=user)
    if subscription.active != active:
        subscription.active = active
        subscription.save(update_fields=["active", "changed_at"])
    return subscription


def reminder_unsubscribe(*, token) -> bool:
    """Turn off the reminders of the subscription with `token`; False when no such subscription."""
    return ReminderSubscription.objects.filter(token=token).update(active=False) > 0


def reminders_due(*, user, today: dt.date, now: dt.datetime) -> list[Reminder]:
    """What `user` should be reminded of now and has not been: payments of open cases due within
    REMIND_DAYS_BEFORE days, and follow-ups planned for today (or overdue by at most a day)."""
    cases = (
        Case.objects.filter(owner=user)
        .exclude(status__in=SETTLED_STATUSES)
        .select_related("lender")
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=Payment.objects.filter(
                    due_on__gte=today, due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE)
                ).order_by("due_on"),
            ),
            Prefetch("contacts", queryset=ContactAttempt.objects.order_by("-occurred_at", "-id")),
        )
    )
    sent = set(ReminderSent.objects.filter(case__owner=user).values_list("case_id", "kind", "reference"))
    due: list[Reminder] = []
    for case in cases:
        for payment in case.payments.all():
            reference = payment.due_on.isoformat()
            if (case.pk, ReminderSent.Kind.PAYMENT, reference) not in sent:
                due.append(
                    Reminder(
                        case, ReminderSent.Kind.PAYMENT, reference, payment.due_on, money(payment.amount)
                    )
                )
        follow_up = case_follow_up(list(case.contacts.all()), now=now)
        if follow_up is not None:
            day = timezone.localdate(follow_up.at)
            reference = str(follow_up.contact.pk)
            if (
                today - dt.timedelta(days=1) <= day <= today
                and (
                    case.pk,
                    ReminderSent.Kind.FOLLOW_UP,
                    reference,
                )
                not in sent
            ):
                due.append(Reminder(case, ReminderSent.Kind.FOLLOW_UP, reference, day))
    return sorted(due, key=lambda r: (r.day, r.kind))


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(*, subscription: ReminderSubscription, reminders: list[Reminder], connection) -> EmailMessage:
    user = subscription.user
    language = reminders[0].case.letter_language or settings.LANGUAGE_CODE
    unsubscribe = _absolute(reverse("requests_app:reminders_unsubscribe", args=[subscription.token]))
    with translation.override(language):
        items = [
            {
                "kind": reminder.kind,
                "lender": reminder.case.lender.name if reminder.case.lender else "",
                "day": long_date(reminder.day),
                "amount": reminder.amount,
                "url": _absolute(reminder.case.get_absolute_url()),
            }
            for reminder in reminders
        ]
        context = {"items": items, "unsubscribe_url": unsubscribe, "username": user.get_username()}
        subject = render_to_string("requests_app/reminders/subject.txt", context).strip()
        body = render_to_string("requests_app/reminders/email.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[user.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Mail every subscribed person what is due (see `reminders_due`); return how many mails went.
    A reminder is recorded as sent in the same transaction as its mail is handed to the mail server."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    subscriptions = (
        ReminderSubscription.objects.filter(active=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    mails = 0
    with get_connection() as connection:
        for subscription in subscriptions.iterator():
            reminders = reminders_due(user=subscription.user, today=today, now=now)
            if not reminders:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.bulk_create(
                        [ReminderSent(case=r.case, kind=r.kind, reference=r.reference) for r in reminders]
                    )
                    _message(subscription=subscription, reminders=reminders, connection=connection).send()
            except IntegrityError:
                continue  # another worker sent these meanwhile
            mails += 1
    return mails


def reminders_next_round(**kwargs) -> None:
    """Queue the next round of `reminders_send_job`, SEND_EVERY from now."""
    job_enqueue(reminders_send_job.using(run_after=timezone.now() + SEND_EVERY))


@background_job(on_failure=reminders_next_round)
def reminders_send_job() -> int:
    """The worker's hourly round: send what is due, then queue the next round (also after a round that
    failed all its attempts, which the admin then lists). Sign-ups whose link expired go too."""
    pending_signups_purge()
    mails = reminders_send()
    reminders_next_round()
    return mails


def reminders_rounds_start() -> bool:
    """Queue a round now unless one is already waiting in the database queue; True when one was queued.
    (With RQ a round is always queued: the rounds are idempotent, a second chain only sends nothing.)"""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        waiting = DBTaskResult.objects.filter(
            task_path=reminders_send_job.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
    job_enqueue(reminders_send_job)
    return True
