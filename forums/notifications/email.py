"""The emails notifications send, and sending them once.

Text and HTML come from our own templates, with a signed one-click unsubscribe link per kind (no
login needed) and the List-Unsubscribe headers mail apps offer. Each email is one EmailDelivery row
whose status moves under a row lock, so a retried task or the outbox sweeper never sends it twice;
the daily digest is one row per member and day."""

import logging
import smtplib
from datetime import datetime, timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import (
    BREAK_EXEMPT_KINDS,
    MODERATOR_KINDS,
    BoardFollow,
    EmailDelivery,
    EmailDeliveryStatus,
    Notification,
    NotificationKind,
    Thread,
)
from forums.notifications.outbox import SENDING_STALE_AFTER, post_is_public
from forums.notifications.selectors import digest_content_for_member, notification_headline
from forums.selectors.preferences import is_muted_by
from moderation.sanitise import render_plain_excerpt
from safespace.tasking import publish
from safespace.text import single_line

logger = logging.getLogger(__name__)

# An unsubscribe link for the daily summary (every kind that goes into it) rather than one kind.
DIGEST = "digest"
UNSUBSCRIBE_SALT = "forums.email-unsubscribe"
EXCERPT_LENGTH = 300
MAX_EMAIL_ATTEMPTS = 8
DIGEST_LOOKBACK = timedelta(days=2)


