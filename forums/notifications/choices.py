"""What members do with their notifications: read them, choose how often email comes, take a
break, unsubscribe from a link in an email."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from forums.models import DEFAULT_EMAIL_CADENCE, EmailCadence, EmailPreference, Notification
from forums.notifications.email import DIGEST
from forums.notifications.selectors import email_cadences_for, forget_unread_counts


def mark_notification_read(notification: Notification, *, member) -> bool:
    updated = Notification.objects.filter(pk=notification.pk, recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if updated:
        forget_unread_counts([member.pk])
    return bool(updated)


def mark_all_notifications_read(*, member) -> int:
    updated = Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread_counts([member.pk])
    return updated


def set_email_cadences(*, member, cadences: dict[str, str]) -> None:
    """Stores the member's choices; a choice equal to the default is stored as no row at all."""
    with transaction.atomic():
        for kind, cadence in cadences.items():
            if cadence == DEFAULT_EMAIL_CADENCE[kind]:
                EmailPreference.objects.filter(member=member, kind=kind).delete()
            else:
                EmailPreference.objects.update_or_create(member=member, kind=kind, defaults={"cadence": cadence})


def unsubscribe(*, member, kind: str) -> list[str]:
    """From an email's one-click link: stops that kind of email (for a digest, everything that
    goes into the digest). Returns the kinds switched off."""
    if kind == DIGEST:
        current = email_cadences_for([member.pk])[member.pk]
        kinds = [k for k, cadence in current.items() if cadence == EmailCadence.DAILY]
    else:
        kinds = [kind]
    set_email_cadences(member=member, cadences={k: EmailCadence.OFF for k in kinds})
    return kinds


BREAK_LENGTHS = {"day": timedelta(days=1), "week": timedelta(days=7)}
UNTIL_I_RETURN = "return"


def _set_break(member, *, until, until_return: bool) -> None:
    fields = {"notifications_paused_until": until, "notifications_paused_until_return": until_return}
    get_user_model().objects.filter(pk=member.pk).update(**fields)
    for name, value in fields.items():
        setattr(member, name, value)


def pause_notifications(*, member, length: str) -> None:
    """Take a break: no emails, a quiet bell. `length` is "day", "week" or "return"."""
    if length == UNTIL_I_RETURN:
        _set_break(member, until=None, until_return=True)
    else:
        _set_break(member, until=timezone.now() + BREAK_LENGTHS[length], until_return=False)


def resume_notifications(*, member) -> None:
    _set_break(member, until=None, until_return=False)
