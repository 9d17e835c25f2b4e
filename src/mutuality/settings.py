"""Django settings, all from environment variables with laptop-friendly defaults.

SQLite in the data folder is the default; ``DATABASE_URL`` switches to
PostgreSQL (or any database dj-database-url understands).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mutuality import languages
from mutuality.env import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_secret,
    private_file,
    private_folder,
    secret_key,
)
from mutuality.framework.vocabulary import VOCABULARIES
from mutuality.ids import MAX_ID

PACKAGE_DIR = Path(__file__).resolve().parent
# Made readable by its owner only when it is made (mutuality.env.private_folder).
DATA_DIR = private_folder(data_dir())

DEBUG = env_bool("MUTUALITY_DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("MUTUALITY_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("MUTUALITY_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_countries",  # ISO 3166 country names in our languages (mutuality.countries)
    "django_tasks",  # background tasks (Django 6's, as a package): long reports, imports of uploads
    "django_htmx",  # htmx, shipped with the package, for the coding workbench's fragments
    "django_tasks_db",  # their queue in the database, worked by `mutuality worker` (serve starts one)
    "mutuality.partnerships",
    "mutuality.accounts",
    "mutuality.evidence",
    "mutuality.reports",
    "mutuality.jobs",  # the record of work done in the background: imports of uploaded files
    "mutuality.qdaexchange",
    "mutuality.atlas",  # the atlas of twinning networks: cities, links, migration corridors
    "mutuality.selfassessment",  # both sides' self-assessment: instruments, rounds, links, answers
    "mutuality.history",
    "mutuality.privacy",
    "mutuality.assistant",  # the coding assistant: decisions on its suggestions, its kept models
    "mutuality.web",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mutuality.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise: the assets from the package, listed once per process (mutuality.serving).
    "mutuality.serving.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in session's expiry moves with activity, written once a minute (not every request).
    "mutuality.accounts.idle.KeepActiveSessionMiddleware",
    # A signed-in user's saved language wins over the cookie and the browser's.
    "mutuality.accounts.language.UserLanguageMiddleware",
    # Changes saved while answering a request are recorded under its user.
    "mutuality.history.context.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: whether a page's script asked for a fragment (the coding workbench).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy: pages load scripts, styles and images from this site only.
    "mutuality.serving.ContentSecurityPolicyMiddleware",
    # Last, so it turns a login refused for too many failures into the login page with a message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mutuality.urls"

# Background tasks (reports and imports of uploaded files that take seconds to minutes;
# mutuality.reports.tasks, mutuality.formats.tasks). By default in a
# table of the database, worked by the worker `mutuality serve` starts, so nothing else needs to
# run; on a shared server a Redis queue and workers of their own (docs/deploy.md).
TASKS_QUEUE = os.environ.get("MUTUALITY_TASKS") or "database"
if TASKS_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_QUEUE == "rq":
    # Needs `pip install django-tasks-rq` and a Redis server; workers run `mutuality worker`.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": os.environ.get("MUTUALITY_REDIS_URL") or "redis://127.0.0.1:6379/0",
            "DEFAULT_TIMEOUT": 3600,
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_QUEUE == "immediate":
    # In the request itself, no worker (for trying things out; a long report then holds the page).
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"MUTUALITY_TASKS is {TASKS_QUEUE!r}; use database (the default), rq or immediate."
    )

# The JSON API (docs/api.md): tokens for programs, the session (with CSRF) for the browser.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mutuality.api.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "mutuality.api.pagination.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mutuality API",
    "DESCRIPTION": "Partnerships, their records and the evidence, with the rights of the web app (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # <id:pk> in a path (mutuality.ids): an integer no larger than the database's.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": MAX_ID}
    },
    # One schema enum per vocabulary, named after it: several serializers have a ``kind``
    # from different vocabularies, and hashed names (``Kind9c6Enum``) fail check --deploy.
    # Every country field shares one list (mutuality.countries): one enum, named once.
    "ENUM_NAME_OVERRIDES": {
        **{
            "".join(part.title() for part in vocabulary.key.split("_")) + "Enum": [
                (term.key, _(term.label)) for term in vocabulary
            ]
            for vocabulary in VOCABULARIES.values()
        },
        "CountryEnum": "mutuality.countries.country_choices",
    },
}
WSGI_APPLICATION = "mutuality.wsgi.application"

TEMPLATES = [
    {
        # Django's, without the tag library of DRF's browsable API (not offered; mutuality.serving).
        "BACKEND": "mutuality.serving.PageTemplates",
        "NAME": "django",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mutuality.accounts.context.navigation",
            ],
        },
    },
]

# The forms' templates without DRF's tag library either (mutuality.serving.PageTemplates).
FORM_RENDERER = "mutuality.serving.FormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'mutuality.sqlite3'}",
        conn_max_age=int(os.environ.get("MUTUALITY_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waits for a writer instead of failing at once when two requests write.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Write-ahead log: readers (pages, `mutuality backup`) never block writers, nor writers readers.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
    # A transaction takes the write lock when it begins. Begun as a reader, it could not become a
    # writer once another connection had written since (SQLite refuses at once, whatever the
    # timeout): an import in the worker failed with "database is locked" while its page, polling,
    # saved the session.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # A new database file is made readable by its owner only before SQLite opens it; SQLite gives
    # its -wal and -shm files the permissions of the database file.
    _sqlite_file = Path(str(DATABASES["default"]["NAME"]))
    if str(_sqlite_file) not in ("", ":memory:") and _sqlite_file.parent.is_dir():
        private_file(_sqlite_file)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [(code, _(name)) for code, name in languages.LANGUAGES]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("MUTUALITY_TIME_ZONE", "Europe/Amsterdam")

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("MUTUALITY_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the package on a laptop; a server may run collectstatic.
WHITENOISE_USE_FINDERS = True

# Sessions end after this many idle hours; every request starts the count again (to the minute:
# mutuality.accounts.idle writes the session once a minute at most, instead of on every request).
SESSION_COOKIE_AGE = int(float(os.environ.get("MUTUALITY_SESSION_HOURS") or "8") * 3600)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind a reverse proxy that terminates HTTPS (docs/deploy.md): secure cookies, the proxy's
# X-Forwarded-Proto trusted, plain HTTP redirected, and browsers told to keep to HTTPS (HSTS).
HTTPS = env_bool("MUTUALITY_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("MUTUALITY_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("MUTUALITY_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MUTUALITY_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("MUTUALITY_HSTS_PRELOAD", False)
# Joining the browsers' preload list is a separate decision by the domain's owner, not an oversight.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Login throttling (django-axes): failed logins are counted in the database, so every
# server process sees the same count. After this many failures for one username (from any
# addresses), or from one address (against any usernames), logins for that username, or from
# that address, are refused, even with the right password, until it cools off
# (mutuality/accounts/throttle.py). Attempts while locked out do not make the lock longer, so
# the login page can say when it ends; a successful login forgets only that username's failures
# from that address (throttle.forget_failures), not the address's failures against others.
AXES_FAILURE_LIMIT = int(os.environ.get("MUTUALITY_LOGIN_FAILURE_LIMIT") or "5")
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("MUTUALITY_LOGIN_LOCKOUT_MINUTES") or "15"))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "mutuality.accounts.views.locked_out"
# Behind a reverse proxy the client's address is in X-Forwarded-For; name how many proxies.
if os.environ.get("MUTUALITY_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["MUTUALITY_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Email (invitations, password reset): printed to the console unless a server is named.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_email_backend = os.environ.get("MUTUALITY_EMAIL_BACKEND") or "console"
EMAIL_BACKEND = EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("MUTUALITY_EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("MUTUALITY_EMAIL_PORT") or "587")
EMAIL_HOST_USER = os.environ.get("MUTUALITY_EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_secret("MUTUALITY_EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("MUTUALITY_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("MUTUALITY_DEFAULT_FROM_EMAIL") or "mutuality@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: Days an invitation link stays valid.
INVITATION_DAYS = int(os.environ.get("MUTUALITY_INVITATION_DAYS") or "7")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MUTUALITY_LOG_LEVEL", "WARNING")},
}
