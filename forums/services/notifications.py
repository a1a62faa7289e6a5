"""Notifications, through a transactional outbox.

1. The service that changes something (a post, a reaction, a moderation decision) calls a
   record_* function inside its own transaction: one NotificationEvent row, committed with the change.
2. After commit, a task fans the event out (fan_out_event): in-app Notification rows and, for
   members who want them right away, EmailDelivery rows; then a task per email (send_email_delivery).
3. sweep_outbox, run every minute by beat, publishes again whatever is still waiting, so a broker
   outage delays notifications but loses none. Row locks and state columns make every step run once.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

import re2
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import BadHeaderError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from forums.models import (
    DEFAULT_EMAIL_CADENCE,
    MODERATOR_KINDS,
    BoardFollow,
    EmailCadence,
    EmailDelivery,
    EmailDeliveryStatus,
    EmailPreference,
    EventKind,
    MemberMute,
    Notification,
    NotificationEvent,
    NotificationKind,
    Post,
    Reaction,
    ThreadFollow,
)
from forums.selectors.notifications import (
    digest_content_for_member,
    email_cadences_for,
    forget_unread_counts,
    moderators_to_alert,
)
from forums.selectors.support import is_muted_by
from safespace.tasking import URGENT, enqueue_on_commit, publish

logger = logging.getLogger(__name__)

# "@pseudonym" where the @ starts a word (not inside an email address or a URL path). Both run on
# RE2, which never backtracks, since they read member text; RE2 has no lookbehind, so the character
# before the @ is matched (and consumed) instead, and letters are \pL etc. (pseudonyms are Unicode).
MENTION_PATTERN = re2.compile(r"(?:^|[^\pL\pN\pM_@/.+-])@([\pL\pN\pM_.+-]*[\pL\pN\pM_])")
CODE_PATTERN = re2.compile(r"(?s)<pre>.*?</pre>|<code>.*?</code>")
MAX_MENTIONS_PER_POST = 10
SWEEP_AFTER = timedelta(minutes=2)
# An email still `sending` after this was being handed over when its worker died: send it again.
# (Longer than a task may run, so a slow hand-off in progress is never sent twice.)
SENDING_STALE_AFTER = timedelta(minutes=10)
MAX_EMAIL_ATTEMPTS = 8
DIGEST_LOOKBACK = timedelta(days=2)


# --- 1. Recording events (inside the caller's transaction) ----------------------------------------


def _record(**fields) -> NotificationEvent:
    from forums.tasks import fan_out_notification_event

    event = NotificationEvent.objects.create(**fields)
    enqueue_on_commit(fan_out_notification_event, event.pk, queue=_queue_for(event.notification_kind))
    return event


def _queue_for(kind: str) -> str | None:
    """Crisis alerts and check-ins for moderators jump every queue; everything else follows its route."""
    return URGENT if kind == NotificationKind.URGENT_ITEM else None


def record_post_published(post: Post) -> NotificationEvent | None:
    """Call in the transaction that made the post public. Held or hidden posts notify nobody; the
    approval records the event when it publishes them."""
    if post.is_pending_approval or post.is_hidden:
        return None
    return _record(kind=EventKind.POST_PUBLISHED, actor=post.author, post=post)


def record_reaction_added(post: Post, *, acting_user) -> NotificationEvent:
    return _record(kind=EventKind.REACTION_ADDED, actor=acting_user, post=post)


def notify_member(recipient, *, kind: str, message: str, link: str = "", post: Post | None = None) -> NotificationEvent:
    """Tells one member something that concerns only them (a moderation decision, the outcome of
    their report, their suggestion published). Call inside the transaction that decided it."""
    return _record(
        kind=EventKind.MEMBER_NOTICE, recipient=recipient, notification_kind=kind, message=message, link=link, post=post
    )


def alert_moderators(*, kind: str, message: str, link: str, post: Post | None = None, acting_user=None):
    """Urgent items and held posts: every moderator hears of it, except one on a break."""
    if kind not in MODERATOR_KINDS:
        raise ValueError(f"{kind} is not a moderator alert")
    return _record(
        kind=EventKind.MODERATOR_ALERT, notification_kind=kind, message=message, link=link, post=post, actor=acting_user
    )


# --- 2. Fanning out -------------------------------------------------------------------------------


def _post_is_public(post: Post) -> bool:
    return not (post.is_hidden or post.is_pending_approval or post.is_removed or post.thread.is_hidden)


def _reachable_members(member_ids: Iterable[int]) -> set[int]:
    """Members who can still be told anything: active accounts that were not deleted."""
    ids = set(member_ids)
    if not ids:
        return set()
    return set(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True, removed_at__isnull=True)
        .values_list("pk", flat=True)
    )


def _members_who_muted(actor_id: int) -> set[int]:
    return set(MemberMute.objects.filter(muted_id=actor_id).values_list("member_id", flat=True))


def mentioned_usernames(body_html: str) -> list[str]:
    """Pseudonyms written as @name in the rendered post, outside code, in order, at most ten."""
    text = CODE_PATTERN.sub(" ", body_html)
    names: list[str] = []
    for match in MENTION_PATTERN.finditer(text):
        name = match.group(1).lower()
        if name not in names:
            names.append(name)
    return names[:MAX_MENTIONS_PER_POST]


def _fan_out_post(event: NotificationEvent) -> list[Notification]:
    post = event.post
    if post is None or not _post_is_public(post):
        return []
    author_id = post.author_id
    # Mutes are about a named member: applied to an anonymous post they would leave out exactly the
    # members who muted its author, and so tell them who wrote it. Everyone hears of it alike.
    muters = set() if post.is_anonymous else _members_who_muted(author_id)
    names = mentioned_usernames(post.body_html)
    mentioned = set()
    if names:
        mentioned = set(
            get_user_model()
            .objects.annotate(username_lower=Lower("username"))
            .filter(username_lower__in=names)
            .values_list("pk", flat=True)
        )
    mentioned = _reachable_members(mentioned - muters - {author_id})
    followers = set()
    if post.position > 1:
        followers = set(ThreadFollow.objects.filter(thread_id=post.thread_id).values_list("member_id", flat=True))
    followers = _reachable_members(followers - muters - mentioned - {author_id})
    # Anonymous posts name nobody: the notification is stored without its actor.
    shown_actor_id = None if post.is_anonymous else author_id
    link = post.get_absolute_url()
    notifications = [
        Notification(
            recipient_id=member_id,
            kind=kind,
            event=event,
            actor_id=shown_actor_id,
            post=post,
            link=link,
            group_key=f"event:{event.pk}",
        )
        for kind, members in ((NotificationKind.MENTION, mentioned), (NotificationKind.REPLY, followers))
        for member_id in sorted(members)
    ]
    return Notification.objects.bulk_create(notifications)


def _fan_out_reaction(event: NotificationEvent) -> list[Notification]:
    post, reactor_id = event.post, event.actor_id
    if post is None or reactor_id is None or not _post_is_public(post) or post.author_id == reactor_id:
        return []
    recipient_id = post.author_id
    # Also for an anonymous post: the reaction was accepted like any other, and only its author,
    # who chose the mute, can notice that it rang no bell.
    if not _reachable_members([recipient_id]) or is_muted_by(recipient_id, reactor_id):
        return []
    kinds = set(Reaction.objects.filter(post=post, member_id=reactor_id).values_list("kind", flat=True))
    if not kinds:
        return []  # taken back before we got to it
    group_key = f"reaction:{post.pk}"
    for _attempt in range(2):
        batch = (
            Notification.objects.select_for_update()
            .filter(recipient_id=recipient_id, group_key=group_key, read_at__isnull=True)
            .first()
        )
        if batch is not None:
            # Gathered into the unread notification: no second bell, no second email.
            _recount_reaction_batch(batch, post, members=set(batch.actor_ids) | {reactor_id}, latest=reactor_id)
            return []
        try:
            with transaction.atomic():
                return [
                    Notification.objects.create(
                        recipient_id=recipient_id,
                        kind=NotificationKind.REACTION,
                        event=event,
                        actor_id=reactor_id,
                        actor_ids=[reactor_id],
                        reaction_kinds=sorted(kinds),
                        post=post,
                        link=post.get_absolute_url(),
                        group_key=group_key,
                    )
                ]
        except IntegrityError:
            continue  # another fan-out opened the batch a moment ago: join it
    return []


def _recount_reaction_batch(batch: Notification, post: Post, *, members: set[int], latest: int | None = None) -> None:
    """Counts, from the reactions as they are now, who among `members` still sends support: a
    reaction taken back no longer counts ("40 members", not 41). A batch nobody is left in goes.
    Call inside a transaction, with the batch row locked."""
    current = set(Reaction.objects.filter(post=post, member_id__in=members).values_list("member_id", "kind"))
    actor_ids = sorted({member_id for member_id, _kind in current})
    if not actor_ids:
        batch.delete()
        return
    batch.actor_ids = actor_ids
    batch.actor_count = len(actor_ids)
    batch.reaction_kinds = sorted({kind for _member_id, kind in current})
    batch.actor_id = latest if latest in actor_ids else actor_ids[-1]
    batch.save(update_fields=["actor_ids", "actor_count", "reaction_kinds", "actor", "updated_at"])


def record_reaction_taken_back(post: Post, *, acting_user) -> None:
    """Call in the transaction that deleted the reaction: the author's unread batch stops counting
    this member once none of their reactions to the post is left."""
    batch = (
        Notification.objects.select_for_update()
        .filter(recipient_id=post.author_id, group_key=f"reaction:{post.pk}", read_at__isnull=True)
        .first()
    )
    if batch is not None and acting_user.pk in batch.actor_ids:
        _recount_reaction_batch(batch, post, members=set(batch.actor_ids))
        transaction.on_commit(lambda: forget_unread_counts([post.author_id]))


def _notice_for(event: NotificationEvent, member_id: int) -> Notification:
    """A member notice or moderator alert: the event's own words and link, for one recipient."""
    return Notification(
        recipient_id=member_id,
        kind=event.notification_kind,
        event=event,
        post=event.post,
        message=event.message,
        link=event.link,
        group_key=f"event:{event.pk}",
    )


