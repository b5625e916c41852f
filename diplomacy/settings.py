"""Settings for the Diplomatic Meetings Archive, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HSTS); the run command sets
DEBUG=1 for local use. See the README's configuration table for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (the run command sets DEBUG=1).")
    SECRET_KEY = "development-only-key-not-for-production-" + "x" * 24

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "diplomacy.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so a cached page for an anonymous visitor (no session cookie) skips the rest of the
    # stack; the security headers above are still added to it on the way out.
    "diplomacy.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: logged-in editors always read the primary.
    "diplomacy.routers.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "diplomacy.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns locked-out logins into a clear response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins: five failures for one (username, IP) pair lock that pair for 15 minutes. Never by
# username alone, which would let anyone lock an editor out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

ROOT_URLCONF = "diplomacy.urls"
WSGI_APPLICATION = "diplomacy.wsgi.application"

TEMPLATES = [
    # The public pages (diplomacy/templating.py says why Jinja2); names do not overlap with the
    # admin's and the plain error pages' templates, which Django's engine renders.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "diplomacy.templating.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Settings for every database session. PostgreSQL's JIT compiles any statement it estimates as
# expensive: at 2M meetings that was 0.9 s of compiling in a 3.9 s page aggregate, and timing that
# aggregate with JIT on and off showed no gain from it. It pays off for long analytic queries, which
# this application does not run.
SESSION_OPTIONS = "-c jit=off"


def with_session_options(options: dict) -> dict:
    """`options` plus SESSION_OPTIONS after any options the database URL already gives."""
    return {**options, "options": f"{options.get('options', '')} {SESSION_OPTIONS}".strip()}


def postgres_database(variable: str, url: str) -> dict:
    """Django's settings for one PostgreSQL URL, or a clear error naming the variable it came from."""
    try:
        database = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except (ValueError, dj_database_url.UnknownSchemeError) as error:
        raise ImproperlyConfigured(f"{variable} is not a usable database URL ({error})") from None
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"{variable} must point to PostgreSQL (postgres://...): search needs pg_trgm and unaccent"
        )
    database["OPTIONS"] = with_session_options(database.get("OPTIONS", {}))
    database["CONN_HEALTH_CHECKS"] = True
    return database


# Database: DATABASE_URL when set; otherwise the embedded PostgreSQL server, started lazily on
# the first connection (diplomacy/db/embedded). There is no SQLite fallback: search needs
# pg_trgm, unaccent and full-text search.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": postgres_database("DATABASE_URL", os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "diplomacy.db.embedded",
            "NAME": "diplomacy",
            "USER": "postgres",
            "HOST": "",
            "PORT": "",
            "CONN_MAX_AGE": 0,
            "OPTIONS": with_session_options({}),
            "CONN_HEALTH_CHECKS": True,
        }
    }

# Read replicas (streaming replicas of the primary, kept by PostgreSQL itself): each URL becomes
# DATABASES["replica_N"]. diplomacy.routers sends anonymous visitors' reads there and everything
# else to the primary; see docs/scaling.md for the rules.
DATABASE_REPLICAS = []
for number, replica_url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica_{number}"] = postgres_database("DATABASE_REPLICA_URLS", replica_url)
    DATABASE_REPLICAS.append(f"replica_{number}")
# Installed only with replicas: without them Django routes everything to "default" as it always has.
DATABASE_ROUTERS = ["diplomacy.routers.PrimaryReplicaRouter"] if DATABASE_REPLICAS else []
# After a client's write its reads stay on the primary this long, so it sees its own change even
# when the replicas lag behind (a signed cookie carries the window).
REPLICA_STICKY_SECONDS = env_int("REPLICA_STICKY_SECONDS", 5)
REPLICA_STICKY_COOKIE = "read_primary"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names so pages can be cached forever; whitenoise serves them compressed.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# Security: production defaults; DEBUG relaxes only what breaks plain-HTTP local use.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts anywhere; everything is served from our own origin (no CDN, no external font).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Caches: Redis when REDIS_URL is set (shared by every web process), else a bounded in-process cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Sized so that the pages of a busy archive fit without thrashing (about 200 MB of pages).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
PAGE_CACHE_ALIAS = "default"
# Anonymous pages are cached this long at most; any data change invalidates them at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# From this many public meetings on, a person's page reads their counts from the person rollups
# (meetings.rollups); below it, counting their participations takes milliseconds.
PERSON_ROLLUP_MIN_MEETINGS = env_int("PERSON_ROLLUP_MIN_MEETINGS", 1000)

# `manage.py migrate` waits at most this long for a table lock on a live database.
MIGRATION_LOCK_TIMEOUT = os.environ.get("MIGRATION_LOCK_TIMEOUT", "5s")

# Requests per minute per client address on the expensive public endpoints (0: no limit).
RATE_LIMITS = {
    "export": env_int("RATE_LIMIT_EXPORTS", 20),
    "search": env_int("RATE_LIMIT_SEARCH", 120),
}
# Take the client address from the last X-Forwarded-For entry (only behind a trusted proxy).
RATE_LIMIT_TRUST_FORWARDED_FOR = env_bool("BEHIND_PROXY", False)

# Ingestion limits (bytes per input file).
INGEST_MAX_FILE_BYTES = env_int("INGEST_MAX_FILE_BYTES", 20 * 1024 * 1024)

# Task queue for `manage.py ingest --queue` (Celery, diplomacy/celery.py): the shared Redis by
# default. Results go to the same Redis so `--wait` can print the combined tally.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_RESULT_EXPIRES = 24 * 3600
# A task is acknowledged only once it has finished, and a worker reserves one task at a time: a
# file whose worker is killed goes back to the queue for another worker. Storing is idempotent
# (content hashes), so a file ingested twice stores nothing twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this long: longer than any one file
# takes to ingest, or a slow file would run twice at once (harmless, but wasted work).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# JSON only: a pickled message from anyone who can write to the broker would run code here.
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_ACCEPT_CONTENT = ["json"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
