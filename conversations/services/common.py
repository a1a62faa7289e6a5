"""What the conversation services share: who on the team hears of a member's message, and the
limits that keep one member from flooding the team."""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.messages import team_link
from conversations.models import Author, TeamConversation, TeamMessage, Topic
from conversations.permissions import can_read_as_team
from forums.models import NotificationKind
from forums.notifications.outbox import alert_moderators, notify_member
from moderation.intake import urgent_alert_message
from safespace.refusals import Refused

# Members' limits: generous for a conversation (a message a minute for ten minutes), low enough
# that nobody can flood the team. Words with a crisis signal always go through.
MEMBER_MESSAGE_LIMITS = [(timedelta(minutes=10), 10), (timedelta(days=1), 60)]
NEW_CONVERSATIONS_PER_DAY = 5


def check_member_rate(member, *, crisis: bool, new_conversation: bool) -> None:
    if crisis:
        return  # "please wait" is the last thing someone at risk should read
    now = timezone.now()
    written = TeamMessage.objects.filter(author=member, written_as=Author.MEMBER)
    for window, count in MEMBER_MESSAGE_LIMITS:
        if written.filter(created_at__gt=now - window).count() >= count:
            raise Refused(
                _(
                    "You've sent the moderators a lot of messages in a short time. They will read them all; "
                    "please wait a little before sending more. Your text is still here. If you need someone "
                    "now, Get help now lists who to call."
                )
            )
    if new_conversation:
        started = TeamConversation.objects.filter(
            member=member, started_by_member=True, created_at__gt=now - timedelta(days=1)
        ).count()
        if started >= NEW_CONVERSATIONS_PER_DAY:
            raise Refused(
                _(
                    "You've started %(count)d conversations with the moderators today. Please add to one of "
                    "them instead: the team reads every message. Your text is still here."
                )
                % {"count": NEW_CONVERSATIONS_PER_DAY}
            )


def admins_with_two_factor():
    return (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True, removed_at__isnull=True)
        .filter(Exists(Authenticator.objects.filter(user=OuterRef("pk"))))
    )


def tell_team(conversation: TeamConversation, *, crisis: bool) -> None:
    """A member wrote. A concern reaches admins only; otherwise the moderator who has the
    conversation, or, with nobody on it, every moderator not on a break. Crisis words raise an
    urgent alert whoever has it. No words of the message go into any alert."""
    link = team_link(conversation)
    if conversation.topic == Topic.CONCERN:
        for admin in admins_with_two_factor():
            notify_member(
                admin,
                kind=NotificationKind.TEAM_CONVERSATION,
                message=_("A member wrote to the admins with a concern about a moderator."),
                link=link,
            )
        return
    if crisis:
        alert_moderators(
            kind=NotificationKind.URGENT_ITEM,
            message=urgent_alert_message(
                _("a member wrote to the moderator team in words that may come from someone at risk.")
            ),
            link=link,
        )
        return
    if conversation.assigned_to_id and conversation.assigned_to.is_active:
        notify_member(
            conversation.assigned_to,
            kind=NotificationKind.TEAM_CONVERSATION,
            message=_("A member answered in a conversation you have."),
            link=link,
        )
        return
    alert_moderators(
        kind=NotificationKind.TEAM_CONVERSATION, message=_("A member wrote to the moderator team."), link=link
    )


def require_team(user, conversation: TeamConversation) -> None:
    if not can_read_as_team(user, conversation):
        raise PermissionDenied
