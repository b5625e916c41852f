"""The Celery app that runs ingestion on worker processes: `.venv/bin/celery -A diplomacy worker`.

Its settings are the CELERY_* names in diplomacy/settings.py; the tasks live in meetings/tasks.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")

app = Celery("diplomacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
