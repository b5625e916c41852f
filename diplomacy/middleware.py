"""Cross-cutting HTTP behaviour: the Content-Security-Policy and a clean page when the database is away."""

from __future__ import annotations

import logging

from csp.middleware import CSPMiddleware
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site-wide policy, with inline *styles* allowed in the admin only.

    Django's admin still sets a few `style=` attributes (collapsible fieldsets, widget
    wrappers); scripts stay `'self'`-only everywhere.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page (and Retry-After) instead of a 500 when PostgreSQL is unreachable.

    The connection is re-established on the next request (CONN_HEALTH_CHECKS), so the site
    recovers by itself when the database returns.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from django.http import HttpResponse

        logger.error("database unavailable while serving %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
