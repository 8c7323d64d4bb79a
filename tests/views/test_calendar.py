"""The calendar download of a case."""

import pytest
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def test_the_calendar_is_an_ics_download_with_the_payments(logged_in, ready_case):
    response = logged_in.get(reverse("requests_app:case_calendar", args=[ready_case.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"] and ".ics" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    starts = {e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert {p.due_on for p in ready_case.payments.all()} <= starts
    assert ready_case.get_absolute_url() in response.content.decode().replace("\r\n ", "")
