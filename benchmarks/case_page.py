"""The case page, in-process (test client): its time with 2 and with 20 contacts listed, and its queries.

`make bench` runs with DEBUG on. Two yardsticks come from the same run: "My cases" (GET /cases/), a
small page through the same middleware, and the same case page with only 2 contacts. The load test
(`make loadtest`) measures the page under load; this one measures the CPU one view costs, which a shared
machine's load test cannot tell apart below about 2×. The benchmark builds its own demo case
(benchmarks.pdf.demo_case) inside a transaction that is rolled back.
"""

import datetime as dt
import statistics
import time

from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import ContactAttempt
from requests_app.services.contact_history import TIMELINE_SHOWN

from .pdf import demo_case

VIEWS = 30


def _timed(client: Client, url: str) -> list[float]:
    """`url`'s times, after one view that is not timed (the first pays for loading templates)."""
    client.get(url)
    timings = []
    for _ in range(VIEWS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return timings


def _ms(timings: list[float]) -> str:
    return f"{statistics.median(timings) * 1000:.1f} ms (min {min(timings) * 1000:.1f})"


def run() -> list[tuple[str, str]]:
    results = []
    with transaction.atomic():
        case = demo_case()
        client = Client(HTTP_HOST="localhost")
        client.force_login(case.owner)
        page = case.get_absolute_url()
        my_cases = _timed(client, reverse("requests_app:case_list"))
        results.append((f"My cases, median of {VIEWS} (yardstick, same run)", _ms(my_cases)))
        few = _timed(client, page)
        results.append((f"case page, 2 contacts, median of {VIEWS}", _ms(few)))

        now = timezone.now()
        for index in range(TIMELINE_SHOWN - 2):
            ContactAttempt.objects.create(
                case=case,
                channel=ContactAttempt.Channel.PHONE,
                occurred_at=now - dt.timedelta(hours=index + 1),
                agent_id="A1024",
                ticket_number=f"20261124-{index:04d}",
                outcome=ContactAttempt.Outcome.CALL_BACK,
                notes="客服说三个工作日内回电，让我准备好收入证明。",
            )
        reset_queries()  # as each request does first: the capture counts from an empty log
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        queries = len(captured)  # now: the capture reads the connection's log, which the next request clears
        results.append(
            (
                f"case page, {TIMELINE_SHOWN} contacts, first view (entries rendered)",
                f"{(time.perf_counter() - started) * 1000:.1f} ms",
            )
        )
        many = _timed(client, page)
        results.append((f"case page, {TIMELINE_SHOWN} contacts, median of {VIEWS}", _ms(many)))
        results.append((f"case page, {TIMELINE_SHOWN} contacts: queries", str(queries)))
        results.append(
            (
                f"case page with {TIMELINE_SHOWN} contacts / My cases",
                f"{statistics.median(many) / statistics.median(my_cases):.2f}×",
            )
        )
        transaction.set_rollback(True)
    return results
