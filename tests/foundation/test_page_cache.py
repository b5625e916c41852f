import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import make_meeting, make_person, make_user


@pytest.fixture
def page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_page_cache_serves_anonymous_pages_and_invalidates_on_data_change(client, page_cache, reference_data):
    first = client.get("/")
    second = client.get("/")
    make_meeting(participants=[(make_person(name="Newly Added Person"), "AZ", None)])
    third = client.get("/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"], third["X-Page-Cache"]) == ("miss", "hit", "miss")
    assert second.content == first.content


@pytest.mark.django_db(transaction=True)
def test_page_cache_skips_logged_in_editors_and_the_admin(client, page_cache, reference_data):
    client.force_login(make_user(username="cache-editor", editor=True))
    assert "X-Page-Cache" not in client.get("/")
    client.logout()
    assert "X-Page-Cache" not in client.get("/admin/login/")
