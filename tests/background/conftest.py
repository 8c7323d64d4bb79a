from unittest import mock

import pytest
from django.core.management import call_command

from tests.admin.conftest import reviewer, superuser_client  # noqa: F401  (fixtures shared with the admin tests)
from tests.pdf.conftest import huabei, plan_case  # noqa: F401  (fixtures shared with the PDF tests)


def run_worker():
    """Run every job waiting in the database queue, as `manage.py db_worker` does, then return.

    The worker closes "obsolete" connections between jobs, and inside a test's transaction (autocommit
    off) every connection looks obsolete: that one step is left out here, the jobs run as in production.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


@pytest.fixture
def worker():
    return run_worker
