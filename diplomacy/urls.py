from django.contrib import admin
from django.urls import include, path

from diplomacy.health import health

admin.site.site_header = "Diplomatic Meetings Archive: editors"
admin.site.site_title = "Meetings archive editors"
admin.site.index_title = "Curation"

urlpatterns = [
    path("healthz", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
]
