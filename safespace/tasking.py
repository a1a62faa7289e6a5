"""Publishing Celery tasks from the code that writes the rows they work on: the one place that talks
to the broker on behalf of a member's request."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

URGENT = "urgent"


def publish(task, *args, queue: str | None = None) -> bool:
    """Publishes task(*args) now. Returns False, having logged why, when the broker could not take
    it: the rows the task works on are committed already, and the outbox sweepers publish the task
    again once the broker is back, so nothing is lost by answering the member at once.

    retry=False and the broker's one-second timeouts (settings) bound the cost of a stopped Redis to
    about a second; every error is caught here, because a failed publish must never become a failed
    page for someone whose post is already saved."""
    options = {"retry": False}
    if queue:
        options["queue"] = queue
    if task.app.conf.task_always_eager:
        # No broker: the task runs here and now, and its own errors are not publishing errors.
        task.apply_async(args=args, **options)
        return True
    try:
        task.apply_async(args=args, **options)
    except Exception:  # noqa: BLE001  kombu, redis-py and socket errors all mean "later"
        logger.warning("Could not publish %s%r; left for the outbox sweeper", task.name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, queue: str | None = None) -> None:
    """Publishes task(*args) once the current transaction commits (at once outside one), on its
    routed queue or on `queue` (URGENT for what a moderator must see within seconds)."""
    transaction.on_commit(lambda: publish(task, *args, queue=queue))
