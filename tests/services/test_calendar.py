"""The calendar file: the due date, each payment and the follow-ups, readable by a phone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from requests_app.services.calendar import case_calendar
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def events(body: bytes):
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_the_file_holds_the_due_date_every_payment_and_the_follow_up():
    today = timezone.localdate()
    case = CaseFactory(due_date=today + dt.timedelta(days=5))
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=35), amount=Decimal("1500.00"))
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=65), amount=Decimal("1545.00"))
    follow_up = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    ContactAttemptFactory(case=case, next_follow_up=follow_up, ticket_number="T-77")
    found = events(
        case_calendar(case=case, contacts=list(case.contacts.all()), case_url="https://x/cases/1/")
    )
    starts = [e.decoded("dtstart") for e in found]
    assert today + dt.timedelta(days=5) in starts
    assert today + dt.timedelta(days=35) in starts and today + dt.timedelta(days=65) in starts
    assert follow_up in starts
    summaries = " ".join(str(e["summary"]) for e in found)
    assert "¥1,500.00" in summaries and "¥1,545.00" in summaries
    follow = next(e for e in found if e.decoded("dtstart") == follow_up)
    assert "T-77" in str(follow["description"])
    assert all(e.walk("VALARM") for e in found)
    assert len({str(e["uid"]) for e in found}) == len(found)


def test_the_file_carries_no_story_or_account_data():
    case = CaseFactory(account_hint="9876", hardship_narrative="非常私人的故事")
    body = case_calendar(case=case, contacts=[]).decode()
    assert "9876" not in body and "非常私人的故事" not in body


def test_a_past_due_date_and_corrected_follow_ups_are_left_out():
    now = timezone.now().replace(microsecond=0)
    case = CaseFactory(due_date=timezone.localdate() - dt.timedelta(days=3))
    old = ContactAttemptFactory(
        case=case, occurred_at=now - dt.timedelta(days=2), next_follow_up=now + dt.timedelta(days=1)
    )
    ContactAttemptFactory(
        case=case, corrects=old, occurred_at=old.occurred_at, next_follow_up=now + dt.timedelta(days=4)
    )
    found = events(case_calendar(case=case, contacts=list(case.contacts.all())))
    starts = [e.decoded("dtstart") for e in found]
    assert starts == [now + dt.timedelta(days=4)]


def test_uids_are_stable_so_importing_again_updates():
    case = CaseFactory()
    PaymentFactory(case=case)
    first = [str(e["uid"]) for e in events(case_calendar(case=case, contacts=[]))]
    second = [str(e["uid"]) for e in events(case_calendar(case=case, contacts=[]))]
    assert first == second


def test_dates_at_the_end_of_the_calendar_give_events_without_an_end_instead_of_an_error():
    case = CaseFactory(due_date=dt.date(9999, 12, 31))
    PaymentFactory(case=case, due_on=dt.date(9999, 12, 31), amount=Decimal("1.00"))
    found = events(case_calendar(case=case, contacts=[]))
    assert [e.decoded("dtstart") for e in found] == [dt.date(9999, 12, 31)] * 2
    assert all("DTEND" not in e for e in found)


@pytest.mark.parametrize(
    ("language", "due", "payment"),
    [("zh-hans", "2026年12月10日", "2027年1月5日"), ("en", "10 Dec 2026", "5 Jan 2027")],
)
def test_summaries_naming_a_payment_or_the_due_date_carry_it_written_as_on_the_pages(language, due, payment):
    now = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))
    case = CaseFactory(due_date=dt.date(2026, 12, 10))
    PaymentFactory(case=case, due_on=dt.date(2027, 1, 5), amount=Decimal("1500.00"))
    with translation.override(language):
        found = {
            e.decoded("dtstart"): str(e["summary"])
            for e in events(case_calendar(case=case, contacts=[], now=now))
        }
    assert due in found[dt.date(2026, 12, 10)]
    assert payment in found[dt.date(2027, 1, 5)] and "¥1,500.00" in found[dt.date(2027, 1, 5)]
    # DTSTART stays iCalendar's own date form.
    with translation.override(language):
        body = case_calendar(case=case, contacts=[], now=now).decode()
    assert "DTSTART;VALUE=DATE:20270105" in body
