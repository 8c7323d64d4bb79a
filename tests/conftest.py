import pytest

from tests.factories import CaseFactory, UserFactory


@pytest.fixture
def borrower(db):
    return UserFactory(username="borrower")


@pytest.fixture
def other_borrower(db):
    return UserFactory(username="someone-else")


@pytest.fixture
def case(borrower):
    return CaseFactory(owner=borrower)
