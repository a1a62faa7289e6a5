"""Team conversations: a member writes to the team, the team writes to a member, a moderator
takes one (or hands it to a named colleague), closes it, and a member reports a team message to the
admins. Each write runs in a transaction, logs its row and tells people through the outbox."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.messages import (
    add_message,
    log_conversation,
    member_link,
    open_conversation_with,
    team_link,
    tell_member,
    through_the_pipeline,
)
from conversations.models import Author, ConversationStatus, TeamConversation, TeamMessage, Topic
from conversations.permissions import can_read_as_team
from conversations.selectors import decisions_about
from conversations.services.common import check_member_rate, require_team, tell_team
from forums.models import Notification, NotificationKind, Post
from forums.notifications.outbox import notify_member
from forums.notifications.selectors import forget_unread_counts
from moderation.models import APPEALABLE_VERBS, CLAIM_EXPIRES_AFTER, ModerationAction, ModerationVerb
from moderation.permissions import is_global_moderator
from safespace.refusals import Refused

MEMBER_TOPICS = (Topic.GENERAL, Topic.DECISION, Topic.CONCERN)


def start_conversation_as_member(
    *, acting_user, topic: str, body: str, post: Post | None = None, decision: ModerationAction | None = None
) -> TeamConversation:
    """ "Message the moderators": a new conversation with the team (a concern about a moderator: with
    the admins only). `post` and `decision` must be the member's own. Raises Refused with words for
    the member (the form keeps what they typed)."""
    if topic not in MEMBER_TOPICS:
        raise Refused(_("Please choose what it is about."))
    if post is not None and post.author_id != acting_user.pk:
        raise PermissionDenied
    if decision is not None:
        if not decisions_about(acting_user).filter(pk=decision.pk).exists():
            raise PermissionDenied
        post = post or decision.post
    result = through_the_pipeline(body, author=acting_user)
    check_member_rate(acting_user, crisis=result.crisis_signal, new_conversation=True)
    with transaction.atomic():
        conversation = open_conversation_with(
            acting_user,
            topic=topic,
            started_by_member=True,
            post=post if topic != Topic.CONCERN else None,
            decision=decision if topic != Topic.CONCERN else None,
            is_anonymous=bool(post is not None and post.is_anonymous and topic != Topic.CONCERN),
            is_urgent=result.crisis_signal and topic != Topic.CONCERN,
        )
        add_message(conversation, written_as=Author.MEMBER, author=acting_user, body=body, html=result.body_html)
        tell_team(conversation, crisis=result.crisis_signal)
    return conversation


def write_as_member(conversation: TeamConversation, *, acting_user, body: str) -> TeamMessage:
    """The member's reply; a closed conversation opens again."""
    if conversation.member_id != acting_user.pk:
        raise PermissionDenied
    result = through_the_pipeline(body, author=acting_user)
    check_member_rate(acting_user, crisis=result.crisis_signal, new_conversation=False)
    with transaction.atomic():
        locked = (
            TeamConversation.objects.select_for_update(of=("self",))
            .select_related("assigned_to")
            .get(pk=conversation.pk)
        )
        if result.crisis_signal and locked.topic != Topic.CONCERN and not locked.is_urgent:
            TeamConversation.objects.filter(pk=locked.pk).update(is_urgent=True)
            locked.is_urgent = True
        message = add_message(locked, written_as=Author.MEMBER, author=acting_user, body=body, html=result.body_html)
        tell_team(locked, crisis=result.crisis_signal)
    return message


def write_team_message(conversation, *, acting_user, body, **fields) -> TeamMessage:
    """Call inside a transaction, with the conversation locked."""
    result = through_the_pipeline(body, author=acting_user)
    message = add_message(
        conversation, written_as=Author.TEAM, author=acting_user, body=body, html=result.body_html, **fields
    )
    log_conversation(
        ModerationVerb.TEAM_MESSAGE, conversation, acting_user=acting_user, new_value={"message": message.pk}
    )
    tell_member(conversation, message)
    return message


