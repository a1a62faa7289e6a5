"""The test suite: SQLite unless DATABASE_URL is set (CI sets it to PostgreSQL), in-memory email."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; never outside tests
# Tests decide per test whether a task runs in-process or on a real worker.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
ACCOUNT_RATE_LIMITS = False
# Most tests write several posts as brand-new members; the tests of first-post approval switch it on.
MODERATION_HOLD_FIRST_POST = False
# Staffed around the clock, so no test depends on the hour it runs at; staffing tests set their own hours.
MODERATION_STAFFED_HOURS = "00:00-00:00"
