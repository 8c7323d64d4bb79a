"""Settings for Deferral Desk, read from the environment (12-factor).

Development: `DJANGO_DEBUG=True` (what `make run` sets), SQLite in `var/db.sqlite3`.
Production: `DJANGO_DEBUG=False` switches on the hardening that `manage.py check --deploy` asks for,
and refuses to start without `DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS`.
Every variable is documented in `.env.example`.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is False.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is False.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin with a second factor for counselors (deferral_site/admin_site.py).
    "deferral_site.apps.ReviewDeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "csp",
    "requests_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session lookup: a forged NUL byte would otherwise crash the query on PostgreSQL.
    "deferral_site.middleware.NulBytesRefusedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "requests_app.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before CSRF reads the body (in process_view): an oversized body is refused unread.
    "deferral_site.middleware.RequestBodyLimitMiddleware",
    "deferral_site.middleware.PersonalPagesNotCachedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "deferral_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "deferral_site.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (postgres://...) switches to PostgreSQL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let concurrent requests wait for the write lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Each thread keeps its connection for a minute rather than opening one per request. On PostgreSQL that
# saves the connection's set-up; on SQLite it saves opening the file, running the pragmas above and reading
# the schema again (about 4 ms per request: a stored PDF's download took 9.5–13 ms at the median alone on
# the server, 4.9–5.8 ms with the connection kept).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, for several app servers and workers: the task queue (RQ) and, unless CACHE_URL says otherwise,
# the shared cache (rendered PDFs, rate-limit counts).
REDIS_URL = env.str("REDIS_URL", default="")
# A shared cache (e.g. redis://127.0.0.1:6379/1) for deployments with several app servers.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default=f"{REDIS_URL.rstrip('/')}/1" if REDIS_URL else "locmemcache://deferral-desk"
    )
}
#: Where PDFs rendered ahead are kept: the cache when it is shared by every process (Redis, memcached),
#: else the file storage (MEDIA_ROOT), which the web server and the worker of one machine share.
DOCUMENT_STORE = "files" if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")) else "cache"
#: The review queue's computed columns (services.review_rows), kept by the digest of their inputs apart from
#: the default cache: a counselor paging through the queue must never push rate-limit counts out of a bounded
#: local cache. In the shared cache under their own prefix; else a local cache of their own.
CACHES["review_rows"] = (
    {**CACHES["default"], "KEY_PREFIX": "review-rows"}
    if DOCUMENT_STORE == "cache"
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "deferral-desk-review-rows",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
)
#: Rendered pieces of pages that never change once made, such as a contact's entry in the case page's
#: timeline (contacts are append-only): kept in each process's memory, never in a shared cache, so that no
#: copy of a person's notes leaves the process that showed them. How long is the template's to say: each
#: `{% cache %}` tag names its time (an hour for the timeline).
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "deferral-desk-fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Background jobs (Django's tasks API, django-tasks): rendering PDFs ahead, counselors' exports,
# reminder e-mails. The database backend needs nothing more than `manage.py db_worker` (make run starts
# it); with REDIS_URL, RQ on Redis, with as many `manage.py rqworker default` processes as you like.
BACKGROUND_JOB_QUEUE = "default"
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [BACKGROUND_JOB_QUEUE]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `manage.py rqworker` runs django-tasks' jobs with this job class (and retries need --with-scheduler).
RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
RQ_QUEUES = {BACKGROUND_JOB_QUEUE: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
#: Seconds to wait before each retry of a failed background job; after the last one it is reported.
BACKGROUND_JOB_RETRY_DELAYS = [30, 300]
#: How long a PDF download waits for the worker's render of the same case, when one is queued or running,
#: before rendering the PDF itself (services.pdf.ahead.plan_pdf_download); 0 never waits.
PDF_DOWNLOAD_WAIT_SECONDS = env.float("PDF_DOWNLOAD_WAIT_SECONDS", default=3.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out person is refused before their password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "requests_app:case_list"
LOGOUT_REDIRECT_URL = "requests_app:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# One date format per language everywhere (deferral_site/formats; services.formatting writes the same).
FORMAT_MODULE_PATH = ["deferral_site.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default="") or VAR_DIR / "media")
MEDIA_URL = "media/"  # never served as such: exports are downloaded through a view that checks access
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Hardship evidence (uploaded proofs): a private folder under var/ by default, never served by a URL of its
# own (the app's view applies the case's access rules). EVIDENCE_S3_BUCKET switches to an S3-compatible
# bucket (django-storages) for deployments with several app servers.
EVIDENCE_S3_BUCKET = env.str("EVIDENCE_S3_BUCKET", default="")
if EVIDENCE_S3_BUCKET:
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EVIDENCE_S3_REGION", default="") or None,
            "access_key": env.str("EVIDENCE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("EVIDENCE_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("EVIDENCE_S3_PREFIX", default="evidence"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("EVIDENCE_DIR", default=VAR_DIR / "evidence"),
            "base_url": "/no-public-url/",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Request bodies: signed-in people may send this much (forms, and uploads where a page takes them);
# anonymous pages (log-in, sign-up, password reset) need a few short fields. Larger bodies get a 413.
REQUEST_BODY_MAX_BYTES = env.int("DJANGO_REQUEST_BODY_MAX_BYTES", default=10 * 1024 * 1024)
REQUEST_BODY_MAX_BYTES_ANONYMOUS = env.int("DJANGO_REQUEST_BODY_MAX_BYTES_ANONYMOUS", default=64 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: url-encoded forms past it are a 400

# Mail (password resets, reminders). Development prints mails to the console; production sends them by
# SMTP and refuses to start with a backend that would only print, store or keep them in memory:
# a reset link in the server log lets whoever reads the log take over the account.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
NON_DELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
if not DEBUG and EMAIL_BACKEND in NON_DELIVERING_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND={EMAIL_BACKEND} does not deliver mail: password-reset links would end up "
        "in a log or nowhere. Use django.core.mail.backends.smtp.EmailBackend with DJANGO_EMAIL_HOST."
    )
# Where the file mail backend (DJANGO_EMAIL_BACKEND=...filebased.EmailBackend, development only) writes.
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# The site's own address, for links in e-mails sent by the worker (reminders, their unsubscribe link).
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("DJANGO_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Deferral Desk <noreply@localhost>")

# The household budget: a creditor whose fair share falls below this is offered it as a token (CNY a month).
BUDGET_TOKEN_OFFER = Decimal(env.str("BUDGET_TOKEN_OFFER", default="50.00"))

# Login throttling (django-axes, requests_app/services/login_throttle.py). Failures within the cool-off
# window are counted three ways, each with its own limit: one username from one address, one address
# over all usernames (spraying), one username from every address together (distributed guessing; higher,
# so that locking a person out takes many tries). Failures while locked do not extend the lock.
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
LOGIN_FAILURE_LIMITS = {
    ("username", "ip_address"): env.int("AXES_FAILURE_LIMIT", default=5),
    ("ip_address",): env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20),
    ("username",): env.int("LOGIN_FAILURE_LIMIT_PER_USERNAME", default=30),
}
AXES_LOCKOUT_PARAMETERS = [list(group) for group in LOGIN_FAILURE_LIMITS]
AXES_FAILURE_LIMIT = 100  # percent of the group's own limit (LoginThrottleHandler.get_failures)
AXES_HANDLER = "requests_app.services.login_throttle.LoginThrottleHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address: REMOTE_ADDR, or behind a reverse proxy / load balancer listed here (addresses or
# networks, e.g. 10.0.0.0/8), the right-most X-Forwarded-For entry that is not one of them. Without it
# every client behind the proxy would share the proxy's address, and any of them could lock the others out.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "requests_app.services.login_throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "requests_app.views.security.locked_out"
AXES_USERNAME_CALLABLE = "requests_app.views.security.axes_username"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "new_password1", "new_password2"]

# Second factor for the admin (django-otp): counselors confirm a TOTP code; enrol with
# `manage.py enrol_authenticator USERNAME`.
OTP_TOTP_ISSUER = "Deferral Desk"

# Content-Security-Policy (django-csp): everything from this origin only, and no inline script at all.
# Inline styles stay allowed for Django's admin and crispy-forms widgets; scripts never.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening: everything `manage.py check --deploy` asks for.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Only the loopback load test (`make loadtest`, plain http) turns these off.
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; only its warnings matter.
    # django-axes reports each start and successful log-in at INFO; its lock-outs come at WARNING.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # pypdf reports each oddity of an uploaded PDF it can read anyway ("EOF marker not found").
        "pypdf": {"level": "ERROR"},
    },
}
