"""The escalation clocks, with a frozen clock: recording "complaint sent" on day 0 puts the reminders on
days 15 and 30 (60 after an extension); the review window closes 30 days after the answer; a credit-report
dispute is answered within 20 days."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from icalendar import Calendar

from requests_app.models import EscalationStep
from requests_app.services.calendar import case_calendar
from requests_app.services.escalation import escalation_clocks, escalation_step_record
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2026, 12, 1)
Kind = EscalationStep.Kind


def at(day: int):
    """Travel to 10:00 in Shanghai on day `day` after DAY0."""
    moment = dt.datetime.combine(
        DAY0 + dt.timedelta(days=day), dt.time(10), tzinfo=timezone.get_default_timezone()
    )
    return time_machine.travel(moment, tick=False)


def record(case, kind, day, reference=""):
    with at(day):
        return escalation_step_record(
            case=case,
            by=case.owner,
            kind=kind,
            occurred_on=DAY0 + dt.timedelta(days=day),
            reference=reference,
        )


def clocks_on(case, day):
    with at(day):
        return escalation_clocks(steps=EscalationStep.objects.filter(case=case))


def dues(clocks) -> dict[str, int]:
    return {d.code: (d.due - DAY0).days for d in clocks.deadlines}


def test_a_complaint_sent_on_day_0_is_due_on_day_15_and_at_the_latest_day_30():
    case = CaseFactory()
    record(case, Kind.COMPLAINT_SENT, 0, reference="TS-88")

    clocks = clocks_on(case, 0)
    assert dues(clocks) == {"COMPLAINT_SIMPLE_ANSWER": 15, "COMPLAINT_COMPLEX_ANSWER": 30}
    assert clocks.next_due.code == "COMPLAINT_SIMPLE_ANSWER"
    assert all(d.reference == "TS-88" and d.source.url for d in clocks.deadlines)
    assert not clocks.complaint_overdue

    assert clocks_on(case, 15).next_due.state == "today"
    day16 = clocks_on(case, 16)
    assert [d.code for d in day16.passed] == ["COMPLAINT_SIMPLE_ANSWER"]
    assert day16.next_due.code == "COMPLAINT_COMPLEX_ANSWER"
    assert not day16.complaint_overdue

    assert not clocks_on(case, 30).complaint_overdue  # the 30th day is still within time
    day31 = clocks_on(case, 31)
    assert day31.complaint_overdue
    assert day31.next_due is None


def test_an_extension_moves_the_last_day_to_day_60():
    case = CaseFactory()
    record(case, Kind.COMPLAINT_SENT, 0)
    record(case, Kind.COMPLAINT_EXTENDED, 20)

    assert dues(clocks_on(case, 20))["COMPLAINT_EXTENDED_ANSWER"] == 60
    assert not clocks_on(case, 45).complaint_overdue
    assert clocks_on(case, 61).complaint_overdue


def test_the_review_window_closes_30_days_after_the_answer():
    case = CaseFactory()
    record(case, Kind.COMPLAINT_SENT, 0)
    record(case, Kind.COMPLAINT_ANSWERED, 12)

    clocks = clocks_on(case, 12)
    assert dues(clocks) == {"REVIEW_WINDOW_CLOSES": 42}
    assert clocks.review_window_open and not clocks.complaint_overdue
    assert clocks_on(case, 42).review_window_open
    closed = clocks_on(case, 43)
    assert not closed.review_window_open
    assert [d.code for d in closed.passed] == ["REVIEW_WINDOW_CLOSES"]


def test_a_review_is_decided_within_30_days_of_the_request():
    case = CaseFactory()
    record(case, Kind.COMPLAINT_SENT, 0)
    record(case, Kind.COMPLAINT_ANSWERED, 10)
    record(case, Kind.REVIEW_REQUESTED, 25)
    assert dues(clocks_on(case, 25)) == {"REVIEW_DECISION": 55}


def test_a_credit_report_dispute_is_answered_within_20_days():
    case = CaseFactory()
    record(case, Kind.CREDIT_DISPUTE_SENT, 0, reference="ZX-1")
    assert dues(clocks_on(case, 0)) == {"CREDIT_DISPUTE_ANSWER": 20}
    record(case, Kind.CREDIT_DISPUTE_ANSWERED, 18)
    assert dues(clocks_on(case, 18)) == {}


def test_the_calendar_file_carries_the_deadlines_still_ahead():
    case = CaseFactory(due_date=None)
    record(case, Kind.COMPLAINT_SENT, 0, reference="TS-88")
    with at(16):
        ics = case_calendar(case=case, contacts=[]).decode()
    assert "DTSTART;VALUE=DATE:20261231" in ics  # day 30
    assert "DTSTART;VALUE=DATE:20261216" not in ics  # day 15 has passed
    assert "TS-88" in ics


@pytest.mark.parametrize(("language", "written"), [("zh-hans", "2026年12月31日"), ("en", "31 Dec 2026")])
def test_a_deadlines_calendar_summary_carries_its_date_written_as_on_the_pages(language, written):
    case = CaseFactory(due_date=None)
    record(case, Kind.COMPLAINT_SENT, 0)
    with at(16), translation.override(language):
        body = case_calendar(case=case, contacts=[])
    (event,) = [e for e in Calendar.from_ical(body).walk("VEVENT")]
    assert event.decoded("dtstart") == dt.date(2026, 12, 31)
    assert written in str(event["summary"])


def test_a_complaint_date_in_the_future_is_refused_with_a_code_and_nothing_is_saved():
    case = CaseFactory()
    with at(0), pytest.raises(ValidationError) as refused:
        escalation_step_record(
            case=case, by=case.owner, kind=Kind.COMPLAINT_SENT, occurred_on=DAY0 + dt.timedelta(days=1)
        )
    assert refused.value.error_dict["occurred_on"][0].code == "future"
    assert not EscalationStep.objects.exists()


def test_an_answer_needs_a_complaint_first_and_cannot_come_before_it():
    case = CaseFactory()
    with at(5), pytest.raises(ValidationError) as refused:
        escalation_step_record(case=case, by=case.owner, kind=Kind.COMPLAINT_ANSWERED, occurred_on=DAY0)
    assert refused.value.error_dict["kind"][0].code == "nothing_to_answer"
    record(case, Kind.COMPLAINT_SENT, 3)
    with at(5), pytest.raises(ValidationError) as refused:
        escalation_step_record(case=case, by=case.owner, kind=Kind.COMPLAINT_ANSWERED, occurred_on=DAY0)
    assert refused.value.error_dict["occurred_on"][0].code == "before_previous"


def test_too_long_a_reference_or_note_is_refused_not_cut():
    case = CaseFactory()
    with at(0), pytest.raises(ValidationError) as refused:
        escalation_step_record(
            case=case,
            by=case.owner,
            kind=Kind.COMPLAINT_SENT,
            occurred_on=DAY0,
            reference="R" * 81,
            notes="n" * 1001,
        )
    assert {k: v[0].code for k, v in refused.value.error_dict.items()} == {
        "reference": "max_length",
        "notes": "max_length",
    }
