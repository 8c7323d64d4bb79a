"""The borrowers of `make loadtest` (scripts/loadtest.py starts this with locust, headless).

Each simulated person logs in with one of the prepared accounts (LOADTEST_ACCOUNTS) and, with a short pause
between actions, lists their cases, opens their case, saves a wizard step, logs contacts and downloads the
PDF. Every contact carries a unique marker in its notes; one in five is sent twice at the same moment with
the same form token, as a double tap does. The markers of the contacts whose POST was answered with the redirect
(saved), the timings of every request and the 5xx count go to LOADTEST_RESULTS when the run stops.
"""

import json
import os
import re
import time
import uuid
from collections import defaultdict
from itertools import count
from pathlib import Path

from gevent.pool import Group
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
RESULTS = os.environ["LOADTEST_RESULTS"]

_next_account = count()
timings: dict[str, list[float]] = defaultdict(list)
server_errors: dict[str, int] = defaultdict(int)
failures: dict[str, int] = defaultdict(int)
contacts_saved: list[str] = []
#: The PDF downloads served from the store (rendered ahead), those that waited for the worker's render under
#: way (ms waited each) and those rendered at the download (ms each).
pdf_served_stored = 0
pdf_waited_ms: list[float] = []
pdf_rendered_ms: list[float] = []
double_taps = 0
first_request: float | None = None
last_request: float | None = None


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not match:
        raise ValueError(f"no {name} in the page")
    return match.group(1)


@events.request.add_listener
def record(request_type, name, response_time, response, exception, **kwargs):
    global first_request, last_request
    now = time.monotonic()
    first_request = first_request or now - response_time / 1000
    last_request = now
    timings[name].append(response_time)
    if response is not None and response.status_code >= 500:
        server_errors[name] += 1
    if exception is not None:
        failures[name] += 1


@events.test_stop.add_listener
def write_results(**kwargs):
    elapsed = (last_request - first_request) if first_request and last_request else 0
    with open(RESULTS, "w", encoding="utf-8") as out:
        json.dump(
            {
                "timings": timings,
                "server_errors": server_errors,
                "failures": failures,
                "contacts_saved": contacts_saved,
                "double_taps": double_taps,
                "pdf_served_stored": pdf_served_stored,
                "pdf_waited_ms": pdf_waited_ms,
                "pdf_rendered_ms": pdf_rendered_ms,
                "elapsed_seconds": max(elapsed, 0.001),
            },
            out,
        )


class Borrower(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.case_url = f"/cases/{self.account['case']}/"
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        with self.client.post(
            "/accounts/login/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken"),
            },
            name="POST /accounts/login/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in answered {response.status_code}")

    def expect(self, response, status: int):
        if response.status_code != status:
            response.failure(f"expected {status}, got {response.status_code}")
        else:
            response.success()

    @task(4)
    def my_cases(self):
        with self.client.get("/cases/", name="GET /cases/", catch_response=True) as response:
            self.expect(response, 200)

    @task(4)
    def case_page(self):
        with self.client.get(self.case_url, name="GET /cases/[id]/", catch_response=True) as response:
            self.expect(response, 200)

    @task(2)
    def save_a_wizard_step(self):
        url = f"{self.case_url}edit/finances/"
        page = self.client.get(url, name="GET /cases/[id]/edit/finances/")
        data = {
            **self.account["finances"],
            "version": hidden(page.text, "version"),
            "csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken"),
            "action": "next",
        }
        with self.client.post(
            url, data, name="POST /cases/[id]/edit/finances/", allow_redirects=False, catch_response=True
        ) as response:
            self.expect(response, 302)

    @task(2)
    def log_a_contact(self):
        global double_taps
        url = f"{self.case_url}contacts/new/"
        page = self.client.get(url, name="GET /cases/[id]/contacts/new/")
        marker = f"loadtest-{uuid.uuid4().hex}"
        data = {
            "csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken"),
            "idempotency_key": hidden(page.text, "idempotency_key"),
            "occurred_at": hidden(page.text, "occurred_at"),
            "channel": "phone",
            "outcome": "call_back",
            "agent_id": "A1024",
            "ticket_number": marker[-8:],
            "notes": marker,
        }

        def send():
            with self.client.post(
                url, data, name="POST /cases/[id]/contacts/new/", allow_redirects=False, catch_response=True
            ) as response:
                self.expect(response, 302)
                if response.status_code == 302 and marker not in contacts_saved:
                    contacts_saved.append(marker)

        if uuid.uuid4().int % 5 == 0:
            # A double tap: the same form sent twice at the same moment, both in flight together.
            double_taps += 1
            taps = Group()
            taps.spawn(send)
            taps.spawn(send)
            taps.join()
        else:
            send()

    @task(1)
    def download_the_pdf(self):
        global pdf_served_stored
        with self.client.get(
            f"{self.case_url}plan.pdf", name="GET /cases/[id]/plan.pdf", catch_response=True
        ) as response:
            if response.status_code == 200 and not response.content.startswith(b"%PDF"):
                response.failure("not a PDF")
            else:
                self.expect(response, 200)
            # The view says whether the PDF was ready, waited for or rendered now (and how long that took).
            timing = response.headers.get("Server-Timing", "")
            rendered = re.search(r'desc="rendered";dur=([0-9.]+)', timing)
            waited = re.search(r'desc="waited";dur=([0-9.]+)', timing)
            if rendered:
                pdf_rendered_ms.append(float(rendered.group(1)))
            elif waited:
                pdf_waited_ms.append(float(waited.group(1)))
            elif 'desc="stored"' in timing:
                pdf_served_stored += 1
