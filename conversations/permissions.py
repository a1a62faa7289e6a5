"""Who reads a team conversation: the member it is with, and the team. The team is the global
moderators (with two-factor on), except for a concern about a moderator, which only admins read.
Everyone else gets the same 404 as for a conversation that does not exist."""

from django.http import Http404
from django.utils.translation import gettext as _

from conversations.models import TeamConversation, Topic
from moderation.permissions import is_global_moderator


def is_admin(user) -> bool:
    """Admins with two-factor switched on: a password alone opens nothing."""
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser and user.has_two_factor)


def can_work_on_conversations(user) -> bool:
    """The team's list and pages: global moderators, and admins (for concerns)."""
    return is_global_moderator(user) or is_admin(user)


def can_read_as_team(user, conversation: TeamConversation) -> bool:
    if conversation.topic == Topic.CONCERN:
        return is_admin(user)
    return is_global_moderator(user)


def access_conversation_as_member(user, pk) -> TeamConversation:
    conversation = TeamConversation.objects.filter(pk=pk, member_id=user.pk).first() if user.is_authenticated else None
    if conversation is None:
        raise Http404(_("No such conversation."))
    return conversation


def access_conversation_as_team(user, pk) -> TeamConversation:
    conversation = (
        TeamConversation.objects.select_related("member", "item", "post__thread", "decision", "assigned_to")
        .filter(pk=pk)
        .first()
    )
    if conversation is None or not can_read_as_team(user, conversation):
        raise Http404(_("No such conversation."))
    return conversation
