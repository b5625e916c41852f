import pytest


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user(username="editor", editor=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