def _fan_out_member_notice(event: NotificationEvent) -> list[Notification]:
    if not _reachable_members([event.recipient_id]):
        return []
    return Notification.objects.bulk_create([_notice_for(event, event.recipient_id)])


def _fan_out_moderator_alert(event: NotificationEvent) -> list[Notification]:
    from care.selectors import alert_recipients, ask_first_message

    board_id = event.post.thread.board_id if event.post_id else None
    recipients = moderators_to_alert(board_id=board_id).exclude(pk=event.actor_id).values_list("pk", flat=True)
    # Moderators' topic opt-outs: left out while someone else can take it, asked first when nobody can.
    recipients, asked = alert_recipients(
        post=event.post, urgent=event.notification_kind == NotificationKind.URGENT_ITEM, moderator_ids=recipients
    )
    notices = [_notice_for(event, member_id) for member_id in recipients]
    for notice in notices:
        if notice.recipient_id in asked:
            notice.message = ask_first_message(notice.message)
    return Notification.objects.bulk_create(notices)


FAN_OUT = {
    EventKind.POST_PUBLISHED: _fan_out_post,
    EventKind.REACTION_ADDED: _fan_out_reaction,
    EventKind.MEMBER_NOTICE: _fan_out_member_notice,
    EventKind.MODERATOR_ALERT: _fan_out_moderator_alert,
}


