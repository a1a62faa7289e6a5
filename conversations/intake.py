"""What comes into conversations from the posting transaction: out of staffed hours, a member who
asked for a check-in hears at once, in an automatic message. Called by moderation's queue intake
(moderation/intake.py); like it, a leaf that imports no write service."""

from django.db import transaction

from conversations.messages import (
    add_message,
    check_in_conversation,
    log_conversation,
    member_of_item,
    tell_member,
    through_the_pipeline,
)
from conversations.models import Author, TeamConversation
from conversations.saved_replies import out_of_hours_text
from moderation.models import ModerationAction, ModerationVerb, QueueItem


def send_automatic_check_in(item: QueueItem) -> bool:
    """Out of staffed hours, a member who asked for a check-in gets, at once, a message labelled as
    automatic with their region's crisis lines and when moderators are back. The item stays urgent
    until a person checks in. Once per item. Call inside the posting transaction."""
    if ModerationAction.objects.filter(item=item, verb=ModerationVerb.CHECK_IN_AUTOMATIC).exists():
        return False
    member = member_of_item(item)
    with transaction.atomic():
        conversation = check_in_conversation(item)
        body = out_of_hours_text(member)
        message = add_message(
            conversation,
            written_as=Author.AUTOMATIC,
            author=None,
            body=body,
            html=through_the_pipeline(body, author=None).body_html,
        )
        # A person still has to check in: the team's list shows it as waiting for them.
        TeamConversation.objects.filter(pk=conversation.pk).update(waiting_for_team=True)
        log_conversation(ModerationVerb.CHECK_IN_AUTOMATIC, conversation)
        tell_member(conversation, message)
    return True
