"""Thin Celery adapters for follow-ups: the service sends each reminder once, however often it runs."""

from celery import shared_task

from care import services


@shared_task(name="care.send_due_reminders", time_limit=300, soft_time_limit=240)
def send_due_reminders() -> int:
    return services.send_due_reminders()
