"""The archive's URLs plus one test-only view that reads, writes, then reads again."""

from django.http import JsonResponse
from django.urls import include, path

from meetings.models import Source, Topic


def read_write_read(request):
    """Which sources the request sees before and after it writes (a topic named by ?topic=)."""
    before = sorted(Source.objects.values_list("name", flat=True))
    Topic.objects.get_or_create(name=request.GET["topic"], defaults={"slug": request.GET["topic"].lower()})
    after = sorted(Source.objects.values_list("name", flat=True))
    return JsonResponse({"before": before, "after": after})


urlpatterns = [
    path("test/read-write-read/", read_write_read),
    path("", include("diplomacy.urls")),
]
