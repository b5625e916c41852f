from django.urls import path

from diplomacy.ratelimit import rate_limited
from meetings import exports, views
from meetings.feeds import MeetingFeed

app_name = "meetings"

urlpatterns = [
    path("", views.Home.as_view(), name="home"),
    path("meetings/", views.MeetingList.as_view(), name="meeting-list"),
    # Exports stream up to the whole archive and search runs trigram matching: both are limited per client.
    path("meetings/export.csv", rate_limited("export")(exports.export_csv), name="export-csv"),
    path("meetings/export.json", rate_limited("export")(exports.export_json), name="export-json"),
    path("meetings/feed/", MeetingFeed(), name="feed"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting-detail"),
    path("people/<slug:slug>/", views.PersonDetail.as_view(), name="person-detail"),
    path("organizations/<slug:slug>/", views.OrganizationDetail.as_view(), name="organization-detail"),
    path("countries/<str:iso2>/", views.CountryDetail.as_view(), name="country-detail"),
    path("countries/<str:first_iso2>/<str:second_iso2>/", views.Bilateral.as_view(), name="bilateral"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("search/", rate_limited("search")(views.Search.as_view()), name="search"),
    path("search/autocomplete/", rate_limited("search")(views.autocomplete), name="autocomplete"),
    path("about/", views.About.as_view(), name="about"),
]
