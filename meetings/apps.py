from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Diplomatic meetings"

    def ready(self):
        from diplomacy.pagecache import connect_invalidation

        connect_invalidation(self)
