"""My cases and the case page: what they show, and a number of queries that does not grow with the data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, LetterDownload
from requests_app.services.cases import case_schedule_replace
from requests_app.services.contact_history import TIMELINE_SHOWN
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.letters.next_letter import DOWNLOADS_SHOWN
from requests_app.services.schedule import ScheduledPayment
from tests.factories import (
    CaseFactory,
    ContactAttemptFactory,
    LenderChannelFactory,
    PaymentFactory,
    counselor,
)
from tests.wording import said, said_plural

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def cases_with_contacts(owner, count):
    for index in range(count):
        case = CaseFactory(owner=owner, due_date=today() + dt.timedelta(days=index - 2))
        PaymentFactory(case=case, due_on=today() + dt.timedelta(days=40), amount=Decimal("3000"))
        ContactAttemptFactory(case=case, next_follow_up=timezone.now() + dt.timedelta(days=1))


def test_my_cases_lists_only_my_own(logged_in, borrower, other_borrower):
    mine = CaseFactory(owner=borrower)
    theirs = CaseFactory(owner=other_borrower)
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert str(mine.public_id) in page and str(theirs.public_id) not in page


def test_my_cases_shows_urgency_first_with_the_next_payment_and_follow_up(logged_in, borrower):
    calm = CaseFactory(owner=borrower, due_date=today() + dt.timedelta(days=20))
    overdue = CaseFactory(owner=borrower, due_date=today() - dt.timedelta(days=4))
    PaymentFactory(case=calm, due_on=today() + dt.timedelta(days=50), amount=Decimal("1234.00"))
    ContactAttemptFactory(case=calm, next_follow_up=timezone.now() + dt.timedelta(days=2))
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert page.index(str(overdue.public_id)) < page.index(str(calm.public_id))
    assert page.count('data-urgency="overdue"') == 1
    assert (
        said_plural(
            "Overdue by %(days)s day: contact your lender today.",
            "Overdue by %(days)s days: contact your lender today.",
            4,
            days=4,
        )
        in page
    )
    assert "¥1,234.00" in page
    assert 'data-urgency="overdue"' in page


def test_my_cases_offers_continue_for_a_draft_at_the_step_it_was_left(logged_in, borrower):
    draft = CaseFactory(owner=borrower, wizard_step="finances")
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert reverse("requests_app:case_step", args=[draft.public_id, "finances"]) in page
    assert said("Continue: %(step)s", step=said("Your money")) in page


def test_my_cases_offers_continue_for_a_plan_sent_back_for_changes(logged_in, borrower):
    sent_back = CaseFactory(owner=borrower, status=Case.Status.NEEDS_CHANGES, wizard_step="schedule")
    calm = CaseFactory(owner=borrower, status=Case.Status.CONTACTED, wizard_step="review")
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert reverse("requests_app:case_step", args=[sent_back.public_id, "schedule"]) in page
    assert reverse("requests_app:case_step", args=[calm.public_id, "review"]) not in page
    assert page.count('data-testid="continue"') == 1


def test_an_empty_list_invites_a_first_request(logged_in):
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert said("No requests yet.") in page and reverse("requests_app:case_create") in page


@pytest.mark.parametrize("count", [1, 20])
def test_my_cases_needs_the_same_few_queries_for_1_or_20_cases(
    logged_in, borrower, count, django_assert_max_num_queries
):
    cases_with_contacts(borrower, count)
    with django_assert_max_num_queries(7 + 3):  # + the household plan (budget, payments made first, cases)
        response = logged_in.get(reverse("requests_app:case_list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="case-card"') == count


def add_contacts(case, count):
    for index in range(count):
        ContactAttemptFactory(
            case=case,
            occurred_at=timezone.now() - dt.timedelta(hours=count - index),
            next_follow_up=timezone.now() + dt.timedelta(days=1),
        )


@pytest.mark.parametrize("contacts", [1, 20])
def test_the_case_page_needs_the_same_few_queries_for_1_or_20_contacts(
    logged_in, ready_case, contacts, django_assert_max_num_queries
):
    add_contacts(ready_case, contacts)
    # + the household plan and its offer moves, + the letter downloads and the escalation steps, + the lender's channels
    with django_assert_max_num_queries(11 + 4 + 3):
        response = logged_in.get(ready_case.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="contact-entry"') == contacts


def test_the_case_page_shows_the_plan_chart_costs_and_links(logged_in, ready_case):
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert 'data-testid="schedule-chart"' in page and "<svg" in page and "<rect" in page
    assert 'class="chart-capacity"' in page
    assert 'data-testid="cost-of-waiting"' in page and "¥1.50" in page  # 0.05% a day of ¥3,000
    assert reverse("requests_app:contact_create", args=[ready_case.public_id]) in page
    assert reverse("requests_app:case_calendar", args=[ready_case.public_id]) in page
    assert 'data-status="ready"' in page


def test_the_plan_figures_label_the_number_of_payments_not_the_payments(logged_in, ready_case):
    count = ready_case.payments.count()
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert f'{said("Number of payments")}</div><div class="fw-semibold">{count}</div>' in page
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert f'Number of payments</div><div class="fw-semibold">{count}</div>' in page


def test_a_payment_above_capacity_is_drawn_as_such(logged_in, borrower):
    case = CaseFactory(owner=borrower)
    PaymentFactory(case=case, due_on=today() + dt.timedelta(days=40), amount=Decimal("3045"))
    page = logged_in.get(case.get_absolute_url()).content.decode()
    assert "chart-bar-over" in page
    assert 'data-code="PAYMENT_OVER_CAPACITY"' in page


def test_a_due_follow_up_shows_a_banner(logged_in, ready_case):
    ContactAttemptFactory(
        case=ready_case,
        occurred_at=timezone.now() - dt.timedelta(days=3),
        next_follow_up=timezone.now() - dt.timedelta(hours=2),
        ticket_number="T-555",
    )
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert 'data-testid="follow-up-due"' in page and "T-555" in page


def test_the_page_shows_what_changed_since_the_plan_was_last_presented(logged_in, ready_case, borrower):
    import uuid

    contact_attempt_record(
        case=ready_case,
        by=borrower,
        idempotency_key=uuid.uuid4(),
        channel="phone",
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        outcome="call_back",
    )
    ready_case.refresh_from_db()
    payments = [ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in ready_case.payments.all()]
    payments[-1] = ScheduledPayment(
        due_on=payments[-1].due_on + dt.timedelta(days=31), amount=payments[-1].amount
    )
    case_schedule_replace(
        case=ready_case, payments=payments, expected_version=ready_case.version, by=borrower
    )
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert 'data-testid="plan-changes"' in page
    assert said("version %(number)s", number=1) in page


def test_a_counselor_can_see_a_case_but_gets_no_edit_links(client, ready_case):
    client.force_login(counselor())
    page = client.get(ready_case.get_absolute_url()).content.decode()
    assert 'data-testid="log-contact"' not in page and 'data-testid="change-plan"' not in page


def test_user_text_on_the_case_page_is_escaped(logged_in, borrower):
    case = CaseFactory(owner=borrower)
    ContactAttemptFactory(case=case, notes="<img src=x onerror=alert(1)>", agent_id="<b>A</b>")
    page = logged_in.get(case.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>A</b>" not in page


def test_a_draft_case_page_offers_to_continue(logged_in, borrower):
    case = CaseFactory(owner=borrower, status=Case.Status.DRAFT, wizard_step="schedule")
    page = logged_in.get(case.get_absolute_url()).content.decode()
    assert reverse("requests_app:case_step", args=[case.public_id, "schedule"]) in page


def test_switching_language_on_a_case_page_comes_back_to_it_in_english(logged_in, ready_case):
    url = ready_case.get_absolute_url()
    page = logged_in.get(url).content.decode()
    assert f'name="next" value="{url}"' in page
    response = logged_in.post(reverse("set_language"), {"language": "en", "next": url}, follow=True)
    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    assert said("Your plan", language="en") in page and said("Your plan") not in page


def service_calls(client, url):
    """(queries, the services the view itself called, how many times the plan was assessed) for a GET."""
    import sys

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from_view, assessed = [], []

    def profile(frame, event, arg):
        if event != "call":
            return
        module = frame.f_globals.get("__name__", "")
        if not module.startswith("requests_app.services"):
            return
        if frame.f_code.co_name == "plan_assessment":
            assessed.append(module)
        caller = frame.f_back
        if caller is not None and caller.f_globals.get("__name__", "").startswith("requests_app.views"):
            from_view.append(f"{module.rsplit('.', 1)[-1]}.{frame.f_code.co_name}")

    with CaptureQueriesContext(connection) as queries:
        sys.setprofile(profile)
        try:
            response = client.get(url)
        finally:
            sys.setprofile(None)
    assert response.status_code == 200
    return len(queries), from_view, len(assessed)


def test_the_case_page_makes_one_read_and_the_same_queries_whatever_the_payments_and_contacts(
    logged_in, borrower
):
    small, large = CaseFactory(owner=borrower), CaseFactory(owner=borrower)
    for case, payments, contacts in ((small, 1, 1), (large, 12, 10)):
        start = case.due_date + dt.timedelta(days=case.requested_deferral_days)
        for month in range(payments):
            PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * month), amount=Decimal("250"))
        add_contacts(case, contacts)
    small_queries, small_calls, small_assessed = service_calls(logged_in, small.get_absolute_url())
    large_queries, large_calls, large_assessed = service_calls(logged_in, large.get_absolute_url())
    # + the household plan and its offer moves, + the letter downloads and the escalation steps, + the lender's channels
    assert small_queries == large_queries <= 11 + 4 + 3
    assert (
        small_calls
        == large_calls
        == ["access.cases_for", "case_page.case_page_queryset", "case_page.case_page"]
    )
    assert small_assessed == large_assessed == 1


def test_the_case_page_puts_the_next_step_first_with_the_hotline_to_tap(logged_in, ready_case):
    LenderChannelFactory(lender=ready_case.lender, contact="95188")
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()

    next_action = page.index('data-testid="next-action"')
    assert 'data-step="contact_lender"' in page
    assert next_action < page.index('id="contact-lender-title"') < page.index('id="plan-title"')
    assert re.search(r'href="tel:95188" data-testid="next-action-primary"', page)


def test_the_case_page_shows_the_hardship_as_written_folded(logged_in, ready_case):
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    story = page[page.index('data-testid="hardship-story"') :]
    assert story.index("<summary") < story.index(ready_case.hardship_narrative) < story.index("</details>")


def test_a_long_negotiation_lists_the_newest_contacts_and_offers_the_rest(logged_in, ready_case):
    add_contacts(ready_case, TIMELINE_SHOWN + 5)
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert page.count('data-testid="contact-entry"') == TIMELINE_SHOWN
    assert 'data-testid="show-all-contacts" data-hidden="5"' in page
    newest = ready_case.contacts.order_by("-occurred_at").first()
    oldest = ready_case.contacts.order_by("occurred_at").first()
    assert f'id="contact-{newest.pk}"' in page and f'id="contact-{oldest.pk}"' not in page

    every = logged_in.get(ready_case.get_absolute_url() + "?contacts=all").content.decode()
    assert every.count('data-testid="contact-entry"') == TIMELINE_SHOWN + 5
    assert 'data-testid="show-all-contacts"' not in every


def test_the_letters_panel_lists_the_newest_downloads_and_counts_the_rest(logged_in, ready_case, borrower):
    for _ in range(DOWNLOADS_SHOWN + 2):
        LetterDownload.objects.create(
            case=ready_case, letter_type="deferral", language="zh-hans", downloaded_by=borrower
        )
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    history = page.split('data-testid="letter-history"')[1].split("</ul>")[0]
    assert history.count("<li>") == DOWNLOADS_SHOWN
    assert 'data-testid="earlier-downloads" data-count="2"' in page
