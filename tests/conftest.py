import pytest
from django.core.cache import caches

from tests.factories import CaseFactory, UserFactory

#: The fixtures through which a test reaches the database (pytest-django's, and its live server).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (make test's second pass, on PostgreSQL: the others "
        "never touch it, and pytest-django refuses them a connection, so they ran on SQLite already)",
    )


def uses_the_database(item) -> bool:
    """Whether the test depends on the database it runs with: pytest-django lets it reach the database (a
    django_db mark or one of DATABASE_FIXTURES, asked for directly or through another fixture), or it is
    marked each_database (it starts the settings in a subprocess, which reads the pass's DATABASE_URL)."""
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("each_database") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_the_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if not uses_the_database(item)])
    items[:] = kept


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
