import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safespace.settings.local")

app = Celery("safespace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The notification tasks live beside the outbox and emails they drain.
app.autodiscover_tasks(["forums.notifications"])
