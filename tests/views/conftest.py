import datetime as dt

import pytest
from django.utils import timezone

from requests_app.services.cases import case_mark_ready, case_schedule_replace
from requests_app.services.schedule import suggest_schedule_for_case
from tests.factories import CaseFactory


def make_ready_case(**fields):
    """A complete case with a fitting schedule, marked ready."""
    case = CaseFactory(**fields)
    saved = case_schedule_replace(
        case=case,
        payments=suggest_schedule_for_case(case).payments,
        expected_version=case.version,
        by=case.owner,
    )
    case_mark_ready(case=saved.case, by=case.owner)
    case.refresh_from_db()
    return case


@pytest.fixture
def ready_case(borrower):
    return make_ready_case(owner=borrower)


@pytest.fixture
def logged_in(client, borrower):
    client.force_login(borrower)
    return client


def soon(days=0, hours=0):
    return timezone.now() + dt.timedelta(days=days, hours=hours)


def local_input(moment):
    """A datetime as a datetime-local input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
