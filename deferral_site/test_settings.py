"""Settings for the test suite: development mode, mail kept in memory, fast password hashing."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "True")

from .settings import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes needs a request in authenticate(), which the test client's login() does not pass;
# the lock-out tests switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False

# Without it whitenoise rescans var/staticfiles (when a collectstatic made it) for every test client.
WHITENOISE_AUTOREFRESH = True

# Background jobs: the database backend, run in tests by `db_worker --batch` (tests/background); retries
# without waiting. RQ on the real Redis is tested by switching TASKS in those tests.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BACKGROUND_JOB_RETRY_DELAYS = [0, 0]
# Stored PDFs and exports go to a throw-away folder per test process.
MEDIA_ROOT = tempfile.mkdtemp(prefix="deferral-test-media-")
DOCUMENT_STORE = "files"
# Uploaded evidence goes to a throw-away folder per test process, never to var/evidence.
STORAGES["evidence"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="deferral-evidence-"), "base_url": "/no-public-url/"},
}
atexit.register(shutil.rmtree, STORAGES["evidence"]["OPTIONS"]["location"], ignore_errors=True)  # noqa: F405
