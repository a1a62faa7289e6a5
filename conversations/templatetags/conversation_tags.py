"""The check-in panel on a queue item's page: one inclusion tag, so the moderation page only
includes it (one query for the item's check-in conversation, one for the log)."""

from django import template

from conversations.selectors import check_in_conversation_for_item
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb
from moderation.permissions import is_global_moderator

register = template.Library()


@register.inclusion_tag("conversations/partials/_item_check_in.html")
def check_in_panel(item, user):
    member = item.post.author if item.post_id else item.member
    urgent = item.lane == Lane.URGENT or item.check_in_requested
    verbs = set(
        ModerationAction.objects.filter(
            item=item, verb__in=[ModerationVerb.CHECK_IN, ModerationVerb.CHECK_IN_AUTOMATIC]
        ).values_list("verb", flat=True)
    )
    return {
        "item": item,
        "show": urgent and is_global_moderator(user),
        "can_check_in": item.status == ItemStatus.OPEN or item.check_in_requested,
        "is_self": member is not None and member.pk == user.pk,
        "conversation": check_in_conversation_for_item(item),
        "checked_in": ModerationVerb.CHECK_IN in verbs,
        "automatic_sent": ModerationVerb.CHECK_IN_AUTOMATIC in verbs,
        "can_write": is_global_moderator(user) and member is not None,
    }