def fan_out_event(event_id: int) -> int:
    """Creates the in-app notifications of one outbox event and queues the emails due right away.
    Returns how many notifications it created. Locks the event row; a second run (a retried or
    duplicated task, the sweeper) finds it fanned out and does nothing."""
    from forums.tasks import send_notification_email

    with transaction.atomic():
        event = (
            NotificationEvent.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("post__thread__board")
            .filter(pk=event_id, fanned_out_at__isnull=True)
            .first()
        )
        if event is None:
            return 0
        notifications = FAN_OUT[event.kind](event)
        NotificationEvent.objects.filter(pk=event.pk).update(fanned_out_at=timezone.now(), attempts=F("attempts") + 1)
        deliveries = _queue_immediate_emails(notifications)
        recipient_ids = {notification.recipient_id for notification in notifications}
        transaction.on_commit(lambda: forget_unread_counts(recipient_ids))
        for delivery in deliveries:
            enqueue_on_commit(send_notification_email, delivery.pk, queue=_queue_for(delivery.kind))
    return len(notifications)


def _queue_immediate_emails(notifications: list[Notification]) -> list[EmailDelivery]:
    if not notifications:
        return []
    recipients = get_user_model().objects.in_bulk({n.recipient_id for n in notifications})
    cadences = email_cadences_for(recipients.keys())
    deliveries = [
        EmailDelivery(
            recipient_id=notification.recipient_id,
            kind=notification.kind,
            key=f"notification:{notification.pk}",
            notification=notification,
        )
        for notification in notifications
        if cadences[notification.recipient_id][notification.kind] == EmailCadence.IMMEDIATELY
        and recipients[notification.recipient_id].email
        and not recipients[notification.recipient_id].notifications_paused
    ]
    return EmailDelivery.objects.bulk_create(deliveries)