def unsubscribe_token(member, kind: str) -> str:
    return signing.dumps({"member": member.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(member id, kind) from a link we sent, or None for anything we did not sign."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("member"), int):
        return None
    kind = data.get("kind")
    if kind != DIGEST and kind not in NotificationKind.values:
        return None
    return data["member"], kind


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _unsubscribe_url(member, kind: str) -> str:
    return absolute(reverse("forums:email-unsubscribe", kwargs={"token": unsubscribe_token(member, kind)}))


def excerpt_for_email(notification: Notification) -> str:
    """A short plain excerpt of the post, except where the email must carry only a link: posts on
    sensitive boards, posts behind a content warning, and anything that is not a post event."""
    post = notification.post
    if post is None or notification.kind not in (NotificationKind.REPLY, NotificationKind.MENTION):
        return ""
    if post.thread.board.is_sensitive or post.content_warnings:
        return ""
    return render_plain_excerpt(post.body, EXCERPT_LENGTH)


def _message(member, *, subject: str, template: str, context: dict, unsubscribe_kind: str) -> EmailMultiAlternatives:
    unsubscribe_url = _unsubscribe_url(member, unsubscribe_kind)
    context = {
        **context,
        "member": member,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("forums:notification-settings")),
        "help_url": absolute(reverse("resources:help")),
    }
    message = EmailMultiAlternatives(
        # One line whatever the headline holds: a newline in a header is refused by the mail library.
        subject=single_line(f"[{settings.SITE_NAME}] {subject}"),
        body=render_to_string(f"forums/email/{template}.txt", context),
        to=[member.email],
        headers={
            # RFC 8058: mail apps offer their own one-click "Unsubscribe" that POSTs to this URL.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"forums/email/{template}.html", context), "text/html")
    return message


def build_notification_email(notification: Notification) -> EmailMultiAlternatives:
    member = notification.recipient
    headline = notification_headline(notification, for_email=True)
    link = absolute(reverse("forums:notification-open", kwargs={"pk": notification.pk}))
    return _message(
        member,
        subject=headline if len(headline) <= 120 else headline[:119] + "…",
        template="notification",
        context={
            "headline": headline,
            "excerpt": excerpt_for_email(notification),
            "link": link,
            "kind_label": NotificationKind(notification.kind).label,
            # An urgent alert asks for a look now: it must not close with "take your time".
            "is_urgent": notification.kind == NotificationKind.URGENT_ITEM,
        },
        unsubscribe_kind=notification.kind,
    )


def build_digest_email(member, *, notifications: list[Notification], threads: list[Thread]):
    """None when there is nothing to tell: no empty digests."""
    if not notifications and not threads:
        return None
    items = [
        {
            "headline": notification_headline(notification, for_email=True),
            "link": absolute(reverse("forums:notification-open", kwargs={"pk": notification.pk})),
        }
        for notification in notifications
    ]
    new_threads = [
        {
            "title": _("A new thread in %(board)s") % {"board": thread.board.name}
            if thread.board.is_sensitive
            else f"{thread.title} ({thread.board.name})",
            "link": absolute(thread.get_absolute_url()),
        }
        for thread in threads
    ]
    return _message(
        member,
        subject=_("Your daily summary"),
        template="digest",
        context={"items": items, "new_threads": new_threads},
        unsubscribe_kind=DIGEST,
    )


# --- Sending -------------------------------------------------------------------------------------


def _reason_not_to_send(delivery: EmailDelivery) -> str:
    member = delivery.recipient
    if not member.is_active or member.is_removed or not member.email:
        return "member unreachable"
    notification = delivery.notification
    if member.notifications_paused and (notification is None or notification.kind not in BREAK_EXEMPT_KINDS):
        return "notifications paused"
    if notification is None:
        return ""
    if notification.read_at is not None:
        return "already read in the app"
    post = notification.post
    if notification.kind not in (NotificationKind.MODERATION, *MODERATOR_KINDS) and post is not None:
        if not post_is_public(post):
            return "post no longer public"
        if notification.actor_id and is_muted_by(member, notification.actor_id):
            return "actor muted since"
    return ""


def _message_id(delivery: EmailDelivery) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "safespace.localhost"
    return make_msgid(idstring=f"delivery-{delivery.pk}", domain=domain)


def _is_permanent(error: Exception) -> bool:
    """A refusal that no retry can change: a malformed header, or a 5xx answer for the recipient."""
    if isinstance(error, (BadHeaderError, ValueError, UnicodeError)):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException) and not isinstance(error, smtplib.SMTPSenderRefused):
        return error.smtp_code >= 500
    return False


def _end_delivery(delivery_id: int, *, status: str, reason: str) -> None:
    EmailDelivery.objects.filter(pk=delivery_id, status=EmailDeliveryStatus.SENDING).update(
        status=status, skip_reason=reason[:200]
    )


def send_email_delivery(delivery_id: int) -> bool:
    """Sends one queued email (a notification or a digest). Returns True when an email went out.

    1. Under the row lock, decide whether to send, and commit `sending` with the Message-ID the
       email will carry (chosen once, kept for every retry).
    2. Hand the email to the mail server, outside any transaction.
    3. Mark it sent.
    If the process dies between 2 and 3, the row stays `sending`; the outbox sweeper sends it again
    after SENDING_STALE_AFTER with the same Message-ID. A permanent refusal marks it failed with
    the reason; a temporary one puts it back to pending, up to MAX_EMAIL_ATTEMPTS."""
    stale = timezone.now() - SENDING_STALE_AFTER
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "notification__post__thread__board", "notification__actor")
            .filter(
                Q(status=EmailDeliveryStatus.PENDING) | Q(status=EmailDeliveryStatus.SENDING, sending_since__lt=stale),
                pk=delivery_id,
            )
            .first()
        )
        if delivery is None:
            return False
        reason = _reason_not_to_send(delivery)
        included: list[int] = []
        if not reason:
            if delivery.notification is not None:
                message = build_notification_email(delivery.notification)
                included = [delivery.notification_id]
            else:
                notifications, threads = digest_content_for_member(delivery.recipient, since=_digest_since(delivery))
                message = build_digest_email(delivery.recipient, notifications=notifications, threads=threads)
                included = [notification.pk for notification in notifications]
                if message is None:
                    reason = "nothing new"
        if reason:
            EmailDelivery.objects.filter(pk=delivery.pk).update(
                status=EmailDeliveryStatus.SKIPPED, skip_reason=reason, attempts=F("attempts") + 1
            )
            return False
        message_id = delivery.message_id or _message_id(delivery)
        attempts = delivery.attempts + 1
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=EmailDeliveryStatus.SENDING, message_id=message_id, sending_since=timezone.now(), attempts=attempts
        )
    message.extra_headers["Message-ID"] = message_id
    try:
        message.send()
    except Exception as error:  # noqa: BLE001  every failure is recorded on the row, none is raised
        if _is_permanent(error):
            logger.warning("Email delivery %s failed for good: %s", delivery_id, error)
            _end_delivery(delivery_id, status=EmailDeliveryStatus.FAILED, reason=f"refused: {error}")
        elif attempts >= MAX_EMAIL_ATTEMPTS:
            logger.warning("Email delivery %s gave up after %s attempts: %s", delivery_id, attempts, error)
            _end_delivery(
                delivery_id, status=EmailDeliveryStatus.FAILED, reason=f"gave up after {attempts} attempts: {error}"
            )
        else:
            logger.warning("Email delivery %s will be retried: %s", delivery_id, error)
            _end_delivery(delivery_id, status=EmailDeliveryStatus.PENDING, reason="")
        return False
    now = timezone.now()
    with transaction.atomic():
        EmailDelivery.objects.filter(pk=delivery_id, status=EmailDeliveryStatus.SENDING).update(
            status=EmailDeliveryStatus.SENT, sent_at=now
        )
        Notification.objects.filter(pk__in=included).update(emailed_at=now)
    return True


