"""Django settings for ledcheck.

One module for development and production, driven by environment variables (see README,
"Configuration"). Nothing secret lives here. The test suite runs with ``ledcheck.test_settings``,
which sets ``LEDCHECK_TESTING=1`` before importing this module and then adds its speed-ups.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout (manage.py beside the package) keeps its data next to the code; an installed package
# keeps it in the working directory (or wherever SQLITE_PATH / STATIC_ROOT say).
BASE_DIR = PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "manage.py").exists() else Path.cwd()

_TRUE = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in _TRUE


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(url: str) -> dict:
    """The ``DATABASES["default"]`` entry of a ``DATABASE_URL`` (parsed by dj-database-url): PostgreSQL only,
    the one server database the app is tested on; connections are kept 60 s and checked before reuse."""
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL")
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL must include a database name, e.g. postgres://…/ledcheck")
    config["TEST"] = {"NAME": f"test_{config['NAME']}"}
    return config


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Set by ledcheck.test_settings (and inherited by the processes tests start); never in production.
TESTING = env_bool("LEDCHECK_TESTING")

# Production = DEBUG off and not a test run: every safety default below keys off this.
PRODUCTION = not (DEBUG or TESTING)

_DEV_SECRET_KEY = "django-insecure-ledcheck-dev-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not PRODUCTION:
        SECRET_KEY = _DEV_SECRET_KEY
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
elif PRODUCTION and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    # The key signs sessions and password-reset links: a guessable one lets anyone forge them.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not PRODUCTION:
        ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
    else:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated host names)")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before django.contrib.admin, whose registration/ templates (password reset ...) it overrides.
    "accounts",
    # Before django.contrib.admin too: translated case fields (summary_en / summary_es ...) in the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    # Case curation history: every change to a case or value kept, revertible (cases/admin.py).
    "reversion",
    # ledcheck's apps, from the bottom up: each depends only on those above it (and on accounts through
    # AUTH_USER_MODEL); README, "Code tour".
    "core",
    "framework",
    "questionnaire",
    "cases",
    "assessments",
    "workshops",
    "plans",
    "reports",
    "ledcheck",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files (an SVG can hold a script) carry the policy too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come pre-compressed) and above everything that writes a body: gzip for
    # HTML and JSON, except the responses ledcheck/compression.py says why not.
    "ledcheck.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After locale and authentication (the 413 page is translated; signed-in people may send more), before
    # any view or CSRF check reads the body.
    "core.middleware.RequestSizeLimitMiddleware",
    # HEAD is answered wherever GET is (the view sees a GET; the body is dropped).
    "core.middleware.HeadAsGetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ledcheck.urls"
# A refused CSRF check gets the site's own page, in the visitor's language, with a way back.
CSRF_FAILURE_VIEW = "ledcheck.views.csrf_failure"
WSGI_APPLICATION = "ledcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site-wide templates: templates/ in a checkout; in an installed package they ship inside it as
        # ledcheck/templates/, found like any app's templates.
        "DIRS": [path for path in [PACKAGE_DIR.parent / "templates"] if path.is_dir()],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.static",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Database ---------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": database_config(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH") or BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                # Writers take the lock up front instead of failing with
                # "database is locked" when upgrading a read transaction.
                "transaction_mode": "IMMEDIATE",
                # Django >= 5.1 runs each ';'-separated statement on connect.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username + address is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "assessments:locality_list"
LOGOUT_REDIRECT_URL = "home"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en"
# Case content a curator edits is stored per language (cases/translation.py, docs/translations.md); English
# is shown where a translation is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Español")),
]
# locale/ in a checkout; an installed package ships it as ledcheck/locale/, found like any app's.
LOCALE_PATHS = [path for path in [PACKAGE_DIR.parent / "locale"] if path.is_dir()]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files (vendored; no CDN) ----------------------------------------

STATIC_URL = "/static/"
# static/ in a checkout; an installed package ships it as ledcheck/static/, found like any app's.
STATICFILES_DIRS = [path for path in [PACKAGE_DIR.parent / "static"] if path.is_dir()]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Files served at the site's root (favicon.ico, which browsers ask for by that name) by WhiteNoise.
WHITENOISE_ROOT = next(
    (p for p in (PACKAGE_DIR.parent / "static" / "root", PACKAGE_DIR / "static" / "root") if p.is_dir()), None
)

if DEBUG:
    _staticfiles_backend = "django.contrib.staticfiles.storage.StaticFilesStorage"
else:
    _staticfiles_backend = "whitenoise.storage.CompressedManifestStaticFilesStorage"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _staticfiles_backend},
}

# --- Caches -----------------------------------------------------------------

# "matching" holds the case library encoded for matching (cases.selectors.published_library), keyed by the
# library's version: a file cache, so every worker on the machine reads what the first one encoded.
CACHE_DIR = Path(os.environ.get("LEDCHECK_CACHE_DIR") or BASE_DIR / ".cache")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "matching": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / "matching"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 10},
    },
    # Rendered case pages, library pages and result bodies under the state they show (core/fragments.py):
    # per process, a few hundred of 10-80 KB at most.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

# --- Email ------------------------------------------------------------------

# Backends that deliver nothing: the console one prints every message (password-reset links included) to the
# server's output, past the logging filter. Production refuses them unless explicitly allowed, and then
# swaps in one that only logs that a message was not sent (never its text).
NON_DELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "").strip() or (
    _SMTP_BACKEND if PRODUCTION else "django.core.mail.backends.console.EmailBackend"
)
LEDCHECK_ALLOW_UNDELIVERED_EMAIL = env_bool("LEDCHECK_ALLOW_UNDELIVERED_EMAIL")
if PRODUCTION and EMAIL_BACKEND in NON_DELIVERING_EMAIL_BACKENDS:
    if not LEDCHECK_ALLOW_UNDELIVERED_EMAIL:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND {EMAIL_BACKEND} delivers no e-mail (password resets, address verification, "
            "invitations) and would print reset links to the server's output. Configure SMTP (EMAIL_HOST "
            "...) "
            "or set LEDCHECK_ALLOW_UNDELIVERED_EMAIL=1 to run without e-mail."
        )
    EMAIL_BACKEND = "core.mail.UndeliveredEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ledcheck <noreply@localhost>")
# How long a link to verify an address or accept an invitation stays valid.
LEDCHECK_EMAIL_TOKEN_DAYS = int(os.environ.get("LEDCHECK_EMAIL_TOKEN_DAYS", 7))

# --- Request size -------------------------------------------------------------

# Checked on Content-Length before anything reads the body (core.middleware.RequestSizeLimitMiddleware):
# a larger request gets a 413 page and its body is never read. Signed-in people upload the case CSV
# (5 MB) and assessment files (1 MB); anonymous requests are logins, sign-ups and workshop answers.
LEDCHECK_MAX_REQUEST_BYTES = int(os.environ.get("LEDCHECK_MAX_REQUEST_BYTES", 6 * 1024 * 1024))
LEDCHECK_MAX_ANONYMOUS_REQUEST_BYTES = int(os.environ.get("LEDCHECK_MAX_ANONYMOUS_REQUEST_BYTES", 256 * 1024))
# Uploads within the limit stay in memory: nothing a client sends is written to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = LEDCHECK_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = LEDCHECK_MAX_REQUEST_BYTES

# --- HTTPS and browser security headers -------------------------------------

# HTTPS is the production default; LEDCHECK_HTTPS=0 serves plain HTTP (an intranet without TLS), which
# `manage.py check --deploy` then rightly reports.
HTTPS = not DEBUG and env_bool("LEDCHECK_HTTPS", default=PRODUCTION)
if HTTPS:
    # The TLS-terminating proxy must set (and overwrite) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("LEDCHECK_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The `preload` token does nothing until the domain is submitted to the browsers' preload list.
    SECURE_HSTS_PRELOAD = env_bool("LEDCHECK_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp 4). No 'unsafe-inline' anywhere: scripts and
# styles come only from our static files. data: images are Bootstrap's CSS icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Login protection (django-axes) --------------------------------------------

# Failed logins are counted in the database, so the limit holds across all gunicorn workers and servers.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LEDCHECK_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LEDCHECK_LOGIN_COOLOFF_MINUTES", 15)))
# Username AND address together: a municipal office or a workshop venue puts everyone behind one public
# address, so locking the address would lock out the whole room because of one person's typos, and
# locking the username alone would let anyone anywhere lock a colleague out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same client address as the workshop join limit (REMOTE_ADDR or LEDCHECK_CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "core.clientip.ip_address"
# The username cut to the model's 150 characters (axes' column holds 255; PostgreSQL refuses longer).
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
# Keep no row per successful login, and log usernames and addresses only masked.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]

# --- Workshop join limit (read by workshops/ratelimit.py) ---------------------

# Name of the request.META key holding the client address set by a trusted reverse proxy, e.g.
# HTTP_X_FORWARDED_FOR or HTTP_X_REAL_IP. Empty: REMOTE_ADDR. A comma-separated header (X-Forwarded-For,
# which each proxy appends to) is read from the right: LEDCHECK_TRUSTED_PROXIES is how many proxies of yours
# appended an entry, so the client address is the entry just left of theirs (core.clientip).
LEDCHECK_CLIENT_IP_HEADER = os.environ.get("LEDCHECK_CLIENT_IP_HEADER", "").strip()
LEDCHECK_TRUSTED_PROXIES = int(os.environ.get("LEDCHECK_TRUSTED_PROXIES", 1))
if LEDCHECK_TRUSTED_PROXIES < 1:
    raise ImproperlyConfigured("LEDCHECK_TRUSTED_PROXIES must be 1 or more (the proxies in front of the app)")
# IPv6 clients are limited per network of this prefix length: one person easily holds a whole /64.
LEDCHECK_IPV6_LIMIT_PREFIX = int(os.environ.get("LEDCHECK_IPV6_LIMIT_PREFIX", 64))
# Wrong codes per address per window: 100 lets a room of 60 behind one address mistype (docs/workshops.md).
LEDCHECK_JOIN_FAILURE_LIMIT = int(os.environ.get("LEDCHECK_JOIN_FAILURE_LIMIT", 100))
LEDCHECK_JOIN_FAILURE_WINDOW = int(os.environ.get("LEDCHECK_JOIN_FAILURE_WINDOW", 600))

# --- Logging ----------------------------------------------------------------

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Masks e-mail addresses, the user's name and submitted values; drops the request object.
        "no_personal_data": {"()": "ledcheck.logging.PersonalDataFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Replacing the "django" handlers also drops Django's default e-mail-the-admins handler.
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Server errors (500) with their traceback; 4xx noise stays out.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # WeasyPrint and fontTools log every layout step at INFO; only their warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
