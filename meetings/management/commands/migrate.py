"""Django's migrate with a lock timeout, so a migration never queues behind live traffic for long.

A schema change that cannot get its lock within MIGRATION_LOCK_TIMEOUT fails instead of
blocking every query that arrives after it; run it again when traffic is quieter. Indexes on big
tables are built with AddIndexConcurrently in non-atomic migrations (tests/foundation checks it).
"""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import connections


class Command(DjangoMigrateCommand):
    def handle(self, *args, **options):
        with connections[options["database"]].cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [settings.MIGRATION_LOCK_TIMEOUT])
        return super().handle(*args, **options)
