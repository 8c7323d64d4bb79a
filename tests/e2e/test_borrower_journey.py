"""A new borrower on a phone: sign up, make a plan that falls short, fix it with "work it out", reach a
ready case, log two contacts and see the follow-up. Another borrower cannot reach any of it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import Case, ContactAttempt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def go(page, selector):
    """Click something that submits or navigates, and wait for the next page."""
    with page.expect_navigation():
        page.click(selector)


def no_horizontal_scrolling(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def sign_up(page, username):
    page.goto("/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_email", f"{username}@example.com")
    page.fill("#id_password1", "a-very-good-pass-77")
    page.fill("#id_password2", "a-very-good-pass-77")
    page.check("#id_consent")
    go(page, "[data-testid=signup-submit]")
    # Nothing is created yet: the person opens the link mailed to them and confirms.
    expect(page.get_by_test_id("signup-sent")).to_be_visible()
    body = next(m.body for m in reversed(mail.outbox) if m.to == [f"{username}@example.com"])
    page.goto(re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", body).group(1))
    no_horizontal_scrolling(page)
    go(page, "[data-testid=signup-confirm]")


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def log_contact(page, *, channel: str, outcome: str, agent: str, follow_up: dt.datetime):
    go(page, "[data-testid=log-contact]")
    no_horizontal_scrolling(page)
    page.check(f"input[name=channel][value={channel}]")
    page.check(f"input[name=outcome][value={outcome}]")
    page.fill("#id_agent_id", agent)
    page.fill("#id_ticket_number", "T-20261125")
    page.fill("#id_next_follow_up", local(follow_up))
    go(page, "[data-testid=save-contact]")


def test_a_borrower_makes_a_plan_that_adds_up_and_keeps_a_record(phone, live_server, browser):
    page = phone
    today = timezone.localdate()
    sign_up(page, "lin")
    assert page.url.endswith("/cases/new/")

    # Step 1: the bill. The account number is typed in full; only its last four characters are kept.
    no_horizontal_scrolling(page)
    page.select_option("#id_lender", label="花呗")
    page.fill("#id_amount_due", "3000")
    page.fill("#id_due_date", (today + dt.timedelta(days=10)).isoformat())
    page.fill("#id_account_hint", "6222 0210 0000 1234")
    go(page, "[data-testid=next]")

    # Step 2: the installment fields appear only for installments.
    installment_fields = page.locator("[data-installment-fields]")
    page.check("input[name=repayment_mode][value=installments]")
    expect(installment_fields).to_be_visible()
    page.check("input[name=repayment_mode][value=full]")
    expect(installment_fields).to_be_hidden()
    no_horizontal_scrolling(page)
    go(page, "[data-testid=next]")

    # Step 3: what happened.
    page.check("input[name=hardship_category][value=job_loss]")
    page.fill("#id_hardship_since", (today - dt.timedelta(days=40)).isoformat())
    page.fill("#id_hardship_narrative", "公司裁员，我上个月失业了，正在找工作，下个月有一份新工作可以入职。")
    page.check("input[name=evidence][value=termination_letter]")
    no_horizontal_scrolling(page)
    go(page, "[data-testid=next]")

    # Step 4: the offer comes from the household budget, made once and kept for every debt.
    go(page, "[data-testid=make-budget]")
    no_horizontal_scrolling(page)
    page.fill("#id_household_size", "2")
    page.fill("#id_income_salary", "4000")
    page.fill("#id_spend_food", "1000")
    page.fill("#id_spend_housing", "800")
    page.fill("#id_spend_transport", "400")
    page.fill("#id_spend_other", "300")
    page.select_option("#id_commitments-0-kind", "other_debt")
    page.fill("#id_commitments-0-monthly_payment", "300")
    go(page, "[data-testid=save-budget]")
    assert "/edit/finances/" in page.url
    expect(page.locator("[data-testid=capacity]")).to_have_text("¥1,200.00")
    no_horizontal_scrolling(page)
    go(page, "[data-testid=next]")

    # Step 5: a schedule that falls short; the running total says so as it is typed.
    page.fill("#id_requested_deferral_days", "30")
    first_date = (today + dt.timedelta(days=45)).isoformat()
    page.fill("#id_payments-0-due_on", first_date)
    page.fill("#id_payments-0-amount", "1000")
    page.click("[data-add-row]")
    page.fill("#id_payments-1-due_on", (today + dt.timedelta(days=75)).isoformat())
    page.fill("#id_payments-1-amount", "1000")
    expect(page.locator("[data-testid=schedule-total]")).to_have_text("¥2,000.00")
    expect(page.locator("[data-testid=schedule-gap]")).to_contain_text("还差 ¥1,000.00")
    # the severity the page paints is the checks' own (SCHEDULE_SHORT is an error)
    expect(page.locator("[data-testid=schedule-gap]")).to_have_attribute("data-severity", "error")
    no_horizontal_scrolling(page)
    go(page, "[data-testid=next]")

    # Step 6: the finding, with a link to the schedule.
    short = page.locator("[data-code=SCHEDULE_SHORT]")
    expect(short).to_be_visible()
    no_horizontal_scrolling(page)
    go(page, "[data-code=SCHEDULE_SHORT] [data-testid=finding-link]")
    assert "/edit/schedule/#schedule-rows" in page.url

    # "Work it out for me" fills a schedule that repays everything.
    go(page, "[data-testid=suggest]")
    expect(page.locator("[data-testid=schedule-gap]")).to_have_text("刚好还清")
    expect(page.locator("[data-testid=schedule-total]")).to_have_text("¥3,000.00")
    go(page, "[data-testid=next]")
    expect(page.locator("[data-severity=error]")).to_have_count(0)
    go(page, "[data-testid=finish]")

    # The case is ready.
    expect(page.locator("[data-testid=case-status]")).to_have_attribute("data-status", "ready")
    expect(page.locator("[data-testid=schedule-chart] svg")).to_be_visible()
    no_horizontal_scrolling(page)
    case = Case.objects.get(owner__username="lin")
    assert case.account_hint == "1234" and case.status == Case.Status.READY

    # Two contacts; the follow-up of the latest shows on the case and on my cases.
    now = timezone.now()
    log_contact(
        page, channel="phone", outcome="call_back", agent="A1024", follow_up=now + dt.timedelta(days=2)
    )
    log_contact(
        page, channel="chat", outcome="documents_requested", agent="C77", follow_up=now + dt.timedelta(days=1)
    )
    expect(page.locator("[data-testid=contact-entry]")).to_have_count(2)
    expect(page.locator("[data-testid=follow-up]")).to_be_visible()
    expect(page.locator("[data-testid=case-status]")).to_have_attribute("data-status", "contacted")
    assert ContactAttempt.objects.filter(case=case).count() == 2
    no_horizontal_scrolling(page)
    page.goto("/cases/")
    follow_up_text = timezone.localtime(now + dt.timedelta(days=1)).strftime("%H:%M")
    expect(page.locator("[data-testid=case-follow-up]")).to_contain_text(follow_up_text)
    no_horizontal_scrolling(page)

    # Someone else: 404 on the case, its PDF and its contact form.
    other = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url
    )
    intruder = other.new_page()
    sign_up(intruder, "wang")
    for path in (
        f"/cases/{case.public_id}/",
        f"/cases/{case.public_id}/plan.pdf",
        f"/cases/{case.public_id}/contacts/new/",
    ):
        response = intruder.goto(path)
        assert response.status == 404, path
    other.close()
    assert not page.js_errors, page.js_errors


def test_every_borrower_page_fits_a_phone_and_a_desktop(phone, browser, live_server):
    page = phone
    sign_up(page, "zhou")
    case_pages = []
    page.select_option("#id_lender", index=1)
    page.fill("#id_amount_due", "12000")
    page.fill("#id_due_date", (timezone.localdate() + dt.timedelta(days=2)).isoformat())
    go(page, "[data-testid=next]")
    case_id = re.search(r"/cases/([0-9a-f-]+)/", page.url).group(1)
    for step in ("lender", "mode", "hardship", "finances", "schedule", "review"):
        case_pages.append(f"/cases/{case_id}/edit/{step}/")
    case_pages += [f"/cases/{case_id}/", f"/cases/{case_id}/contacts/new/", "/cases/", "/", "/privacy/"]
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in case_pages:
            page.goto(path)
            no_horizontal_scrolling(page)
    assert not page.js_errors, page.js_errors
