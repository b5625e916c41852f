import threading
import time

import pytest
from django.db import connection, transaction

from meetings.models import Article, Meeting
from meetings.resolve import Resolver
from meetings.store import reextract_article, store_article
from tests.store.test_store import bayramov_meets_almalik, document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_editor_edit_during_reextraction_is_not_overwritten():
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    meeting_id = Meeting.objects.get().pk
    editing = threading.Event()

    def editor_saves_slowly():
        try:
            with transaction.atomic():
                meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
                meeting.place = "ICESCO headquarters"
                meeting.locked_fields = ["place"]
                meeting.save()
                editing.set()
                time.sleep(1.0)  # the editor's transaction is still open while re-extraction starts
        finally:
            connection.close()

    editor = threading.Thread(target=editor_saves_slowly)
    editor.start()
    assert editing.wait(10)

    reextract_article(article=Article.objects.get(), extraction=bayramov_meets_almalik(place="Rabat", version="v2"),
                      resolver=Resolver())  # fmt: skip
    editor.join()

    meeting = Meeting.objects.get()
    assert (meeting.pk, meeting.place, meeting.locked_fields) == (
        meeting_id,
        "ICESCO headquarters",
        ["place"],
    )