def write_as_team(conversation: TeamConversation, *, acting_user, body: str) -> TeamMessage:
    """A moderator writes as "the moderator team" (an admin, in a concern). Logged; the member is told."""
    require_team(acting_user, conversation)
    if not conversation.member.is_active or conversation.member.is_removed:
        raise Refused(_("This member's account is closed: they can't receive messages any more."))
    with transaction.atomic():
        locked = TeamConversation.objects.select_for_update(of=("self",)).select_related(
            "member", "item", "post__thread__board"
        )
        locked = locked.get(pk=conversation.pk)
        # In a conversation about a decision, the team's answer carries that decision's appeal link.
        return write_team_message(locked, acting_user=acting_user, body=body, decision=locked.decision)


def start_conversation_as_team(member, *, acting_user, body: str, post: Post | None = None, item=None):
    """A moderator writes to a member first (from a member's record, a post's moderation page or a
    queue item). About an anonymous post, the conversation never names them to the team."""
    if not is_global_moderator(acting_user):
        raise PermissionDenied
    if member.pk == acting_user.pk:
        raise Refused(_("You can't start a conversation with yourself."))
    if not member.is_active or member.is_removed:
        raise Refused(_("This member's account is closed: they can't receive messages any more."))
    with transaction.atomic():
        conversation = open_conversation_with(
            member,
            topic=Topic.GENERAL,
            started_by_member=False,
            post=post,
            item=item,
            is_anonymous=bool(post is not None and post.is_anonymous),
        )
        write_team_message(conversation, acting_user=acting_user, body=body)
    return conversation


def claim_conversation(conversation: TeamConversation, *, acting_user) -> bool:
    """Takes the conversation, as with a queue item: others see who has it. False when another
    moderator has it and their claim has not lapsed (30 idle minutes, as for queue items), or it was
    given to them by name (that never lapses)."""
    require_team(acting_user, conversation)
    lapsed = timezone.now() - CLAIM_EXPIRES_AFTER
    with transaction.atomic():
        taken = (
            TeamConversation.objects.filter(pk=conversation.pk)
            .filter(
                Q(assigned_to__isnull=True) | Q(assigned_to=acting_user) | Q(assigned_at__lt=lapsed, is_given=False)
            )
            .update(assigned_to=acting_user, assigned_at=timezone.now(), is_given=False)
        )
        if taken:
            ModerationAction.objects.create(
                actor=acting_user, verb=ModerationVerb.CLAIM, item=conversation.item, post=conversation.post,
                new_value={"conversation": conversation.pk},
            )  # fmt: skip
    return bool(taken)


def assign_conversation(conversation: TeamConversation, *, acting_user, moderator) -> bool:
    """Gives the conversation to a named moderator (an admin, for a concern), whoever has it now:
    they are told, and the team sees who has it, as after a claim. False when they have it already.
    Logged with who gave it to whom."""
    require_team(acting_user, conversation)
    if not moderator.is_active or moderator.is_removed or not can_read_as_team(moderator, conversation):
        raise Refused(_("Please choose someone on the team who can read this conversation."))
    with transaction.atomic():
        given = (
            TeamConversation.objects.filter(pk=conversation.pk)
            .exclude(assigned_to=moderator, is_given=True)
            .update(assigned_to=moderator, assigned_at=timezone.now(), is_given=True)
        )
        if given:
            log_conversation(
                ModerationVerb.CONVERSATION_ASSIGN, conversation, acting_user=acting_user,
                new_value={"assigned_to": moderator.pk},
            )  # fmt: skip
            if moderator.pk != acting_user.pk:
                notify_member(
                    moderator,
                    kind=NotificationKind.TEAM_CONVERSATION,
                    message=_("A conversation with a member was given to you."),
                    link=team_link(conversation),
                )
    return bool(given)


