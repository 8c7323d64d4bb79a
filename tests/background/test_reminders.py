"""E-mail reminders, sent by the worker to a real SMTP server (aiosmtpd on loopback): only to people who
asked, each reminder once, with an unsubscribe link that works without logging in."""

import datetime as dt
import email
import re
import socket
from decimal import Decimal
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from requests_app.models import ReminderSent, ReminderSubscription, TaskFailure
from requests_app.services.reminders import (
    REMIND_DAYS_BEFORE,
    reminder_subscription_set,
    reminders_rounds_start,
    reminders_send,
)
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, UserFactory

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self):
        super().__init__(message_class=None)
        self.messages: list[email.message.EmailMessage] = []

    def handle_message(self, message):
        self.messages.append(email.message_from_bytes(message.as_bytes(), policy=default_policy))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture
def subscriber(db):
    user = UserFactory(username="lin", email="lin@example.com")
    reminder_subscription_set(user=user, active=True)
    return user


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_payment_date_and_a_follow_up_are_mailed_once(smtp_inbox, subscriber, worker):
    today = timezone.localdate()
    case = CaseFactory(owner=subscriber, letter_language="en")
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=REMIND_DAYS_BEFORE), amount=Decimal("800.00"))
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=40), amount=Decimal("800.00"))  # not yet
    ContactAttemptFactory(
        case=case, occurred_at=timezone.now() - dt.timedelta(days=2), next_follow_up=timezone.now()
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert reminders_rounds_start()
    worker()

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "lin@example.com"
    body = body_of(message)
    assert "¥800.00" in body and "follow-up" in body
    assert case.get_absolute_url() in body
    unsubscribe = re.search(r"https?://\S+/reminders/unsubscribe/[0-9a-f-]+/", body).group(0)
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert ReminderSent.objects.filter(case=case).count() == 2

    # The next round finds nothing new to send.
    reminders_send()
    assert len(smtp_inbox.messages) == 1


def test_nobody_who_did_not_ask_gets_a_mail(smtp_inbox, worker):
    user = UserFactory(username="wang", email="wang@example.com")
    PaymentFactory(case=CaseFactory(owner=user), due_on=timezone.localdate() + dt.timedelta(days=1))
    reminders_send()
    assert smtp_inbox.messages == []


def test_the_unsubscribe_link_needs_no_log_in_and_stops_the_mails(client, smtp_inbox, subscriber):
    token = ReminderSubscription.objects.get(user=subscriber).token
    url = reverse("requests_app:reminders_unsubscribe", args=[token])
    assert client.get(url).status_code == 200  # a page with a button: opening the link changes nothing
    assert ReminderSubscription.objects.get(user=subscriber).active
    assert 'data-testid="unsubscribed"' in client.post(url).content.decode()
    assert not ReminderSubscription.objects.get(user=subscriber).active
    PaymentFactory(case=CaseFactory(owner=subscriber), due_on=timezone.localdate() + dt.timedelta(days=1))
    reminders_send()
    assert smtp_inbox.messages == []


def test_an_unknown_unsubscribe_token_is_404(client):
    url = reverse("requests_app:reminders_unsubscribe", args=["00000000-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_borrower_turns_reminders_on_from_their_data_page(client, borrower):
    client.force_login(borrower)
    page = client.get(reverse("requests_app:account_data")).content.decode()
    assert 'name="reminders"' in page
    client.post(reverse("requests_app:reminder_setting"), {"reminders": "on"})
    assert ReminderSubscription.objects.get(user=borrower).active
    client.post(reverse("requests_app:reminder_setting"), {})
    assert not ReminderSubscription.objects.get(user=borrower).active


def test_a_mail_server_that_is_down_is_retried_then_reported(subscriber, worker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    PaymentFactory(case=CaseFactory(owner=subscriber), due_on=timezone.localdate() + dt.timedelta(days=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders_rounds_start()
    worker()
    failure = TaskFailure.objects.get()
    assert failure.task_name.endswith("reminders_send_job") and failure.attempts == 3
    assert not ReminderSent.objects.exists()  # nothing recorded as sent that was not
