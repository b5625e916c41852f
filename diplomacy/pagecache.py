"""A page cache for anonymous visitors, invalidated whenever the archive's data changes.

Keys carry a data version: any committed change to a meetings model bumps it, so every cached
page becomes stale at once without a scan over keys. With REDIS_URL set the cache is shared by
every web process (any number of gunicorn workers or machines); otherwise it is per process.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "archive:data-version"
# Never cached: the editors' admin, the health check, and streamed exports.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/static/")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _fresh_version() -> int:
    # A random start rather than 1: after the cache is flushed (or a test clears it) the version
    # must not come back to a value something derived from older data is still kept under
    # (queries.known_entities keeps a map per version in process memory).
    return secrets.randbits(48)


def data_version() -> int:
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version if version is not None else _fresh_version()


def bump_data_version(**kwargs) -> None:
    """Called after any committed change to the archive's data."""

    def bump():
        cache = _cache()
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet: any new one makes every cached page stale
            cache.set(VERSION_KEY, _fresh_version(), timeout=None)

    transaction.on_commit(bump)


def connect_invalidation(app_config) -> None:
    for model in app_config.get_models():
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(
            bump_data_version, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}"
        )
    m2m_changed.connect(bump_data_version, dispatch_uid="pagecache-m2m")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        cache = _cache()
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            from django.http import HttpResponse

            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in {"set-cookie", "vary"}]
            cache.set(
                key, (response.status_code, headers, response.content), timeout=settings.PAGE_CACHE_SECONDS
            )
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_request(request) -> bool:
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(UNCACHED_PREFIXES) or request.path.endswith((".csv", ".json")):
            return False
        # Logged-in editors see live data (and messages); anonymous visitors have no session cookie.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def _cacheable_response(response) -> bool:
        return (
            response.status_code in (200, 301, 404)
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request) -> str:
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"page:{data_version()}:{request.method}:{digest}"
