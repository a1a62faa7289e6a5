"""Settings for the real worker processes the fault-injection tests start and kill: the test
settings, with tasks going through Redis (REDIS_URL) and emails written one file each to
FAULT_MAIL_DIR, after FAULT_EMAIL_DELAY seconds (a slow mail server, so a kill lands mid-run)."""

from safespace.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.fault_email.FileEachBackend"
# One process per worker, so SIGKILL takes the whole worker down at once, as an OOM kill would.
CELERY_WORKER_POOL = "solo"
CELERY_WORKER_CONCURRENCY = 1
