"""How a message joins a conversation, for every write in the app and for the automatic check-in
the posting transaction sends: words through the one pipeline, the conversation's state, the
moderation log row and the member's notice. A leaf: it imports the models, the pipeline and the
notification outbox, never a write service, so moderation's queue intake can use it."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import Author, ConversationStatus, TeamConversation, TeamMessage, Topic
from forums.models import NotificationKind
from forums.notifications.outbox import notify_member
from moderation.models import Lane, ModerationAction, QueueItem
from moderation.pipeline import PipelineResult, Submission, check_lengths, detect_crisis_signals, render
from moderation.sanitise import render_plain_excerpt

EXCERPT_LENGTH = 160


def through_the_pipeline(body: str, *, author) -> PipelineResult:
    """The posting pipeline's steps that apply to a private message: crisis signals first, the
    length rules, then the one sanitiser. (Watched words that block or hold, flood rules and first
    post approval are about public posts; a private word to the team is never turned away.)"""
    submission = Submission(author=author, kind="reply", body=body)
    result = PipelineResult()
    for step in (detect_crisis_signals, check_lengths, render):
        step(submission, result)
    return result


def member_link(conversation: TeamConversation) -> str:
    return reverse("conversations:conversation-detail", args=[conversation.pk])


def team_link(conversation: TeamConversation) -> str:
    return reverse("conversations:team-detail", args=[conversation.pk])


def is_sensitive(conversation: TeamConversation) -> bool:
    """No words of the conversation in notices (and so in emails) when it is about a hard time, an
    urgent item, a sensitive board, a post behind a content warning, or a moderator."""
    if conversation.topic in (Topic.CHECK_IN, Topic.FOLLOW_UP, Topic.CONCERN) or conversation.is_urgent:
        return True
    if conversation.item_id and conversation.item.lane == Lane.URGENT:
        return True
    post = conversation.post
    return post is not None and (post.thread.board.is_sensitive or bool(post.content_warnings))


def tell_member(conversation: TeamConversation, message: TeamMessage) -> None:
    """The member hears in the app and by email, like any notice. A reply in a conversation they
    started reaches them on a break too (they asked); its words are left out where it is sensitive."""
    if message.written_as == Author.AUTOMATIC:
        text = _(
            "We've sent you an automatic message with who you can talk to right now. A moderator will "
            "check in with you when they are back."
        )
    elif is_sensitive(conversation):
        text = _("The moderator team wrote to you. Open the conversation to read it.")
    else:
        text = _("The moderator team wrote to you: “%(excerpt)s”") % {
            "excerpt": render_plain_excerpt(message.body, EXCERPT_LENGTH)
        }
    kind = NotificationKind.TEAM_REPLY if conversation.started_by_member else NotificationKind.TEAM_MESSAGE
    notify_member(conversation.member, kind=kind, message=text, link=member_link(conversation))


def log_conversation(
    verb: str, conversation: TeamConversation, *, acting_user=None, new_value=None
) -> ModerationAction:
    """One row in the moderation log, filed like decisions: under the member, or under nobody when
    the conversation is about an anonymous post (the post stays the target)."""
    return ModerationAction.objects.create(
        actor=acting_user,
        verb=verb,
        item=conversation.item,
        post=conversation.post,
        member_id=None if conversation.is_anonymous else conversation.member_id,
        new_value={"conversation": conversation.pk, **(new_value or {})},
    )


def add_message(conversation: TeamConversation, *, written_as: str, author, body: str, html: str, **fields):
    now = timezone.now()
    message = TeamMessage.objects.create(
        conversation=conversation, written_as=written_as, author=author, body=body, body_html=html, **fields
    )
    update = {"last_message_at": now}
    if conversation.status == ConversationStatus.CLOSED:
        update.update(status=ConversationStatus.OPEN, closed_at=None, closed_by=None)
    if written_as == Author.MEMBER:
        update["waiting_for_team"] = True
    elif written_as == Author.TEAM:
        update["waiting_for_team"] = False
    TeamConversation.objects.filter(pk=conversation.pk).update(**update)
    for name, value in update.items():
        setattr(conversation, name if not name.endswith("_by") else f"{name}_id", value)
    return message


def open_conversation_with(member, *, topic: str, started_by_member: bool, **fields) -> TeamConversation:
    return TeamConversation.objects.create(
        member=member, topic=topic, started_by_member=started_by_member, last_message_at=timezone.now(), **fields
    )


def member_of_item(item: QueueItem):
    return item.post.author if item.post_id else item.member


def check_in_conversation(item: QueueItem) -> TeamConversation:
    """The item's open check-in conversation, locked; opened when there is none (the conditional
    unique constraint settles two moderators at once). Call inside a transaction."""
    found = (
        TeamConversation.objects.select_for_update()
        .filter(item=item, topic=Topic.CHECK_IN, status=ConversationStatus.OPEN)
        .first()
    )
    if found is not None:
        return found
    post = item.post
    try:
        with transaction.atomic():
            return open_conversation_with(
                member_of_item(item), topic=Topic.CHECK_IN, started_by_member=False, item=item, post=post,
                is_anonymous=bool(post is not None and post.is_anonymous),
            )  # fmt: skip
    except IntegrityError:
        return TeamConversation.objects.select_for_update().get(
            item=item, topic=Topic.CHECK_IN, status=ConversationStatus.OPEN
        )
