import pytest
from django.core.cache import cache

from tests.factories import CaseFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counts and stored documents do not leak across."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def borrower(db):
    return UserFactory(username="borrower")


@pytest.fixture
def other_borrower(db):
    return UserFactory(username="someone-else")


@pytest.fixture
def case(borrower):
    return CaseFactory(owner=borrower)