# --- 3. Sending email -----------------------------------------------------------------------------


def _reason_not_to_send(delivery: EmailDelivery) -> str:
    member = delivery.recipient
    if not member.is_active or member.is_removed or not member.email:
        return "member unreachable"
    if member.notifications_paused:
        return "notifications paused"
    notification = delivery.notification
    if notification is None:
        return ""
    if notification.read_at is not None:
        return "already read in the app"
    post = notification.post
    if notification.kind not in (NotificationKind.MODERATION, *MODERATOR_KINDS) and post is not None:
        if not _post_is_public(post):
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
    from forums.services.notification_email import build_digest_email, build_notification_email

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
    from forums.tasks import send_member_digest

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
    from forums.tasks import send_member_digest

    now = now or timezone.now()
    today = timezone.localdate(now)
    if timezone.localtime(now).hour < settings.DIGEST_HOUR:
        return 0  # today's digests have not started yet
    done = EmailDelivery.objects.filter(key=_digest_key(today)).values("recipient_id")
    missing = list(_digest_candidates(now).exclude(pk__in=done).values_list("pk", flat=True)[:1000])
    for member_id in missing:
        publish(send_member_digest, member_id, today.isoformat())
    return len(missing)


def sweep_outbox(*, older_than: timedelta = SWEEP_AFTER) -> tuple[int, int]:
    """Publishes again the events and emails still waiting after `older_than` (their first task
    was lost, e.g. the broker was down). Safe to overlap with the first task: both lock the row."""
    from forums.tasks import fan_out_notification_event, send_notification_email

    cutoff = timezone.now() - older_than
    events = list(
        NotificationEvent.objects.filter(fanned_out_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", "notification_kind")[:500]
    )
    deliveries = list(
        EmailDelivery.objects.filter(status=EmailDeliveryStatus.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", "kind")[:500]
    ) + list(
        # Handed over when the worker died (or the database went) before the row said sent.
        EmailDelivery.objects.filter(
            status=EmailDeliveryStatus.SENDING, sending_since__lt=timezone.now() - SENDING_STALE_AFTER
        )
        .order_by("sending_since")
        .values_list("pk", "kind")[:500]
    )
    # Urgent first, on the urgent queue: a crisis alert never waits behind the backlog it is part of.
    for event_id, kind in sorted(events, key=lambda row: _queue_for(row[1]) != URGENT):
        enqueue_on_commit(fan_out_notification_event, event_id, queue=_queue_for(kind))
    for delivery_id, kind in sorted(deliveries, key=lambda row: _queue_for(row[1]) != URGENT):
        enqueue_on_commit(send_notification_email, delivery_id, queue=_queue_for(kind))
    event_ids, delivery_ids = events, deliveries
    return len(event_ids), len(delivery_ids)


# --- Members' own choices -------------------------------------------------------------------------


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


DIGEST = "digest"


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


def follow_board(board, *, member) -> bool:
    _, created = BoardFollow.objects.get_or_create(board=board, member=member)
    return created


def unfollow_board(board, *, member) -> bool:
    deleted, _ = BoardFollow.objects.filter(board=board, member=member).delete()
    return bool(deleted)
