import pytest

from tests.factories import Archive, make_archive


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Templates call {% static %}; the manifest storage needs collectstatic, which tests skip."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def archive(db) -> Archive:
    return make_archive()


def page_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()
