"""What comes into the moderation queue from elsewhere: a post the posting pipeline flagged, held or
saw a crisis signal in, and the item a report lands on. Called inside the posting and reporting
transactions, by forums' posting service and moderation's report service alike; it imports the
models and the moderators' alert only, never a service that could call back into posting."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from conversations.intake import send_automatic_check_in
from forums.models import NotificationKind, Post
from forums.notifications.outbox import alert_moderators
from moderation.models import ItemStatus, Lane, QueueItem
from moderation.pipeline import FIRST_POST_HOLD
from moderation.staffing import moderators_on_duty

# The end of every urgent alert, in the bell and by email: one short ask, the same each time.
URGENT_ALERT_ASK = _lazy("Please look as soon as you can.")
# Why a held post waits, in the item's reasons: the moderator sees it, and approving a member's
# first post publishes only the posts that wait for that reason alone (a watched word keeps its own).
FIRST_POST_REASON = "first post from a new member"
HELD_FOR_WORD_PREFIX = "held for the watched word: "


def open_item_for(*, post=None, member=None) -> QueueItem:
    """The target's unresolved item, locked; created when there is none (the conditional unique
    constraint settles two reports arriving at once)."""
    target = {"post": post} if post is not None else {"member": member}
    item = QueueItem.objects.select_for_update().filter(status=ItemStatus.OPEN, **target).first()
    if item is not None:
        return item
    try:
        with transaction.atomic():
            return QueueItem.objects.create(**target)
    except IntegrityError:
        return QueueItem.objects.select_for_update().get(status=ItemStatus.OPEN, **target)


def urgent_alert_message(why: str) -> str:
    """ "Urgent: <why> Please look as soon as you can." The same shape for every urgent alert."""
    return _("Urgent: %(why)s %(ask)s") % {"why": why, "ask": URGENT_ALERT_ASK}


def hold_reasons_for_item(hold_reasons) -> list[str]:
    return [
        FIRST_POST_REASON if reason == FIRST_POST_HOLD else HELD_FOR_WORD_PREFIX + reason for reason in hold_reasons
    ]


def queue_post_from_pipeline(
    post: Post, *, crisis_signal: bool, check_in_requested: bool, flags, held: bool, hold_reasons=()
):
    """Call inside the posting transaction. A crisis signal opens (or raises to) an urgent item and
    alerts every moderator at once; a held post waits in the held lane; a flag opens a report item."""
    if not (crisis_signal or flags or held):
        return None
    item = open_item_for(post=post)
    reasons = list(item.automatic_reasons)
    if crisis_signal:
        reasons.append("crisis signal")
    reasons += [f"watched word: {flag}" for flag in flags]
    if held:
        reasons += hold_reasons_for_item(hold_reasons) or ["held for approval"]
    became_urgent = crisis_signal and item.lane != Lane.URGENT
    if crisis_signal:
        item.lane = Lane.URGENT
    elif held and item.lane != Lane.URGENT:
        item.lane = Lane.HELD
    item.automatic_reasons = reasons
    item.check_in_requested = item.check_in_requested or check_in_requested
    item.save(update_fields=["lane", "automatic_reasons", "check_in_requested"])
    link = reverse("moderation:item-detail", args=[item.pk])
    if became_urgent:
        alert_moderators(
            kind=NotificationKind.URGENT_ITEM,
            message=urgent_alert_message(
                _("a post may come from someone at risk.")
                if not check_in_requested
                else _("a member who may be at risk asked a moderator to check in.")
            ),
            link=link,
            post=post,
        )
    elif held and not crisis_signal:
        alert_moderators(
            kind=NotificationKind.HELD_POST, message=_("A post is waiting for approval."), link=link, post=post
        )
    if item.check_in_requested and not moderators_on_duty():
        # Nobody is on to check in: the member hears at once, from an automatic message, who answers now.
        send_automatic_check_in(item)
    return item
