"""On a phone (390 px): the lender makes a counter-offer on a call, the borrower records it, sees it checked
against what they can pay, accepts it, gets the agreed schedule, records a payment, and after a missed one is
prompted to contact the lender with a script."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from requests_app.models import Case, CounterOffer, PaymentRecord, PlanVersion
from requests_app.services.versions import plan_version_record
from tests.e2e.test_borrower_journey import go, no_horizontal_scrolling
from tests.factories import CaseFactory, PaymentFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_counter_offer_to_agreed_schedule_to_payments(phone, live_server):
    page = phone
    today = timezone.localdate()
    owner = UserFactory(username="wang")
    case = CaseFactory(owner=owner, status=Case.Status.READY)  # ¥3,000 due, ¥1,200 a month
    for i in range(3):
        PaymentFactory(case=case, due_on=today + dt.timedelta(days=40 + 31 * i), amount=Decimal("1000.00"))
    plan_version_record(case=case, by=owner)

    page.goto("/accounts/login/")
    page.fill("#id_username", "wang")
    page.fill("#id_password", "correct-horse-battery-staple")
    go(page, "[data-testid=login-form] button[type=submit]")
    page.goto(case.get_absolute_url())

    # The call: they offer 6 payments of ¥520 from today, ¥60 of fees on top.
    go(page, "[data-testid=log-contact]")
    page.check("input[name=channel][value=phone]")
    page.check("input[name=outcome][value=counter_offer]")
    page.fill("#id_offer_periods", "6")
    page.fill("#id_offer_monthly_amount", "520")
    page.fill("#id_offer_fees", "60")
    page.fill("#id_offer_first_payment_on", today.isoformat())
    no_horizontal_scrolling(page)
    go(page, "[data-testid=save-contact]")

    # The case page checks it: fits ¥1,200 a month, ¥3,180 against the plan's ¥3,000.
    offer = page.locator("[data-testid=counter-offer]")
    expect(offer).to_have_attribute("data-fits", "yes")
    expect(offer.locator("[data-testid=their-total]")).to_have_text("¥3,180.00")
    expect(offer.locator("[data-testid=own-total]")).to_have_text("¥3,000.00")
    no_horizontal_scrolling(page)
    go(page, "[data-testid=accept-offer]")

    # Accepted: the agreed schedule with the first payment due today.
    schedule = page.locator("[data-testid=agreed-schedule]")
    expect(schedule).to_be_visible()
    expect(schedule.locator("[data-testid=agreed-payment]")).to_have_count(6)
    expect(page.locator("[data-testid=payment-reminder]")).to_be_visible()
    assert PlanVersion.objects.filter(case=case, origin=PlanVersion.Origin.LENDER).count() == 1
    assert CounterOffer.objects.get().decision == CounterOffer.Decision.ACCEPTED
    no_horizontal_scrolling(page)

    # The second payment is paid early; the first (due today) is missed.
    second = schedule.locator("[data-testid=agreed-payment]").nth(1)
    go(
        page,
        f"[data-testid=agreed-payment][data-due='{second.get_attribute('data-due')}'] [data-testid=record-paid]",
    )
    expect(page.locator("[data-testid=agreed-payment]").nth(1)).to_have_attribute("data-state", "paid")
    go(page, "[data-testid=agreed-payment] >> nth=0 >> [data-testid=record-missed]")
    expect(page.locator("[data-testid=agreed-payment]").nth(0)).to_have_attribute("data-state", "missed")

    # The missed payment prompts a call before the next date, with what to say.
    prompt = page.locator("[data-testid=missed-prompt]")
    expect(prompt).to_be_visible()
    expect(prompt.locator("[data-testid=missed-script] li")).not_to_have_count(0)
    expect(prompt).to_contain_text("¥520.00")
    no_horizontal_scrolling(page)
    assert list(PaymentRecord.objects.order_by("id").values_list("result", flat=True)) == ["paid", "missed"]
    assert page.js_errors == []
