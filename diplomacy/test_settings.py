"""Settings for the test suite: production settings with speed-only overrides."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-not-used-anywhere-else-0123456789")
# The test client speaks plain HTTP; everything else stays as in production.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from diplomacy.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic before tests: serve unhashed files from the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests see live data; the page cache has its own tests that switch it on.
PAGE_CACHE_SECONDS = 0

# Browser and page tests make many requests from one address; the limiter has its own tests.
RATE_LIMITS = {"export": 0, "search": 0}

# A stand-in read replica for tests/scale: a second, separate database on the same server as the
# default one. With no replicas configured the router is not installed, so pytest-django creates and
# migrates the stand-in like any database for the tests that list it in `databases=`; those tests
# then switch the router on (the `replica` fixture in tests/scale/conftest.py). Outside tests the
# alias names the primary's own database, so nothing can ever write to a real replica through it.
DATABASES = {"default": DATABASES["default"]}  # noqa: F405  (no configured replicas in tests)
DATABASE_REPLICAS = []
DATABASE_ROUTERS = []
_default_test_name = (
    DATABASES["default"].get("TEST", {}).get("NAME") or f"test_{DATABASES['default']['NAME']}"
)
DATABASES["replica_1"] = {
    **DATABASES["default"],
    "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),
    "TEST": {"NAME": f"{_default_test_name}_replica"},
}

# The queue tests' own broker: a dedicated Redis database, which they flush (never the real broker).
CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
