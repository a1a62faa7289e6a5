"""Reads for team conversations: the member's own list, the team's lanes, one conversation with its
messages, and the few numbers other pages count."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MODERATORS_GROUP
from conversations.models import ConversationStatus, FollowUpPrompt, TeamConversation, TeamMessage, Topic
from conversations.permissions import is_admin
from forums.models import Post
from moderation.models import APPEALABLE_VERBS, ModerationAction, ModerationVerb, QueueItem
from moderation.permissions import is_global_moderator

CONVERSATIONS_PER_PAGE = 30

# The team's lanes, in the order the list offers them.
LANES = {
    "open": _("Open"),
    "waiting": _("Waiting for the team"),
    "check-ins": _("Check-ins"),
    "mine": _("Mine"),
    "closed": _("Closed"),
    "concerns": _("Concerns about moderators"),
}


def open_conversation_count() -> int:
    """Conversations open right now, for the measures page and the nightly summary. One query."""
    return TeamConversation.objects.filter(status=ConversationStatus.OPEN).count()


def conversation_list_for_member(member) -> list[TeamConversation]:
    return list(TeamConversation.objects.filter(member=member).order_by("-last_message_at", "-pk"))


def lanes_for(viewer) -> list[tuple[str, str]]:
    lanes = [(key, label) for key, label in LANES.items() if key != "concerns"] if is_global_moderator(viewer) else []
    if is_admin(viewer):
        lanes.append(("concerns", LANES["concerns"]))
    return lanes


def conversation_page_for_team(*, viewer, lane: str, page_number) -> Page:
    """Urgent first, then those waiting for the team, then the most recent. Concerns about a
    moderator are in their own lane, for admins only, and nowhere else."""
    conversations = TeamConversation.objects.select_related("member", "assigned_to", "item")
    if lane == "concerns":
        conversations = conversations.for_admins().filter(status=ConversationStatus.OPEN)
    else:
        conversations = conversations.for_team()
        if lane == "closed":
            conversations = conversations.filter(status=ConversationStatus.CLOSED)
        else:
            conversations = conversations.filter(status=ConversationStatus.OPEN)
        if lane == "waiting":
            conversations = conversations.filter(waiting_for_team=True)
        elif lane == "check-ins":
            conversations = conversations.filter(topic=Topic.CHECK_IN)
        elif lane == "mine":
            conversations = conversations.filter(assigned_to=viewer)
    conversations = conversations.order_by("-is_urgent", "-waiting_for_team", "-last_message_at", "-pk")
    return Paginator(conversations, CONVERSATIONS_PER_PAGE).get_page(page_number)


def decisions_about(member):
    """Decisions a member may write to the team about: those filed under them, and those about
    their own anonymous posts (filed under nobody)."""
    return ModerationAction.objects.filter(
        Q(member=member) | Q(member__isnull=True, post__author=member, post__is_anonymous=True),
        verb__in=APPEALABLE_VERBS,
    )


def team_for_conversation(conversation: TeamConversation):
    """Who a conversation can be given to: the global moderators (the admins, for a concern about a
    moderator), active, with two-factor on, and not on a break, by name."""
    if conversation.topic == Topic.CONCERN:
        who = Q(is_superuser=True)
    else:
        who = Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP)
    return (
        get_user_model()
        .objects.filter(who, is_active=True, removed_at__isnull=True, notifications_paused_until_return=False)
        .filter(Exists(Authenticator.objects.filter(user=OuterRef("pk"))))
        .exclude(notifications_paused_until__gt=timezone.now())
        .exclude(pk=conversation.member_id)
        .distinct()
        .order_by("username")
    )


def own_post_for_member(pk, *, member) -> Post | None:
    """One of the member's own posts ("Message the moderators" from under it), else None."""
    return Post.objects.filter(pk=pk, author=member).select_related("thread").first()


def decision_about_member(pk, *, member) -> ModerationAction | None:
    return decisions_about(member).filter(pk=pk).select_related("post__thread").first()


def queue_items_for_team():
    return QueueItem.objects.select_related("post__author", "member")


def posts_for_team():
    return Post.objects.select_related("author", "thread")


def messages_for(conversation: TeamConversation) -> list[TeamMessage]:
    return list(conversation.messages.select_related("author", "decision"))


def check_in_conversation_for_item(item) -> TeamConversation | None:
    return (
        TeamConversation.objects.filter(item=item, topic=Topic.CHECK_IN)
        .order_by("-status", "-pk")  # "open" after "closed" alphabetically: open first
        .first()
    )


def follow_up_for_member(pk, *, member) -> FollowUpPrompt | None:
    return FollowUpPrompt.objects.filter(pk=pk, member=member).select_related("thread").first()


def check_in_counts(*, since, until) -> dict:
    """Check-ins made, automatic messages sent, answers (okay / still struggling) and unanswered in
    a window, from the moderation log: aggregate counts only, one query."""
    rows = (
        ModerationAction.objects.filter(
            created_at__gte=since,
            created_at__lt=until,
            verb__in=[
                ModerationVerb.CHECK_IN,
                ModerationVerb.CHECK_IN_AUTOMATIC,
                ModerationVerb.CHECK_IN_ANSWERED,
                ModerationVerb.CHECK_IN_UNANSWERED,
            ],
        )
        .values_list("verb", "new_value__answer")
        .annotate(count=Count("pk"))
    )
    counts = {"check_ins": 0, "automatic": 0, "okay": 0, "struggling": 0, "unanswered": 0}
    for verb, answer, count in rows:
        if verb == ModerationVerb.CHECK_IN:
            counts["check_ins"] += count
        elif verb == ModerationVerb.CHECK_IN_AUTOMATIC:
            counts["automatic"] += count
        elif verb == ModerationVerb.CHECK_IN_UNANSWERED:
            counts["unanswered"] += count
        elif answer in ("okay", "struggling"):
            counts[answer] += count
    return counts


def member_conversation_data_for_export(user) -> dict:
    """The member's conversations with the team, as they read them: the team's messages signed "the
    moderator team" (never a moderator's name), and their "How are you doing now?" prompts."""
    conversations = TeamConversation.objects.filter(member=user).prefetch_related("messages").order_by("created_at")
    return {
        "messages_with_the_moderators": [
            {
                "about": conversation.get_topic_display(),
                "started": conversation.created_at.isoformat(),
                "status": conversation.status,
                "messages": [
                    {
                        "from": "you"
                        if message.written_as == "member"
                        else ("automatic message" if message.written_as == "automatic" else "the moderator team"),
                        "text": message.body,
                        "sent": message.created_at.isoformat(),
                    }
                    for message in conversation.messages.all()
                ],
            }
            for conversation in conversations
        ],
        "how_are_you_prompts": [
            {
                "sent": prompt.created_at.isoformat(),
                "answered": prompt.answered_at.isoformat() if prompt.answered_at else None,
                "dismissed": prompt.dismissed_at.isoformat() if prompt.dismissed_at else None,
            }
            for prompt in FollowUpPrompt.objects.filter(member=user).order_by("created_at")
        ],
    }
