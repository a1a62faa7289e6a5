"""Reads for notifications: the bell, the list, email preferences and the daily digest."""

import contextlib
import logging
from collections.abc import Iterable
from datetime import datetime

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from redis.exceptions import RedisError

from accounts.models import MODERATORS_GROUP
from forums.models import (
    DEFAULT_EMAIL_CADENCE,
    BoardFollow,
    EmailCadence,
    EmailPreference,
    MemberMute,
    Notification,
    NotificationKind,
    Thread,
)
from moderation.notices import render_notice

NOTIFICATIONS_PER_PAGE = 30
UNREAD_COUNT_TTL = 300
DIGEST_ITEMS = 20

logger = logging.getLogger(__name__)


def _unread_count_key(member_id: int) -> str:
    return f"notifications:unread:{member_id}"


def unread_notification_count(member) -> int:
    """The number on the bell: one COUNT, cached until a notification arrives or is read. A cache
    outage falls back to the database; the page never fails over the bell."""
    key = _unread_count_key(member.pk)
    try:
        cached = cache.get(key)
    except (RedisError, ConnectionError, OSError):
        logger.warning("Cache unreachable; counting notifications in the database")
        cached = None
    if cached is not None:
        return cached
    count = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
    with contextlib.suppress(RedisError, ConnectionError, OSError):
        cache.set(key, count, UNREAD_COUNT_TTL)
    return count


def forget_unread_counts(member_ids: Iterable[int]) -> None:
    keys = [_unread_count_key(member_id) for member_id in member_ids]
    if not keys:
        return
    try:
        cache.delete_many(keys)
    except (RedisError, ConnectionError, OSError):
        # The count is at most UNREAD_COUNT_TTL seconds stale; nothing is lost.
        logger.warning("Cache unreachable; unread counts expire on their own")


def notification_page_for_member(member, *, page_number) -> Page:
    notifications = Notification.objects.filter(recipient=member).select_related("actor", "post__thread__board")
    return Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page_number)


def email_cadences_for(member_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Every member's cadence for every kind: their stored choices over the defaults. One query."""
    ids = list(member_ids)
    cadences = {member_id: dict(DEFAULT_EMAIL_CADENCE) for member_id in ids}
    for member_id, kind, cadence in EmailPreference.objects.filter(member_id__in=ids).values_list(
        "member_id", "kind", "cadence"
    ):
        cadences[member_id][kind] = cadence
    return cadences


def email_kinds_for(member) -> list[str]:
    """The kinds a member can choose a cadence for: moderator alerts only for moderators."""
    kinds = [
        NotificationKind.REPLY,
        NotificationKind.MENTION,
        NotificationKind.REACTION,
        NotificationKind.MODERATION,
        NotificationKind.REPORT_OUTCOME,
        NotificationKind.SUGGESTION_PUBLISHED,
        NotificationKind.TEAM_MESSAGE,
        NotificationKind.TEAM_REPLY,
        NotificationKind.LOOK_IN_REMINDER,
        NotificationKind.BOARD_DIGEST,
    ]
    if member.is_moderator:
        kinds += [
            NotificationKind.URGENT_ITEM,
            NotificationKind.HELD_POST,
            NotificationKind.APPEAL,
            NotificationKind.MODERATION_SUMMARY,
            NotificationKind.TEAM_CONVERSATION,
        ]
    return kinds


def moderators_to_alert(*, board_id=None):
    """Active moderators and staff (and, for a post, its board's moderators) not on a break, with
    two-factor switched on: without it they moderate nothing, so they are not alerted either."""
    who = Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP)
    if board_id is not None:
        who |= Q(moderated_boards__board_id=board_id)
    return (
        get_user_model()
        .objects.filter(who)
        .filter(Exists(Authenticator.objects.filter(user=OuterRef("pk"))))
        .filter(is_active=True, removed_at__isnull=True, notifications_paused_until_return=False)
        .exclude(notifications_paused_until__gt=timezone.now())
        .distinct()
    )


def digest_content_for_member(member, *, since: datetime) -> tuple[list[Notification], list[Thread]]:
    """What a member's daily digest holds: unread notifications they chose to get daily and that no
    email carried yet, and (if they opted in) new threads in boards they follow."""
    cadences = email_cadences_for([member.pk])[member.pk]
    daily_kinds = [kind for kind, cadence in cadences.items() if cadence == EmailCadence.DAILY]
    notifications = list(
        Notification.objects.filter(
            recipient=member,
            kind__in=daily_kinds,
            read_at__isnull=True,
            emailed_at__isnull=True,
            updated_at__gte=since,
        ).select_related("actor", "post__thread__board")[:DIGEST_ITEMS]
    )
    threads: list[Thread] = []
    if cadences[NotificationKind.BOARD_DIGEST] == EmailCadence.DAILY:
        muted = MemberMute.objects.filter(member=member).values("muted_id")
        threads = list(
            Thread.objects.visible_to(member)
            .filter(
                board__in=BoardFollow.objects.filter(member=member).values("board_id"),
                created_at__gte=since,
                posts__position=1,
                posts__is_hidden=False,
                posts__is_pending_approval=False,
            )
            .exclude(author=member)
            .exclude(Q(author__in=muted) & Q(is_anonymous=False))
            .select_related("board")
            .order_by("-created_at")[:DIGEST_ITEMS]
        )
    return notifications, threads


def _reaction_phrase(kinds: list[str]) -> str:
    if len(kinds) != 1:
        return _("reacted to your post")
    return {
        "support": _("sent support for your post"),
        "me-too": _("said “Me too” to your post"),
        "thank-you": _("thanked you for sharing"),
        "helped": _("said your post helped"),
    }.get(kinds[0], _("reacted to your post"))


def notification_headline(notification: Notification, *, for_email: bool = False) -> str:
    """One plain sentence for the bell list and the email. An anonymous actor is "A member"; in an
    email, a thread on a sensitive board is not named (emails get read over shoulders)."""
    kind = notification.kind
    if notification.notice:
        return render_notice(notification.notice, notification.notice_params, fallback=notification.message)
    if kind not in (NotificationKind.REPLY, NotificationKind.MENTION, NotificationKind.REACTION):
        return notification.message
    actor = notification.actor.display_name if notification.actor_id else _("A member")
    thread = notification.post.thread
    if for_email and thread.board.is_sensitive:
        where = _("a thread you follow") if kind == NotificationKind.REPLY else _("a thread")
    else:
        where = f"“{thread.title}”"
    if kind == NotificationKind.REPLY:
        return _("%(actor)s replied in %(where)s") % {"actor": actor, "where": where}
    if kind == NotificationKind.MENTION:
        return _("%(actor)s mentioned you in %(where)s") % {"actor": actor, "where": where}
    count = notification.actor_count
    who = actor if count == 1 else ngettext("%(count)d member", "%(count)d members", count) % {"count": count}
    return _("%(who)s %(phrase)s in %(where)s") % {
        "who": who,
        "phrase": _reaction_phrase(notification.reaction_kinds),
        "where": where,
    }
