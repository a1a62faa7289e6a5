"""The outbox: what happened, recorded with the change, fanned out to the people it concerns.

1. The service that changes something (a post, a reaction, a moderation decision) calls a record_*
   function (or notify_member, alert_moderators) inside its own transaction: one NotificationEvent
   row, committed with the change.
2. After commit, a task fans the event out (fan_out_event): in-app Notification rows and, for
   members who want them right away, EmailDelivery rows; then a task per email
   (forums.notifications.email.send_email_delivery).
3. sweep_outbox, run every minute by beat, publishes again whatever is still waiting, so a broker
   outage delays notifications but loses none. Row locks and state columns make every step run once.
"""

from collections.abc import Iterable
from datetime import timedelta

import re2
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from care.selectors import alert_recipients, ask_first_message
from forums.models import (
    BREAK_EXEMPT_KINDS,
    MODERATOR_KINDS,
    EmailCadence,
    EmailDelivery,
    EmailDeliveryStatus,
    EventKind,
    MemberMute,
    Notification,
    NotificationEvent,
    NotificationKind,
    Post,
    Reaction,
    ThreadFollow,
)
from forums.notifications.selectors import email_cadences_for, forget_unread_counts, moderators_to_alert
from forums.selectors.preferences import is_muted_by
from safespace.tasking import URGENT, enqueue_on_commit

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


# --- 1. Recording events (inside the caller's transaction) ----------------------------------------


def _record(**fields) -> NotificationEvent:
    from forums.notifications.tasks import fan_out_notification_event

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


def notify_member(
    recipient, *, kind: str, message: str = "", notice=None, link: str = "", post: Post | None = None
) -> NotificationEvent:
    """Tells one member something that concerns only them (a moderation decision, the outcome of
    their report, their suggestion published). Call inside the transaction that decided it.

    Either `message` (words written now) or `notice` (a moderation.notices.Notice: a kind and its
    parameters, rendered whenever it is read, in the reader's language; its words today are stored
    beside it)."""
    if notice is not None:
        return _record(
            kind=EventKind.MEMBER_NOTICE, recipient=recipient, notification_kind=kind, message=str(notice)[:500],
            notice=notice.kind, notice_params=notice.params, link=link, post=post,
        )  # fmt: skip
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


def post_is_public(post: Post) -> bool:
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
    if post is None or not post_is_public(post):
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
    if post is None or reactor_id is None or not post_is_public(post) or post.author_id == reactor_id:
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
        notice=event.notice,
        notice_params=event.notice_params,
        link=event.link,
        group_key=f"event:{event.pk}",
    )


def _fan_out_member_notice(event: NotificationEvent) -> list[Notification]:
    if not _reachable_members([event.recipient_id]):
        return []
    return Notification.objects.bulk_create([_notice_for(event, event.recipient_id)])


def _fan_out_moderator_alert(event: NotificationEvent) -> list[Notification]:
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
    from forums.notifications.tasks import send_notification_email

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
        and (
            not recipients[notification.recipient_id].notifications_paused or notification.kind in BREAK_EXEMPT_KINDS
        )
    ]
    return EmailDelivery.objects.bulk_create(deliveries)


def sweep_outbox(*, older_than: timedelta = SWEEP_AFTER) -> tuple[int, int]:
    """Publishes again the events and emails still waiting after `older_than` (their first task
    was lost, e.g. the broker was down). Safe to overlap with the first task: both lock the row."""
    from forums.notifications.tasks import fan_out_notification_event, send_notification_email

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
