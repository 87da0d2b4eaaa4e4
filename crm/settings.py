"""Settings, read from the environment.

Without DATABASE_URL the project runs on SQLite, and without REDIS_URL Celery runs
tasks eagerly in-process, so the demo needs no services at all.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "django-insecure-dev-only-key-do-not-use-in-production"  # noqa: S105
# Unset with DEBUG off, it stays empty: Django then refuses every use of it (sessions, CSRF,
# signing) while commands that only read the code, such as makemigrations, still run on a
# fresh checkout. The web process checks it at start (crm/wsgi.py).
SECRET_KEY = os.environ.get("SECRET_KEY") or (_DEV_SECRET if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_celery_beat",
    "csp",
    "core",
    "accounts",
    "customers",
    "sales",
    "complaints",
    "surveys",
    "analytics",
    "care",
    "integrations",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns lockouts raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))

# Content security policy: every script and style comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "crm.urls"
CRM_JOBS = "crm.schedules.JOBS"
WSGI_APPLICATION = "crm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: compiling costs 20-350 ms whenever an estimate passes jit_above_cost, and none of
    # our queries wins it back, not even the nightly aggregates over millions of order lines
    # (docs/architecture.md, "Data at scale").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: English and Simplified Chinese ship complete.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Grouping only where a template asks (money, intcomma): ids in links and forms stay plain.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["crm.formats"]
CRM_CURRENCY_SYMBOL = os.environ.get("CRM_CURRENCY_SYMBOL", "¥")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
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

# Redis is optional: without it the cache is in-process and Celery runs eagerly.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is away: rate limits then count in process memory.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A job is acknowledged when it is done, not when it starts: a worker that dies mid-job (even a
# pool child killed by the OOM killer) leaves it to be run again, and every job is safe to redo.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands an unacknowledged job to another worker after this long: longer than the longest
# job (the nightly churn analysis, minutes at a million customers), short enough that a job of a
# worker killed outright runs again soon.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "1800")),
    # How often a worker looks for jobs whose worker vanished (one cheap Redis scan).
    "unacked_restore_interval": int(os.environ.get("CELERY_RESTORE_INTERVAL", "30")),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A web request hands side effects over after its commit; with the broker down it must give up
# at once (the outbox sweep hands them over later), not retry for seconds.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Periodic jobs live in the database (django-celery-beat), declared in crm/schedules.py.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The outbox (core/outbox.py): how long a worker's claim on a message holds (longer than any
# handler runs), and after how long a message handed to the broker but never run is handed over
# again (the broker lost it: a Redis restart without persistence).
CRM_OUTBOX_LEASE_SECONDS = int(os.environ.get("CRM_OUTBOX_LEASE_SECONDS", "300"))
CRM_OUTBOX_REDISPATCH_SECONDS = int(os.environ.get("CRM_OUTBOX_REDISPATCH_SECONDS", "600"))
# E-mail: printed to the console while developing and in the demo; SMTP settings otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crm@example.com")

# Where links sent to customers (survey invitations) point.
CRM_PUBLIC_URL = os.environ.get("CRM_PUBLIC_URL", "http://127.0.0.1:8000")


# Care and loyalty (SPEC §2, §3, §8); every rule an administrator may want to tune.
def _tier_days(raw: str) -> dict[str, int]:
    pairs = (item.split("=") for item in raw.split(",") if "=" in item)
    return {name.strip(): int(days) for name, days in pairs}


CRM_CARE_LEAD_DAYS = int(os.environ.get("CRM_CARE_LEAD_DAYS", "3"))
CRM_CONTACT_INTERVALS = _tier_days(
    os.environ.get("CRM_CONTACT_INTERVALS", "one_to_one=14,gold=30,silver=90")
)
CRM_HOLIDAY_GREETING_TIERS = os.environ.get("CRM_HOLIDAY_GREETING_TIERS", "gold,one_to_one").split(
    ","
)
CRM_CHURN_AT_RISK_SCORE = int(os.environ.get("CRM_CHURN_AT_RISK_SCORE", "50"))
CRM_LOST_AFTER_DAYS = int(os.environ.get("CRM_LOST_AFTER_DAYS", "365"))
CRM_LOYAL_MIN_ORDERS = int(os.environ.get("CRM_LOYAL_MIN_ORDERS", "4"))  # in the last year
CRM_LOYAL_KEEP_ORDERS = int(os.environ.get("CRM_LOYAL_KEEP_ORDERS", "2"))  # below: demoted
CRM_POINTS_PER_YUAN = os.environ.get("CRM_POINTS_PER_YUAN", "0.1")
CRM_REFERRAL_POINTS = int(os.environ.get("CRM_REFERRAL_POINTS", "500"))
CRM_POINTS_VALID_DAYS = int(os.environ.get("CRM_POINTS_VALID_DAYS", "730"))

# 80/20/30 profit analysis: what one logged contact costs to serve (staff time), and the share
# of buyers that make value class A.
CRM_CONTACT_COST = os.environ.get("CRM_CONTACT_COST", "30.00")
CRM_VALUE_CLASS_A_SHARE = float(os.environ.get("CRM_VALUE_CLASS_A_SHARE", "0.2"))
# The public survey page and endpoint: per-address request budget.
SURVEY_RATE_LIMIT = os.environ.get("SURVEY_RATE_LIMIT", "60/min")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "integrations.authentication.ApiClientAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "integrations.permissions.ApiClientScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["integrations.throttling.ApiClientRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("TOKEN_THROTTLE_RATE", "30/min"),
        "survey_public": os.environ.get("SURVEY_RATE_LIMIT", "60/min"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Satisfaction CRM API",
    "DESCRIPTION": (
        "Customer archive, consumption records and contact log. Authenticate with "
        "`POST /api/v1/auth/token/` and send `Authorization: Token <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LifecycleStateEnum": "customers.choices.LifecycleState",
        "ComplaintActionEnum": "complaints.workflow.ACTION_CHOICES",
    },
}

# Production hardening: on unless DEBUG, each switchable for a TLS-terminating proxy setup.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Domain limits shared by forms, serializers and models.
CRM_TEXT_MAX_LENGTH = 4000

# Structured logs in production (one JSON object per line), readable lines while developing.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
