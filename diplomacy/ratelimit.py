"""Per-client request limits for the expensive public endpoints (exports, search, autocomplete).

A fixed one-minute window counted in the cache (Redis when REDIS_URL is set, so the limit holds
across every web process). Over the limit: 429 with Retry-After, never a 500.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse


def client_address(request) -> str:
    """The client's IP address; behind a trusted proxy, the address that proxy saw."""
    if settings.RATE_LIMIT_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(scope: str):
    """Limit a view to settings.RATE_LIMITS[scope] requests per minute per client address."""

    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            limit = settings.RATE_LIMITS.get(scope)
            if limit:
                window = int(time.time() // 60)
                key = f"ratelimit:{scope}:{client_address(request)}:{window}"
                cache.add(key, 0, timeout=70)
                try:
                    count = cache.incr(key)
                except ValueError:  # evicted between add and incr
                    cache.set(key, 1, timeout=70)
                    count = 1
                if count > limit:
                    response = HttpResponse(
                        f"Too many {scope} requests from your address; at most {limit} a minute. Please wait a moment.\n",
                        status=429,
                        content_type="text/plain; charset=utf-8",
                    )
                    response["Retry-After"] = str(60 - int(time.time()) % 60)
                    return response
            return view(request, *args, **kwargs)

        return limited

    return decorate
