"""The one gentle "How are you doing now?" a few days after a hard time, and the member's private
answer (into a conversation with the team) or "let this go"."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.messages import add_message, open_conversation_with, through_the_pipeline
from conversations.models import Author, FollowUpPrompt, TeamConversation, Topic
from conversations.services.common import tell_team
from forums.models import NotificationKind
from forums.notifications.outbox import notify_member
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem
from safespace.refusals import Refused

# How far back the follow-up sweeper looks for urgent items and check-ins past their waiting days:
# long enough to survive a beat outage, short enough never to send a prompt about something old.
FOLLOW_UP_LOOKBACK = timedelta(days=7)


def follow_up_candidates(*, now):
    """(member id, thread id) of authors whose post had an urgent item settled, or a check-in,
    between FOLLOW_UP_LOOKBACK and CONVERSATIONS_FOLLOW_UP_DAYS ago, and who have had no prompt
    about that thread."""
    due = now - timedelta(days=settings.CONVERSATIONS_FOLLOW_UP_DAYS)
    since = due - FOLLOW_UP_LOOKBACK
    prompted = FollowUpPrompt.objects.filter(
        member_id=OuterRef("post__author_id"), thread_id=OuterRef("post__thread_id")
    )
    settled = (
        QueueItem.objects.filter(lane=Lane.URGENT, status=ItemStatus.RESOLVED, post__isnull=False)
        .filter(resolved_at__gt=since, resolved_at__lte=due)
        .exclude(Exists(prompted))
        .values_list("post__author_id", "post__thread_id")
    )
    checked = (
        ModerationAction.objects.filter(verb=ModerationVerb.CHECK_IN, post__isnull=False)
        .filter(created_at__gt=since, created_at__lte=due)
        .exclude(Exists(prompted))
        .values_list("post__author_id", "post__thread_id")
    )
    return sorted(set(settled) | set(checked))


def sweep_follow_up_prompts(*, now=None) -> int:
    """Periodic: the one gentle prompt per member and thread (a unique constraint, so a second run,
    or two at once, send nothing more). A member on a break, or whose account is closed, is not
    prompted (on a break, the sweeper tries again while it still looks back that far)."""
    now = now or timezone.now()
    sent = 0
    users = get_user_model().objects
    for member_id, thread_id in follow_up_candidates(now=now):
        member = users.filter(pk=member_id, is_active=True, removed_at__isnull=True).first()
        if member is None or member.notifications_paused:
            continue
        try:
            with transaction.atomic():
                prompt = FollowUpPrompt.objects.create(member=member, thread_id=thread_id)
                notify_member(
                    member,
                    kind=NotificationKind.TEAM_MESSAGE,
                    message=_(
                        "How are you doing now? A few days ago things were hard. If you'd like, you can tell "
                        "the moderators privately, or just let this go."
                    ),
                    link=reverse("conversations:follow-up", args=[prompt.pk]),
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def answer_follow_up(prompt: FollowUpPrompt, *, acting_user, how: str, body: str = "") -> TeamConversation:
    """The member's private answer, into a conversation with the team (never public)."""
    if prompt.member_id != acting_user.pk:
        raise PermissionDenied
    text = f"**{how}**" + (f"\n\n{body.strip()}" if body.strip() else "")
    result = through_the_pipeline(text, author=acting_user)
    with transaction.atomic():
        if not FollowUpPrompt.objects.filter(pk=prompt.pk, answered_at__isnull=True, dismissed_at__isnull=True).update(
            answered_at=timezone.now()
        ):
            raise Refused(_("You've already answered this, thank you."))
        conversation = open_conversation_with(
            acting_user, topic=Topic.FOLLOW_UP, started_by_member=True, is_urgent=result.crisis_signal
        )
        add_message(conversation, written_as=Author.MEMBER, author=acting_user, body=text, html=result.body_html)
        FollowUpPrompt.objects.filter(pk=prompt.pk).update(conversation=conversation)
        tell_team(conversation, crisis=result.crisis_signal)
    return conversation


def dismiss_follow_up(prompt: FollowUpPrompt, *, acting_user) -> bool:
    if prompt.member_id != acting_user.pk:
        raise PermissionDenied
    return bool(
        FollowUpPrompt.objects.filter(pk=prompt.pk, answered_at__isnull=True, dismissed_at__isnull=True).update(
            dismissed_at=timezone.now()
        )
    )
