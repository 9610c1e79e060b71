"""
Settings for Allianceportalen, read from the environment.

One file for every place the portal runs: the defaults give a local trial on
SQLite in debug mode; production sets DJANGO_DEBUG=false, a secret key,
allowed hosts, DATABASE_URL and SMTP. Every variable is listed in .env.example.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_secret(name, default=""):
    """Read NAME_FILE (a Docker or systemd secret) before NAME itself."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# On for a local checkout, as in healthchecks: production sets DJANGO_DEBUG=false,
# which also demands a secret key and turns on secure cookies and HSTS.
DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The alliance's identity (alliance/identity.py): the name it goes by in headings,
# e-mails and the page title; a short name for narrow screens; its mark, a static
# file's path or an address on the portal's own site ("/media/logo.png"); its colour,
# which must reach 4.5:1 contrast against white (`manage.py check` says so); and the
# organisation behind the portal, named in the footer.
ALLIANCE_NAME = os.environ.get("ALLIANCE_NAME", "Alliancen")
ALLIANCE_SHORT_NAME = os.environ.get("ALLIANCE_SHORT_NAME", "")
ALLIANCE_LOGO = os.environ.get("ALLIANCE_LOGO", "img/logo.svg")
ALLIANCE_COLOUR = os.environ.get("ALLIANCE_COLOUR", "#1b5e9e")
ALLIANCE_OWNER = os.environ.get("ALLIANCE_OWNER", "")
# A volunteer's børneattest counts as valid this many days after it was checked.
VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS = int(
    os.environ.get("VOLUNTEER_CHILD_CERTIFICATE_VALID_DAYS", "730")
)
# This many days before it expires, a certificate is flagged and the secretariat is told.
VOLUNTEER_CHILD_CERTIFICATE_WARN_DAYS = int(
    os.environ.get("VOLUNTEER_CHILD_CERTIFICATE_WARN_DAYS", "30")
)
# Public results and open data hide a group of fewer people than this.
MEASUREMENT_MIN_GROUP_SIZE = int(os.environ.get("MEASUREMENT_MIN_GROUP_SIZE", "5"))

INSTALLED_APPS = [
    "alliance",
    "members",
    "agenda",
    "initiatives",
    "volunteers",
    "measurement",
    "communication",
    "secretariat",
    "pages",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alliance.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alliance.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.context_processors.portal",
                "secretariat.context_processors.survey",
            ],
        },
    },
    # Plain-text mail: the same templates, never HTML-escaped, so "Byg & Anlæg"
    # arrives as written and not as "Byg &amp; Anlæg".
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the SQL, so a query the portal runs again and again
    # (the overviews' counts) is prepared once per connection and not planned anew on
    # every request: the planning of a query with many joins costs more than running it.
    # Empty turns preparing off, as a pooler in transaction mode needs.
    _prepare_after = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=int(_prepare_after) if _prepare_after else None,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the rate limits (log-in, password reset, sign-up), so in
# production every worker and node must share it: Redis when REDIS_URL is set,
# else a table in the portal's own database, which `migrate` creates
# (alliance/apps.py) whatever the cache settings while migrating. Local
# memory, one cache per process, only in debug mode and tests.
DATABASE_CACHE_TABLE = "portal_cache"
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
elif not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
            # A full table loses a third of its rows, rate-limit counts included;
            # Django's default of 300 rows is far too few for that.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# Guessing passwords: after this many failed log-ins for one account, or from
# one address, within the lockout period, further log-ins are refused without
# checking the password until the period ends. A password reset lifts an
# account's lock. Reset links: at most this many mails an hour to one address,
# and requests from one address; beyond that the page answers as usual.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "30"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", "3"))
PASSWORD_RESETS_PER_IP_PER_HOUR = int(os.environ.get("PASSWORD_RESETS_PER_IP_PER_HOUR", "20"))

AUTH_USER_MODEL = "members.User"
LOGIN_URL = "members:login"
# After logging in: onwards by role, the secretariat to its home and members to theirs.
LOGIN_REDIRECT_URL = "secretariat:landing"
LOGOUT_REDIRECT_URL = "pages:home"