def _digest_since(delivery: EmailDelivery) -> datetime:
    previous = (
        EmailDelivery.objects.filter(
            recipient_id=delivery.recipient_id, key__startswith="digest:", status=EmailDeliveryStatus.SENT
        )
        .exclude(pk=delivery.pk)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return max(previous, delivery.created_at - DIGEST_LOOKBACK) if previous else delivery.created_at - DIGEST_LOOKBACK


def _digest_key(day) -> str:
    return f"digest:{day.isoformat()}"


def _digest_candidates(now: datetime):
    """Members who may have a digest today: something unread and not emailed, or a followed board.
    Reachable, with an email address, not on a break. Ids only: the content is read per member."""
    waiting = Notification.objects.filter(
        read_at__isnull=True, emailed_at__isnull=True, created_at__gte=now - DIGEST_LOOKBACK
    ).values("recipient_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=waiting) | Q(pk__in=BoardFollow.objects.values("member_id")))
        .filter(is_active=True, removed_at=None)
        .exclude(email="")
        .order_by("pk")
    )


def queue_daily_digests(*, now: datetime | None = None) -> int:
    """Publishes one digest task per member who may have something today; each task does its own
    member and nothing twice. Returns how many were published. A worker dying midway costs nothing:
    sweep_daily_digests finds whoever has no row for today yet."""
    from forums.notifications.tasks import send_member_digest

    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    queued = 0
    for member_id in _digest_candidates(now).values_list("pk", flat=True).iterator():
        publish(send_member_digest, member_id, day)
        queued += 1
    return queued


def send_member_digest(member_id: int, day: str, *, now: datetime | None = None) -> bool:
    """Today's digest for one member: at most one row per member and day (the key "digest:<day>"
    is unique, and the row is written even when there is nothing to say, so the sweeper knows this
    member is done), sent through send_email_delivery. Returns True when an email went out."""
    now = now or timezone.now()
    member = get_user_model().objects.filter(pk=member_id).first()
    if member is None:
        return False
    try:
        with transaction.atomic():
            delivery = EmailDelivery.objects.create(
                recipient=member, key=_digest_key(datetime.fromisoformat(day).date())
            )
    except IntegrityError:
        return False  # today's digest exists: sent, being sent, or waiting for the outbox sweeper
    if member.notifications_paused:
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=EmailDeliveryStatus.SKIPPED, skip_reason="notifications paused"
        )
        return False
    return send_email_delivery(delivery.pk)


def sweep_daily_digests(*, now: datetime | None = None) -> int:
    """After the digest hour, publishes the digest task of every candidate with no row for today
    (the daily task, or a worker, died midway). Returns how many it published."""
    from forums.notifications.tasks import send_member_digest

    now = now or timezone.now()
    today = timezone.localdate(now)
    if timezone.localtime(now).hour < settings.DIGEST_HOUR:
        return 0  # today's digests have not started yet
    done = EmailDelivery.objects.filter(key=_digest_key(today)).values("recipient_id")
    missing = list(_digest_candidates(now).exclude(pk__in=done).values_list("pk", flat=True)[:1000])
    for member_id in missing:
        publish(send_member_digest, member_id, today.isoformat())
    return len(missing)
