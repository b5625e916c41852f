import pytest


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user(username="editor", editor=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests: the countries and Editors group a previous flush may have removed."""
    from tests.factories import ensure_reference_data

    ensure_reference_data()