# Length and common-password checks only: character-class rules make
# passwords worse, and pasting from a password manager must always work.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# How long an invitation link stays valid.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Messages live in the session: the portal sets no cookies beyond the
# session, CSRF and language cookies, so it needs no cookie banner.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Nothing is loaded from elsewhere and nothing runs inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # The nonce lets base.html set the alliance's colour (alliance/identity.py).
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds every subdomain for good: a choice for the host, not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Allianceportalen <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": int(os.environ.get("SMTP_PORT", "587")),
                "username": os.environ.get("SMTP_USER", ""),
                "password": env_secret("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Mail goes out through tasks so a slow or failing mail server never breaks
# the request that caused it. "immediate" runs a task right after the
# request's transaction commits (the default in debug mode: trying it out,
# tests); "database" keeps tasks in the database for `manage.py db_worker`,
# which retries failed mail later, so nothing is lost while the mail server is
# down (the default in production).
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND") or ("immediate" if DEBUG else "database")
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replace Django's own console handler so each line is logged once.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# The official accessibility statement, for Danish public bodies published in
# the state's WAS tool. Without it the footer links to the portal's own page.
ACCESSIBILITY_STATEMENT_URL = os.environ.get("ACCESSIBILITY_STATEMENT_URL", "")

# How long volunteers' data is kept, in months of 30 days, by the volunteer's
# status and consents (volunteers/retention.py); the privacy notice states them.
# New, never confirmed by e-mail, counted from the sign-up:
VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS = int(
    os.environ.get("VOLUNTEER_UNCONFIRMED_RETENTION_MONTHS", "1")
)
# New and confirmed, never contacted, counted from the sign-up:
VOLUNTEER_NEW_RETENTION_MONTHS = int(os.environ.get("VOLUNTEER_NEW_RETENTION_MONTHS", "6"))
# Contacted but never active, counted from the last status change:
VOLUNTEER_CONTACTED_RETENTION_MONTHS = int(
    os.environ.get("VOLUNTEER_CONTACTED_RETENTION_MONTHS", "12")
)
# Paused, and ended, counted from the pause or the end:
VOLUNTEER_PAUSED_RETENTION_MONTHS = int(os.environ.get("VOLUNTEER_PAUSED_RETENTION_MONTHS", "24"))
VOLUNTEER_ENDED_RETENTION_MONTHS = int(os.environ.get("VOLUNTEER_ENDED_RETENTION_MONTHS", "24"))
# Contact consent withdrawn (and not active), counted from the withdrawal:
VOLUNTEER_WITHDRAWN_RETENTION_MONTHS = int(
    os.environ.get("VOLUNTEER_WITHDRAWN_RETENTION_MONTHS", "1")
)

# The volunteer sign-up's protection against spam, without outside services.
VOLUNTEER_MIN_FILL_SECONDS = int(os.environ.get("VOLUNTEER_MIN_FILL_SECONDS", "3"))
VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR = int(os.environ.get("VOLUNTEER_SIGNUPS_PER_IP_PER_HOUR", "20"))
# Days the links in e-mails to volunteers work (confirm, see my data, stay registered).
VOLUNTEER_LINK_VALID_DAYS = int(os.environ.get("VOLUNTEER_LINK_VALID_DAYS", "30"))
# Days a repeated sign-up with a known address waits for its owner to confirm it.
VOLUNTEER_CHANGE_VALID_DAYS = int(os.environ.get("VOLUNTEER_CHANGE_VALID_DAYS", "7"))
# Minutes the mailed link that deletes a volunteer's data works (once).
VOLUNTEER_DELETE_LINK_VALID_MINUTES = int(
    os.environ.get("VOLUNTEER_DELETE_LINK_VALID_MINUTES", "60")
)
# Active volunteers are asked once a year whether they want to stay registered;
# those who have not answered after the answer period are paused.
VOLUNTEER_STAY_ASK_DAYS = int(os.environ.get("VOLUNTEER_STAY_ASK_DAYS", "365"))
VOLUNTEER_STAY_ANSWER_DAYS = int(os.environ.get("VOLUNTEER_STAY_ANSWER_DAYS", "30"))

# The portal's own address, for links in e-mails sent outside a request
# (the yearly question to volunteers, sent by a scheduled command).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000")

# How many proxies (load balancer, TLS terminator) stand in front of gunicorn;
# the visitor's address for rate limits is read from X-Forwarded-For then.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