def release_conversation(conversation: TeamConversation, *, acting_user) -> bool:
    require_team(acting_user, conversation)
    with transaction.atomic():
        released = TeamConversation.objects.filter(pk=conversation.pk, assigned_to=acting_user).update(
            assigned_to=None, assigned_at=None, is_given=False
        )
        if released:
            ModerationAction.objects.create(
                actor=acting_user, verb=ModerationVerb.RELEASE, item=conversation.item, post=conversation.post,
                new_value={"conversation": conversation.pk},
            )  # fmt: skip
    return bool(released)


def close_conversation(conversation: TeamConversation, *, acting_user) -> bool:
    """Settles it: out of the open list. The member can still write, which opens it again."""
    require_team(acting_user, conversation)
    with transaction.atomic():
        closed = TeamConversation.objects.filter(pk=conversation.pk, status=ConversationStatus.OPEN).update(
            status=ConversationStatus.CLOSED, closed_at=timezone.now(), closed_by=acting_user,
            waiting_for_team=False, assigned_to=None, assigned_at=None, is_given=False,
        )  # fmt: skip
        if closed:
            log_conversation(ModerationVerb.CONVERSATION_CLOSE, conversation, acting_user=acting_user)
    return bool(closed)


def report_team_message(message: TeamMessage, *, acting_user, note: str) -> TeamConversation:
    """A member reports something the team wrote: it goes to the admins, as a concern about a
    moderator (the admins see who wrote it). Once per message."""
    if message.conversation.member_id != acting_user.pk or message.written_as != Author.TEAM:
        raise PermissionDenied
    note = note.strip() or _("I'd like an admin to look at this message from the moderator team.")
    result = through_the_pipeline(note, author=acting_user)
    with transaction.atomic():
        if not TeamMessage.objects.filter(pk=message.pk, reported_at__isnull=True).update(reported_at=timezone.now()):
            raise Refused(_("You've already reported this message. An admin will look at it."))
        conversation = open_conversation_with(
            acting_user, topic=Topic.CONCERN, started_by_member=True, reported_message=message
        )
        add_message(conversation, written_as=Author.MEMBER, author=acting_user, body=note, html=result.body_html)
        tell_team(conversation, crisis=False)
    return conversation


def send_decision_note(decision: ModerationAction, *, acting_user, body: str) -> TeamConversation:
    """A moderator's personal note about a decision (a hidden post, a warning), delivered in the
    member's conversation with the team, with the appeal link bound to that decision."""
    if not is_global_moderator(acting_user):
        raise PermissionDenied
    if decision.verb not in APPEALABLE_VERBS:
        raise Refused(_("A personal note goes with a decision a member can ask to have looked at again."))
    post = decision.post
    anonymous = post is not None and post.is_anonymous
    member = post.author if anonymous else (decision.member or (post.author if post is not None else None))
    if member is None or not member.is_active or member.is_removed:
        raise Refused(_("This member's account is closed: they can't receive messages any more."))
    with transaction.atomic():
        conversation = (
            TeamConversation.objects.select_for_update()
            .filter(member=member, status=ConversationStatus.OPEN, is_anonymous=anonymous)
            .exclude(topic=Topic.CONCERN)
            .filter(Q(post=post) if anonymous else Q())
            .order_by("-last_message_at")
            .first()
        )
        if conversation is None:
            conversation = open_conversation_with(
                member, topic=Topic.DECISION, started_by_member=False, post=post, decision=decision,
                is_anonymous=anonymous,
            )  # fmt: skip
        write_team_message(conversation, acting_user=acting_user, body=body, decision=decision)
    return conversation


def mark_read_by_member(conversation: TeamConversation, *, member) -> None:
    """Opening the conversation reads its notifications, so the bell agrees with the page."""
    link = member_link(conversation)
    if Notification.objects.filter(recipient=member, link=link, read_at__isnull=True).update(read_at=timezone.now()):
        forget_unread_counts([member.pk])
