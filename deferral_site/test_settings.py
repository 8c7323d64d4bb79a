"""Settings for the test suite: development mode, mail kept in memory, fast password hashing."""

import os

os.environ.setdefault("DJANGO_DEBUG", "True")

from .settings import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes needs a request in authenticate(), which the test client's login() does not pass;
# the lock-out tests switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False

# Without it whitenoise rescans var/staticfiles (when a collectstatic made it) for every test client.
WHITENOISE_AUTOREFRESH = True
