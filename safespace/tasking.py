"""Publishing Celery tasks from the code that writes the rows they work on."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Publishes task(*args) once the current transaction commits (at once outside one).

    A broker outage is logged, not raised: the rows the task works on are committed already, the
    member's page succeeds, and the outbox sweeper publishes the task again once the broker is back.
    retry=False so a down broker costs the request milliseconds, not Celery's retry back-off."""

    def publish():
        try:
            task.apply_async(args=args, retry=False)
        except (OperationalError, ConnectionError, OSError):
            logger.warning("Broker unreachable; %s%r left for the outbox sweeper", task.name, args)

    transaction.on_commit(publish)
