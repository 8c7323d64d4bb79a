import pytest
from django.core.cache import caches

from tests.factories import CaseFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: rate-limit counts, stored documents, review rows and rendered
    page fragments do not leak across (a test database may give an id again)."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def no_worker_to_wait_for(settings):
    """No worker runs beside the suite: a download never waits for a render queued by the test (the tests
    of that wait set it)."""
    settings.PDF_DOWNLOAD_WAIT_SECONDS = 0


@pytest.fixture
def borrower(db):
    return UserFactory(username="borrower")


@pytest.fixture
def other_borrower(db):
    return UserFactory(username="someone-else")


@pytest.fixture
def case(borrower):
    return CaseFactory(owner=borrower)
