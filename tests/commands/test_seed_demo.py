"""seed_demo: demo logins that work, realistic cases across lenders, modes, statuses and due dates, a
history that follows the workflow, and --if-empty leaving a used database alone."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, Lender, Payment, PlanVersion, StatusChange
from requests_app.services.review import REVIEWER_GROUP
from requests_app.services.versions import plan_snapshot, snapshot_hash
from requests_app.services.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def logins(output):
    return dict(re.findall(r"username (\S+)\s+password (\S+)", output))


def test_it_prints_logins_that_work(client):
    output = seed("--cases", "12", "--contacts-per-case", "2")
    passwords = logins(output)
    assert set(passwords) == {"demo", "reviewer"}
    assert client.login(username="demo", password=passwords["demo"])
    assert client.login(username="reviewer", password=passwords["reviewer"])
    assert "/admin/" in output


def test_the_demo_counselor_is_staff_in_the_reviewer_group_with_cases_assigned():
    seed("--cases", "30")
    reviewer = get_user_model().objects.get(username="reviewer")
    demo = get_user_model().objects.get(username="demo")
    assert reviewer.is_staff and not reviewer.is_superuser
    assert reviewer.groups.filter(name=REVIEWER_GROUP).exists()
    assert Case.objects.filter(assigned_reviewer=reviewer).exists()
    assert not demo.is_staff
    assert 1 <= Case.objects.filter(owner=demo).count() <= 6


def test_the_counts_follow_the_options():
    output = seed("--cases", "40", "--contacts-per-case", "3")
    assert Case.objects.count() == 40
    contacted = Case.objects.filter(contacts__isnull=False).distinct()
    for case in contacted:
        originals = case.contacts.filter(corrects__isnull=True).count()
        assert originals == 3
    assert f"{ContactAttempt.objects.count()} contact attempts" in output
    assert f"{Payment.objects.count()} payments" in output
    assert get_user_model().objects.filter(username__startswith="seed-").count() == 12  # 34 cases, 3 each


def test_cases_cover_every_lender_status_mode_and_due_date_window():
    seed("--cases", "40")
    today = timezone.localdate()
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert set(Case.objects.values_list("lender", flat=True)) == set(
        Lender.objects.values_list("pk", flat=True)
    )
    assert set(Case.objects.values_list("repayment_mode", flat=True)) == set(Case.RepaymentMode.values)
    due = list(Case.objects.values_list("due_date", flat=True))
    assert any(d < today for d in due)
    assert any(0 <= (d - today).days <= 7 for d in due)
    assert any((d - today).days > 7 for d in due)
    assert any(
        re.search(r"[\u4e00-\u9fff]", n) for n in Case.objects.values_list("hardship_narrative", flat=True)
    )


def test_every_status_history_is_a_legal_walk_to_the_current_status():
    seed("--cases", "40")
    for case in Case.objects.prefetch_related("status_changes"):
        status = Case.Status.DRAFT
        for change in sorted(case.status_changes.all(), key=lambda c: (c.changed_at, c.pk)):
            assert change.from_status == status
            assert change.to_status in TRANSITIONS[status]
            status = change.to_status
        assert status == case.status
    assert StatusChange.objects.exists()


def test_plan_versions_snapshot_the_schedule_and_contacts_present_versions_of_their_own_case():
    seed("--cases", "40", "--contacts-per-case", "3")
    for version in PlanVersion.objects.all():
        assert version.content_hash == snapshot_hash(version.data)
    for case in Case.objects.filter(plan_versions__isnull=False).distinct().prefetch_related("payments"):
        latest = case.plan_versions.order_by("-number").first()
        assert latest.data == plan_snapshot(case)  # the saved schedule is the latest version
    for contact in ContactAttempt.objects.filter(plan_version__isnull=False).select_related("plan_version"):
        assert contact.plan_version.case_id == contact.case_id
    assert ContactAttempt.objects.exclude(agent_id="").exists()
    assert ContactAttempt.objects.exclude(ticket_number="").exists()
    assert ContactAttempt.objects.filter(next_follow_up__isnull=False).exists()


def test_the_same_seed_gives_the_same_cases():
    seed("--cases", "15", "--seed", "7")
    first = list(Case.objects.order_by("pk").values_list("public_id", "amount_due", "status", "due_date"))
    ContactAttempt.objects.all().delete()  # contacts protect the plan versions they presented
    Case.objects.all().delete()
    seed("--cases", "15", "--seed", "7")
    assert (
        list(Case.objects.order_by("pk").values_list("public_id", "amount_due", "status", "due_date"))
        == first
    )


def test_if_empty_adds_no_cases_once_cases_exist_but_gives_working_logins_again():
    seed("--cases", "5")
    output = seed("--if-empty", "--cases", "5")
    assert Case.objects.count() == 5
    passwords = logins(output)
    assert set(passwords) == {"demo", "reviewer"}
    for username, password in passwords.items():
        assert get_user_model().objects.get(username=username).check_password(password)


def test_seeded_cases_have_a_history_row():
    seed("--cases", "5")
    assert Case.history.count() == 5
    assert Case.history.first().history_change_reason == "demo data"


def test_zero_cases_still_creates_the_logins():
    output = seed("--cases", "0")
    assert Case.objects.count() == 0
    assert set(logins(output)) == {"demo", "reviewer"}


def test_the_demo_shares_the_cases_counselors_work_on_and_keeps_some_unshared():
    seed("--cases", "40")
    shared = Case.objects.filter(shared_at__isnull=False)
    assert 0 < shared.count() < Case.objects.count()
    # Every case a counselor sent back, closed, noted or took on was shared with them first.
    worked_on = Case.objects.filter(status__in=["needs_changes", "closed"]) | Case.objects.filter(
        assigned_reviewer__isnull=False
    )
    assert not worked_on.filter(shared_at__isnull=True).exists()
    assert not Case.objects.filter(shared_at__isnull=True, review_notes__isnull=False).exists()
    # The demo borrower's ready plan is the one that shows "Ask a counselor".
    assert Case.objects.get(owner__username="demo", status="ready").shared_at is None
