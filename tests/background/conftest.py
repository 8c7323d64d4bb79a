import pytest
from django.core.management import call_command

from tests.admin.conftest import reviewer, superuser_client  # noqa: F401  (fixtures shared with the admin tests)
from tests.pdf.conftest import huabei, plan_case  # noqa: F401  (fixtures shared with the PDF tests)


def run_worker():
    """Run every job waiting in the database queue, as `manage.py db_worker` does, then return."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


@pytest.fixture
def worker():
    return run_worker
