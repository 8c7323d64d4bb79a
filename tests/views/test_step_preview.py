"""The wizard's live figures come from the server: what the page shows as the person types is what the
services compute, with the same verdict and severity as the checks (the browser adds nothing up)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from requests_app.models import Case
from requests_app.services.cases import case_schedule_replace
from requests_app.services.schedule import ScheduledPayment, add_months
from requests_app.services.validation import RULES, validate
from tests.factories import CaseFactory
from tests.wording import said

pytestmark = pytest.mark.django_db
D = Decimal


def preview_url(case, step):
    return reverse("requests_app:case_step_preview", args=[case.public_id, step])


def monthly_dates(case, count):
    start = case.due_date + dt.timedelta(days=case.requested_deferral_days + 1)
    return [add_months(start, month) for month in range(count)]


def rows_data(rows):
    data = {"payments-TOTAL_FORMS": str(len(rows)), "payments-INITIAL_FORMS": "0"}
    for index, (due_on, amount) in enumerate(rows):
        data[f"payments-{index}-due_on"] = due_on.isoformat() if due_on else ""
        data[f"payments-{index}-amount"] = amount
    return data


def gap_of(html):
    tag = re.search(r'<span data-testid="schedule-gap"[^>]*>', html).group(0)
    severity = re.search(r'data-severity="([^"]*)"', tag).group(1)
    code = re.search(r'data-code="([^"]*)"', tag)
    return severity, code.group(1) if code else None


@pytest.fixture
def case(borrower):
    # ¥3,000 due (the ¥45 of estimated charges are a risk, never part of the plan); ¥1,200 a month to offer
    return CaseFactory(owner=borrower)


@pytest.mark.parametrize(
    "amounts, severity, code",
    [
        (["1000", "1000"], "error", "SCHEDULE_SHORT"),
        (["1000", "1000", "1045"], "warning", "SCHEDULE_OVER"),
        (["1000", "1000", "1000"], "ok", None),
    ],
)
def test_the_live_total_has_the_severity_the_checks_give_the_same_plan(client, case, amounts, severity, code):
    client.force_login(case.owner)
    rows = list(zip(monthly_dates(case, len(amounts)), amounts, strict=True))
    response = client.post(
        preview_url(case, "schedule"), {"requested_deferral_days": "30", **rows_data(rows)}
    )
    assert response.status_code == 200
    assert gap_of(response.content.decode()) == (severity, code)

    saved = case_schedule_replace(
        case=case,
        payments=[ScheduledPayment(due_on=d, amount=D(a)) for d, a in rows],
        expected_version=case.version,
        by=case.owner,
    ).case
    totals = [f for f in validate(saved) if f.code in ("SCHEDULE_SHORT", "SCHEDULE_OVER")]
    assert [(f.severity, f.code) for f in totals] == ([(severity, code)] if code else [])
    if code:
        assert RULES[code].severity == severity


def test_the_live_total_says_in_chinese_how_much_is_missing(client, case):
    client.force_login(case.owner)
    rows = list(zip(monthly_dates(case, 2), ["1000", "1000"], strict=True))
    html = client.post(
        preview_url(case, "schedule"), {"requested_deferral_days": "30", **rows_data(rows)}
    ).content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # amounts are wrapped to keep them on one line
    assert "¥2,000.00" in text and said("Short by %(amount)s", amount="¥1,000.00") in text


def test_rows_in_a_month_over_the_offer_are_marked_even_when_each_payment_fits(client, case):
    client.force_login(case.owner)
    first = monthly_dates(case, 1)[0]
    rows = [(first, "700"), (first + dt.timedelta(days=1), "700"), (add_months(first, 1), "700")]
    html = client.post(
        preview_url(case, "schedule"), {"requested_deferral_days": "30", **rows_data(rows)}
    ).content.decode()
    assert 'data-over-rows="0 1"' in html


def test_the_deferral_typed_never_adds_estimated_charges_to_what_must_be_repaid(client, case):
    client.force_login(case.owner)
    html = client.post(
        preview_url(case, "schedule"), {"requested_deferral_days": "60", **rows_data([])}
    ).content.decode()
    assert 'data-to-repay-text="¥3,000.00"' in html  # 60 days of charges (¥90) are a risk, not the offer


def test_the_preview_saves_nothing(client, case):
    client.force_login(case.owner)
    rows = list(zip(monthly_dates(case, 2), ["1000", "1000"], strict=True))
    client.post(preview_url(case, "schedule"), {"requested_deferral_days": "90", **rows_data(rows)})
    # The offer step has nothing typed to preview (the offer is the budget's share): no such preview.
    assert client.post(preview_url(case, "finances"), {"offer_override": "1"}).status_code == 404
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.version, fresh.requested_deferral_days, fresh.offer_override) == (1, 30, None)
    assert not fresh.payments.exists()


def test_an_unknown_step_has_no_preview(client, case):
    client.force_login(case.owner)
    assert client.post(preview_url(case, "hardship"), {}).status_code == 404
