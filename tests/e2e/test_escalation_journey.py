"""A borrower on a phone (390 px) whose lender refused twice: the case page suggests asking it to
reconsider; after that letter, a complaint; the complaint is recorded as sent a month ago, its deadline has
passed, and the page turns to the regulator's text. Every page fits the screen, the scam warning is there
before each letter, and each downloaded letter is in the case history."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import EscalationStep, LetterDownload
from tests.e2e.test_borrower_journey import go, local, no_horizontal_scrolling, sign_up
from tests.views.conftest import make_ready_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_refusal(page, *, days_ago: int, agent: str, ticket: str):
    go(page, "[data-testid=log-contact]")
    page.check("input[name=channel][value=phone]")
    page.fill("#id_occurred_at", local(timezone.now() - dt.timedelta(days=days_ago)))
    page.check("input[name=outcome][value=refused]")
    page.fill("#id_agent_id", agent)
    page.fill("#id_ticket_number", ticket)
    go(page, "[data-testid=save-contact]")


def download(page, selector) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return open(info.value.path(), "rb").read()


def test_refused_twice_then_reconsideration_then_complaint_then_the_regulator(phone, live_server):
    page = phone
    sign_up(page, "zhou")
    case = make_ready_case(owner=get_user_model().objects.get(username="zhou"))
    page.goto(case.get_absolute_url())

    log_refusal(page, days_ago=40, agent="A1024", ticket="T-0001")
    log_refusal(page, days_ago=36, agent="C3301", ticket="T-0002")
    suggestion = page.locator("[data-testid=letter-suggestion]")
    expect(suggestion).to_have_attribute("data-code", "REFUSED")
    expect(suggestion).to_have_attribute("data-letter", "reconsideration")
    no_horizontal_scrolling(page)

    # The reconsideration letter: the scam warning first, the two refusals cited, the PDF downloaded.
    go(page, "[data-testid=open-suggested-letter]")
    expect(page.locator("[data-testid=scam-warning]")).to_be_visible()
    preview = page.locator("[data-testid=letter-preview]")
    expect(preview).to_contain_text("C3301")
    expect(preview).to_contain_text("T-0001")
    expect(page.locator("[data-testid=letter-script]")).to_be_visible()
    no_horizontal_scrolling(page)
    assert download(page, "[data-testid=download-letter]").startswith(b"%PDF")

    page.goto(case.get_absolute_url())
    expect(suggestion).to_have_attribute("data-letter", "complaint")

    # The complaint, recorded as sent 31 days ago: its last day has passed.
    go(page, "[data-testid=open-suggested-letter]")
    expect(page.locator("[data-testid=scam-warning]")).to_be_visible()
    expect(page.locator("[data-testid=letter-timeline] tbody tr")).to_have_count(2)
    no_horizontal_scrolling(page)
    go(page, "[data-testid=record-step]")
    expect(page.locator("input[name=kind][value=complaint_sent]")).to_be_checked()
    expect(page.locator("[data-testid=scam-warning]")).to_be_visible()
    sent = timezone.localdate() - dt.timedelta(days=31)
    page.fill("#id_occurred_on", sent.isoformat())
    page.fill("#id_reference", "TS-2026-1107")
    no_horizontal_scrolling(page)
    go(page, "[data-testid=save-escalation]")

    expect(page.locator("[data-testid=deadline-passed]")).to_have_attribute(
        "data-code", "COMPLAINT_COMPLEX_ANSWER"
    )
    expect(suggestion).to_have_attribute("data-code", "COMPLAINT_UNANSWERED")
    expect(suggestion).to_have_attribute("data-letter", "regulator")
    no_horizontal_scrolling(page)

    # The regulator's text: the institution, the complaint number, no answer after 31 days.
    go(page, "[data-testid=open-suggested-letter]")
    preview = page.locator("[data-testid=letter-preview]")
    expect(preview).to_contain_text("12378")
    expect(preview).to_contain_text("TS-2026-1107")
    expect(preview).to_contain_text("31 天")
    no_horizontal_scrolling(page)
    assert page.js_errors == []

    assert EscalationStep.objects.get(case=case).occurred_on == sent
    assert list(LetterDownload.objects.filter(case=case).values_list("letter_type", flat=True)) == [
        "reconsideration"
    ]
