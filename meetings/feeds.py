"""Atom feed of any filtered meetings list: /meetings/feed/?country=az (same parameters as the list)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from meetings.filters import active_filters, filter_params, query_string
from meetings.queries import search_meetings
from meetings.templatetags.meetings_tags import kind_label, meeting_headline, meeting_when

FEED_ITEMS = 50


class MeetingFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        filterset, meetings = search_meetings(request.GET)
        if not filterset.is_valid():
            lines = [
                f"{name}: {message}" for name, errors in filterset.form.errors.items() for message in errors
            ]
            return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
        # A Feed instance serves every request, so per-request state travels on the request.
        request.meeting_search = (filterset, meetings)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        filterset, meetings = request.meeting_search
        params = filter_params(request.GET)
        return {"filterset": filterset, "meetings": meetings, "params": params}

    def title(self, obj):
        chips = active_filters(obj["filterset"], obj["params"])
        if not chips:
            return "Diplomatic Meetings Archive: latest meetings"
        return "Diplomatic Meetings Archive: " + "; ".join(f"{chip.label} {chip.value}" for chip in chips)

    def link(self, obj):
        return reverse("meetings:meeting-list") + query_string(obj["params"])

    def feed_url(self, obj):
        return reverse("meetings:feed") + query_string(obj["params"])

    def subtitle(self, obj):
        return "Meetings between officials, as reported in the news and extracted by the archive."

    def items(self, obj):
        return obj["meetings"][:FEED_ITEMS]

    def item_title(self, item):
        return meeting_headline(item)

    def item_description(self, item):
        parts = [meeting_when(item), kind_label(item.kind)]
        if item.place:
            parts.append(item.place)
        if item.context_event:
            parts.append(f"on the sidelines of {item.context_event}")
        topics = ", ".join(topic.name for topic in item.topics.all())
        if topics:
            parts.append(f"topics: {topics}")
        if item.status == "unreviewed":
            parts.append("not yet reviewed by an editor")
        return "; ".join(parts) + "."

    def item_pubdate(self, item):
        if item.date_start:
            return dt.datetime.combine(item.date_start, dt.time(), tzinfo=dt.UTC)
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
