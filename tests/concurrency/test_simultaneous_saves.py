"""Saves that really happen at the same time, each on its own thread and database connection, released
together by a barrier: on the same case version exactly one wins and the others are refused as stale;
the same contact form sent twice at once makes one entry. Runs on SQLite (a file database, as in
production) and on PostgreSQL."""

import datetime as dt
import threading
import uuid
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, Payment
from requests_app.services.cases import StaleCase, case_schedule_replace, case_step_save
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.schedule import ScheduledPayment
from tests.factories import CaseFactory, UserFactory


def run_together(*jobs):
    """Run every job at once, each on its own thread (and so its own connection); return what each
    returned or raised, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except BaseException as error:  # handed to the test, which says what it expected
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save never finished (a deadlock?)"
    return results


def finances_save(case_pk, *, income, version, by):
    def job():
        case = Case.objects.get(pk=case_pk)
        return case_step_save(
            case=case,
            step="finances",
            cleaned_data={
                "offer_override": Decimal(income),
                "offer_override_reason": f"tab {income}",
            },
            expected_version=version,
            by=by,
        )

    return job


def outcomes(results):
    stale = [r for r in results if isinstance(r, StaleCase)]
    saved = [r for r in results if not isinstance(r, BaseException)]
    other = [r for r in results if isinstance(r, BaseException) and not isinstance(r, StaleCase)]
    return saved, stale, other


def test_two_simultaneous_saves_at_the_same_version_let_exactly_one_win(concurrent_db):
    owner = UserFactory(username="two-tabs")
    case = CaseFactory(owner=owner)
    results = run_together(
        finances_save(case.pk, income="5111", version=case.version, by=owner),
        finances_save(case.pk, income="6222", version=case.version, by=owner),
    )
    saved, stale, other = outcomes(results)
    assert other == [], other
    assert (len(saved), len(stale)) == (1, 1), results
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == case.version + 1
    # The database holds the winner's whole save, not a mix of the two.
    assert fresh.offer_override == saved[0].case.offer_override
    assert fresh.offer_override_reason == f"tab {saved[0].case.offer_override.normalize():f}"


def test_four_devices_saving_at_once_leave_one_winner_and_three_refusals(concurrent_db):
    owner = UserFactory(username="four-devices")
    case = CaseFactory(owner=owner)
    incomes = ["4100", "4200", "4300", "4400"]
    results = run_together(
        *(finances_save(case.pk, income=income, version=case.version, by=owner) for income in incomes)
    )
    saved, stale, other = outcomes(results)
    assert other == [], other
    assert (len(saved), len(stale)) == (1, 3)
    assert Case.objects.get(pk=case.pk).version == case.version + 1


def test_a_plan_change_and_a_step_save_at_once_do_not_both_land(concurrent_db):
    owner = UserFactory(username="plan-and-step")
    case = CaseFactory(owner=owner)
    today = timezone.localdate()
    rows = [ScheduledPayment(due_on=today + dt.timedelta(days=45), amount=Decimal("3000.00"))]

    def replace():
        return case_schedule_replace(
            case=Case.objects.get(pk=case.pk), payments=rows, expected_version=case.version, by=owner
        )

    results = run_together(replace, finances_save(case.pk, income="7000", version=case.version, by=owner))
    saved, stale, other = outcomes(results)
    assert other == [], other
    assert (len(saved), len(stale)) == (1, 1)
    schedule_won = not isinstance(results[0], BaseException)
    assert Payment.objects.filter(case=case).exists() == schedule_won
    assert (Case.objects.get(pk=case.pk).offer_override == Decimal("7000")) == (not schedule_won)


def test_the_same_contact_form_sent_twice_at_once_makes_one_entry(concurrent_db):
    owner = UserFactory(username="double-tap")
    case = CaseFactory(owner=owner)
    key = uuid.uuid4()
    when = timezone.now()

    def send():
        return contact_attempt_record(
            case=Case.objects.get(pk=case.pk),
            by=owner,
            idempotency_key=key,
            channel="phone",
            occurred_at=when,
            outcome="call_back",
            notes="double tap",
        )

    results = run_together(send, send)
    assert not any(isinstance(r, BaseException) for r in results), results
    assert ContactAttempt.objects.filter(case=case).count() == 1
    assert results[0].pk == results[1].pk
