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
