"""The review queue (case changelist): columns, urgency first, filters, search, constant queries."""

import datetime as dt
import uuid
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from benchmarks.admin import explain, main_changelist_query
from requests_app.admin.case_columns import days_to_due_text
from requests_app.models import Case
from requests_app.services import review
from requests_app.services.validation import validate
from requests_app.services.versions import plan_version_record
from tests.admin.conftest import case_with_records
from tests.factories import ContactAttemptFactory, PaymentFactory, SharedCaseFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:requests_app_case_changelist")


def listed(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_the_queue_shows_what_a_counselor_needs_per_case(reviewer_client, reviewer):
    case = case_with_records(contacts=1, assigned_reviewer=reviewer, due_date=days(-2))
    ContactAttemptFactory(
        case=case,
        occurred_at=timezone.now(),
        outcome="call_back",
        next_follow_up=timezone.now() - dt.timedelta(hours=1),
    )
    page = reviewer_client.get(CHANGELIST).content.decode()

    assert case.public_id.hex[:8] in page
    assert case.owner.username in page
    assert case.lender.name_zh in page
    assert "¥3,000.00" in page
    assert days_to_due_text(-2) in page
    assert "review-overdue" in page  # overdue, and the follow-up is due
    assert "review-badge" in page  # the findings column
    assert reviewer.username in page
    with translation.override("zh-hans"):
        assert f'<span class="review-nowrap">{case.get_status_display()}</span>' in page


def test_the_most_urgent_open_cases_come_first(reviewer_client):
    far = SharedCaseFactory(due_date=days(60), status=Case.Status.READY)
    overdue = SharedCaseFactory(due_date=days(-5), status=Case.Status.CONTACTED)
    soon = SharedCaseFactory(due_date=days(2), status=Case.Status.DRAFT)
    settled_overdue = SharedCaseFactory(due_date=days(-30), status=Case.Status.CLOSED)
    assert listed(reviewer_client) == [overdue, soon, far, settled_overdue]


def test_the_urgency_filters_pick_overdue_due_soon_and_follow_up_due(reviewer_client):
    overdue = SharedCaseFactory(due_date=days(-1))
    SharedCaseFactory(due_date=days(-1), status=Case.Status.CLOSED)
    soon = SharedCaseFactory(due_date=days(3))
    later = SharedCaseFactory(due_date=days(4))
    follow_up = SharedCaseFactory(due_date=days(30))
    ContactAttemptFactory(case=follow_up, next_follow_up=timezone.now() - dt.timedelta(minutes=5))
    not_yet = SharedCaseFactory(due_date=days(30))
    ContactAttemptFactory(case=not_yet, next_follow_up=timezone.now() + dt.timedelta(days=1))
    superseded = SharedCaseFactory(due_date=days(30))
    ContactAttemptFactory(
        case=superseded,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        next_follow_up=timezone.now() - dt.timedelta(days=1),
    )
    ContactAttemptFactory(
        case=superseded, occurred_at=timezone.now() - dt.timedelta(hours=1), next_follow_up=None
    )

    assert listed(reviewer_client, urgency="overdue") == [overdue]
    assert listed(reviewer_client, urgency="due_soon") == [soon]
    assert listed(reviewer_client, urgency="follow_up") == [follow_up]
    assert later not in listed(reviewer_client, urgency="due_soon")


def test_a_corrected_contact_gives_way_to_its_correction(reviewer_client):
    case = SharedCaseFactory()
    wrong = ContactAttemptFactory(
        case=case,
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        next_follow_up=timezone.now() - dt.timedelta(hours=1),
        outcome="call_back",
    )
    ContactAttemptFactory(
        case=case,
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        corrects=wrong,
        next_follow_up=None,
        outcome="refused",
    )
    [row] = listed(reviewer_client)
    assert row.last_contact_outcome == "refused"
    assert row.next_follow_up is None
    assert listed(reviewer_client, urgency="follow_up") == []


def test_assigned_to_me_shows_only_my_cases(reviewer_client, reviewer):
    mine = SharedCaseFactory(assigned_reviewer=reviewer)
    theirs = SharedCaseFactory(assigned_reviewer=UserFactory(username="other-counselor", is_staff=True))
    nobody = SharedCaseFactory()
    assert listed(reviewer_client, assigned="me") == [mine]
    assert listed(reviewer_client, assigned="nobody") == [nobody]
    assert listed(reviewer_client, assigned="others") == [theirs]


def test_the_field_filters_narrow_the_queue(reviewer_client):
    installments = SharedCaseFactory(
        repayment_mode="installments",
        installments_total=12,
        installments_remaining=6,
        installment_amount="500.00",
        hardship_category="illness",
        status="ready",
    )
    full = SharedCaseFactory()
    assert listed(reviewer_client, repayment_mode__exact="installments") == [installments]
    assert listed(reviewer_client, hardship_category__exact="illness") == [installments]
    assert listed(reviewer_client, status__exact="ready") == [installments]
    assert listed(reviewer_client, lender__id__exact=full.lender_id) == [full]


def test_search_finds_a_case_by_its_public_id_whole_or_its_start(reviewer_client):
    case, other = SharedCaseFactory(), SharedCaseFactory()
    assert listed(reviewer_client, q=str(case.public_id)) == [case]
    assert listed(reviewer_client, q=case.public_id.hex) == [case]
    assert listed(reviewer_client, q=case.public_id.hex[:8]) == [case]
    assert other not in listed(reviewer_client, q=case.public_id.hex[:8].upper())


def test_a_start_of_a_public_id_finds_exactly_the_ids_it_begins(reviewer_client):
    first, last = (SharedCaseFactory(public_id=uuid.UUID("20261104" + fill * 24)) for fill in "0f")
    for outside in ("20261103" + "f" * 24, "20261105" + "0" * 24):
        SharedCaseFactory(public_id=uuid.UUID(outside))
    assert sorted(listed(reviewer_client, q="20261104"), key=lambda c: c.pk) == [first, last]
    assert listed(reviewer_client, q="2026-1104-ffff") == [last]


def test_a_ticket_number_of_digits_alone_finds_its_case(reviewer_client):
    """Digits alone also read as the start of a case number: the search finds the ticket's case all the
    same, and the case number's start is looked up in the index, not by reading every case."""
    case = SharedCaseFactory()
    ContactAttemptFactory(case=case, ticket_number="20261104151698")
    SharedCaseFactory()
    with CaptureQueriesContext(connection) as captured:
        assert listed(reviewer_client, q="20261104151698") == [case]
    page = main_changelist_query(captured.captured_queries)
    assert page.count("LIKE") == 2  # the owner's username and e-mail; never the case number
    if connection.vendor == "sqlite":
        assert not any(line.startswith("SCAN requests_app_case") for line in explain(page))


def test_search_finds_a_case_by_owner_username_or_email(reviewer_client):
    case = SharedCaseFactory(owner=UserFactory(username="wang.lei", email="wanglei@example.cn"))
    SharedCaseFactory()
    assert listed(reviewer_client, q="wang.lei") == [case]
    assert listed(reviewer_client, q="example.cn") == [case]


def test_search_by_agent_id_or_ticket_lists_a_case_once_however_many_contacts_match(reviewer_client):
    case = SharedCaseFactory()
    for _n in range(3):
        ContactAttemptFactory(case=case, agent_id="K9527", ticket_number="GD2026112500017")
    SharedCaseFactory()
    for term in ("K9527", "k9527", "GD2026112500017"):
        response = reviewer_client.get(CHANGELIST, {"q": term})
        assert list(response.context["cl"].result_list) == [case]
        assert response.context["cl"].result_count == 1
    assert listed(reviewer_client, q="nothing-like-this") == []


def test_search_words_must_all_match(reviewer_client):
    case = SharedCaseFactory(owner=UserFactory(username="li.na"))
    ContactAttemptFactory(case=case, agent_id="A77")
    ContactAttemptFactory(case=SharedCaseFactory(owner=UserFactory(username="li.na2")), agent_id="B88")
    assert listed(reviewer_client, q="li.na A77") == [case]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_runs_the_same_number_of_queries_for_few_or_many_cases(
    reviewer_client, django_assert_max_num_queries
):
    case_with_records(payments=1, contacts=1)
    few = count_queries(reviewer_client, CHANGELIST)
    for _n in range(12):
        case_with_records(payments=6, contacts=5)
    with django_assert_max_num_queries(few):
        response = reviewer_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 13


def household_with_history(owner):
    """Two debts of one borrower sharing a budget: one approved with its schedule, one overdue whose plan
    changed since it was shown to the lender, with a follow-up due. Returns the second."""
    case_with_records(owner=owner, status=Case.Status.APPROVED, due_date=days(-9), payments=3, contacts=0)
    changed = case_with_records(owner=owner, due_date=days(-3), payments=2, contacts=0)
    version = plan_version_record(case=changed, by=owner)
    ContactAttemptFactory(
        case=changed,
        plan_version=version,
        outcome="call_back",
        next_follow_up=timezone.now() - dt.timedelta(hours=1),
    )
    PaymentFactory(case=changed, due_on=days(200), amount=Decimal("50.00"))
    return changed


QUEUE_VIEWS = {
    "default": ({}, 2),
    "overdue": ({"urgency": "overdue"}, 1),
    "follow-up due": ({"urgency": "follow_up"}, 1),
    "assigned to nobody": ({"assigned": "nobody"}, 2),
    "status": ({"status__exact": "approved"}, 1),
    "lender agreed": ({"answer": "agreed"}, 1),
    "search": ({"q": "household-"}, 2),
}


@pytest.mark.parametrize("view", QUEUE_VIEWS)
def test_each_view_of_the_queue_runs_as_many_queries_for_many_households_as_for_one(
    reviewer_client, django_assert_max_num_queries, view
):
    params, per_household = QUEUE_VIEWS[view]
    household_with_history(UserFactory(username="household-0"))
    few = count_queries(reviewer_client, f"{CHANGELIST}?{urlencode(params)}")
    for n in range(1, 7):
        household_with_history(UserFactory(username=f"household-{n}"))
    with django_assert_max_num_queries(few):
        response = reviewer_client.get(CHANGELIST, params)
    assert len(response.context["cl"].result_list) == 7 * per_household


def test_the_findings_column_counts_what_validation_finds_a_changed_plan_included(reviewer_client):
    changed = household_with_history(UserFactory(username="household"))
    unchanged = case_with_records(payments=2, contacts=0)
    ContactAttemptFactory(case=unchanged, plan_version=plan_version_record(case=unchanged))
    rows = {case.pk: case for case in listed(reviewer_client)}
    page = reviewer_client.get(CHANGELIST).content.decode()
    for case in (changed, unchanged):
        found = validate(Case.objects.get(pk=case.pk))
        assert ("PLAN_CHANGED_SINCE_CONTACT" in {f.code for f in found}) is (case == changed)
        assert rows[case.pk].review_row.counts == review.finding_counts(found)
        assert rows[case.pk].review_row.codes == tuple(f.code for f in found)
    counts = review.finding_counts(validate(Case.objects.get(pk=changed.pk)))
    warnings = ngettext("%(n)s warning", "%(n)s warnings", counts.warnings) % {"n": counts.warnings}
    assert f'<span class="review-badge review-warning">{warnings}</span>' in page


def test_a_page_of_the_queue_reads_no_contact_notes_nor_scripts_shown(reviewer_client):
    case_with_records(payments=1, contacts=2)
    with CaptureQueriesContext(connection) as captured:
        assert reviewer_client.get(CHANGELIST).status_code == 200
    contacts = [q["sql"] for q in captured if 'FROM "requests_app_contactattempt"' in q["sql"]]
    assert contacts
    for sql in contacts:
        assert "script_snapshot" not in sql and '"notes"' not in sql
        assert "plan_version_id" in sql and "corrects_id" in sql


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_row_has_the_action_checkbox_django_would_write(language):
    """The queue writes Django's action checkbox itself (faster than the widget's template): the same
    markup, which the admin's actions script finds by its class and name."""
    case = SharedCaseFactory()
    case.lender.name_zh = case.lender.name_en = 'A&B "<x>"'  # escaped the same way
    case_admin = admin.site._registry[Case]
    with translation.override(language):
        assert case_admin.action_checkbox(case) == admin.ModelAdmin.action_checkbox(case_admin, case)
