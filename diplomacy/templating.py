"""The Jinja2 environment of the public pages (templates/jinja2/).

The public pages are rendered by Jinja2 rather than Django's template language: Jinja2 compiles a
template to Python, where Django's engine walks a node tree and resolves every variable at run
time, and the list pages spent a third of their time there (see docs/performance.md). The admin
and the plain error pages stay on Django's engine.

Templates see the helpers below under the names Django's templates used ({% url %} becomes
url(...), {% static %} static(...)), and Django's own filters where Jinja2 has none or writes
something else (intcomma, pluralize, date, urlencode), so pages render the same HTML.
"""

from __future__ import annotations

import functools

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date, pluralize, urlencode
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from jinja2 import Environment, pass_context

from meetings.templatetags.meetings_tags import (
    facet_items,
    kind_badge,
    meeting_headline,
    meeting_rows,
    meeting_when,
    readable_date,
    status_badge,
    timeline_rects,
)


def url(name: str, *args) -> str:
    return _reverse(get_script_prefix(), name, args)


@functools.lru_cache(maxsize=4096)
def _reverse(script_prefix: str, name: str, args: tuple) -> str:
    # A page asks for a score of addresses that never change while the process runs (the prefix
    # is part of the key): reverse() cost a twelfth of the meeting list's rendering time.
    return reverse(name, args=args or None)


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


def thousands(value) -> str:
    """intcomma for whole numbers without looking up the locale's number formats at each number:
    the pages are in British English, which groups digits as Python does. Others go to intcomma."""
    if type(value) is int:
        return f"{value:,}"
    return intcomma(value)


@pass_context
def canonical_url(context) -> str:
    """This page's absolute URL without tracking noise; list pages add their filter query."""
    request = context["request"]
    try:
        return request.build_absolute_uri(request.path) + context.get("canonical_query", "")
    except DisallowedHost:
        # The 400 page for a forged Host header: naming that host would fail the same way again.
        return request.path


def environment(**options) -> Environment:
    # Like Django's engine: a template's last newline is kept, so includes join as they did.
    env = Environment(keep_trailing_newline=True, **options)
    env.globals.update(
        url=url,
        static=static,
        canonical_url=canonical_url,
        kind_badge=kind_badge,
        status_badge=status_badge,
    )
    env.filters.update(
        intcomma=thousands,
        pluralize=pluralize,
        date=date,
        urlencode=urlencode,
        readable_date=readable_date,
        meeting_when=meeting_when,
        meeting_headline=meeting_headline,
        meeting_rows=meeting_rows,
        facet_items=facet_items,
        timeline_rects=timeline_rects,
    )
    return env
