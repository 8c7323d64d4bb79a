"""The status workflow: every legal move is allowed and recorded, every other move is refused."""

import itertools

import pytest

from requests_app.models import Case, StatusChange
from requests_app.services.workflow import (
    TRANSITIONS,
    IllegalTransition,
    allowed_transitions,
    allowed_transitions_ordered,
    case_status_change,
    transition_check,
)
from tests.factories import CaseFactory, UserFactory

Status = Case.Status
ALL_PAIRS = list(itertools.product(Status.values, Status.values))
LEGAL = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[a]]
ILLEGAL = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def test_every_status_has_an_entry_in_the_table():
    assert set(TRANSITIONS) == set(Status.values)
    assert all(targets <= set(Status.values) for targets in TRANSITIONS.values())


def test_the_main_path_and_the_way_back_to_the_borrower_are_legal():
    path = [Status.DRAFT, Status.READY, Status.CONTACTED, Status.APPROVED, Status.CLOSED]
    for here, there in itertools.pairwise(path):
        assert there in allowed_transitions(here)
    for outcome in (Status.PARTLY_APPROVED, Status.REFUSED):
        assert outcome in allowed_transitions(Status.CONTACTED)
    assert Status.NEEDS_CHANGES in allowed_transitions(Status.READY)
    assert Status.READY in allowed_transitions(Status.NEEDS_CHANGES)


def test_no_status_moves_to_itself_and_closed_is_final():
    assert all(status not in TRANSITIONS[status] for status in Status.values)
    assert allowed_transitions(Status.CLOSED) == frozenset()


def test_allowed_moves_are_listed_in_workflow_order():
    assert allowed_transitions_ordered(Status.CONTACTED) == [
        Status.NEEDS_CHANGES,
        Status.APPROVED,
        Status.PARTLY_APPROVED,
        Status.REFUSED,
        Status.CLOSED,
    ]


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_an_illegal_move_is_refused_by_the_check(from_status, to_status):
    with pytest.raises(IllegalTransition) as refused:
        transition_check(from_status=from_status, to_status=to_status)
    assert refused.value.from_status == from_status
    assert refused.value.to_status == to_status
    assert refused.value.message


def test_an_unknown_status_is_refused_with_a_readable_message():
    with pytest.raises(IllegalTransition) as refused:
        transition_check(from_status=Status.DRAFT, to_status="lost")
    assert "lost" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_a_legal_move_changes_the_status_and_records_who_and_when(from_status, to_status):
    case = CaseFactory(status=from_status)
    counselor = UserFactory(username="counselor", is_staff=True)

    change = case_status_change(case=case, to_status=to_status, by=counselor, note="电话确认")

    assert case.status == to_status
    case.refresh_from_db()
    assert case.status == to_status
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        from_status,
        to_status,
        counselor,
        "电话确认",
    )
    assert change.changed_at is not None
    latest = case.history.latest()
    assert (latest.status, latest.history_user) == (to_status, counselor)


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_an_illegal_move_is_refused_and_leaves_no_trace(from_status, to_status):
    case = CaseFactory(status=from_status)

    with pytest.raises(IllegalTransition):
        case_status_change(case=case, to_status=to_status, by=None)

    case.refresh_from_db()
    assert case.status == from_status
    assert not StatusChange.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_the_move_is_checked_against_the_stored_status_not_a_stale_copy():
    case = CaseFactory(status=Status.CONTACTED)
    stale = Case.objects.get(pk=case.pk)
    case_status_change(case=case, to_status=Status.CLOSED)

    with pytest.raises(IllegalTransition):
        case_status_change(case=stale, to_status=Status.APPROVED)
    case.refresh_from_db()
    assert case.status == Status.CLOSED


@pytest.mark.django_db
def test_a_move_without_a_person_is_recorded_as_made_by_the_system():
    case = CaseFactory(status=Status.DRAFT)
    change = case_status_change(case=case, to_status=Status.READY)
    assert change.changed_by is None
