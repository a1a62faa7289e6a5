"""Thin Celery adapters for notifications: take ids, call the service, which does nothing twice.
The names are stable (routes and the beat schedule in settings refer to them)."""

from celery import shared_task

from forums.notifications import email, outbox


@shared_task(name="forums.fan_out_notification_event")
def fan_out_notification_event(event_id: int) -> int:
    return outbox.fan_out_event(event_id)


@shared_task(name="forums.send_notification_email")
def send_notification_email(delivery_id: int) -> bool:
    return email.send_email_delivery(delivery_id)


@shared_task(name="forums.sweep_notification_outbox")
def sweep_notification_outbox() -> list[int]:
    return list(outbox.sweep_outbox())


@shared_task(name="forums.queue_daily_digests")
def queue_daily_digests() -> int:
    return email.queue_daily_digests()


@shared_task(name="forums.send_member_digest")
def send_member_digest(member_id: int, day: str) -> bool:
    return email.send_member_digest(member_id, day)


@shared_task(name="forums.sweep_daily_digests")
def sweep_daily_digests() -> int:
    return email.sweep_daily_digests()
