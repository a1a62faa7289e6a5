"""Check-ins: a person checks in on an urgent item, the member answers "I'm okay now" or "I'm
still struggling" (which puts the item back in the urgent lane), and a check-in nobody answered in
48 hours is logged once. The automatic out-of-hours message is in conversations/intake.py."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.messages import (
    add_message,
    check_in_conversation,
    log_conversation,
    member_of_item,
    through_the_pipeline,
)
from conversations.models import Author, CheckInAnswer, CheckInState, TeamConversation
from conversations.services.common import tell_team
from conversations.services.conversations import write_team_message
from forums.models import NotificationKind
from forums.notifications.outbox import alert_moderators
from moderation.intake import urgent_alert_message
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem
from moderation.permissions import is_global_moderator
from safespace.refusals import Refused

# A check-in with no answer after this long is logged as unanswered (once) and shown to the team.
CHECK_IN_ANSWER_WINDOW = timedelta(hours=48)


def has_been_checked_in(item: QueueItem) -> bool:
    return ModerationAction.objects.filter(item=item, verb=ModerationVerb.CHECK_IN).exists()


def check_in(item: QueueItem, *, acting_user, body: str) -> TeamConversation:
    """A person checks in on an urgent item: a message as the team, which the member answers with
    "I'm okay now" or "I'm still struggling". Logged as a check-in on the item. Global moderators
    only: the conversation is with a member, whatever board the post is on."""
    if not is_global_moderator(acting_user):
        raise PermissionDenied
    member = member_of_item(item)
    if member.pk == acting_user.pk:
        raise Refused(_("This is about you: please ask another moderator to check in."))
    if not member.is_active or member.is_removed:
        raise Refused(_("This member's account is closed: they can't receive messages any more."))
    with transaction.atomic():
        item = QueueItem.objects.select_for_update(of=("self",)).select_related("post__thread__board").get(pk=item.pk)
        conversation = check_in_conversation(item)
        conversation.item, conversation.post = item, item.post
        write_team_message(conversation, acting_user=acting_user, body=body, asks_how_they_are=True)
        TeamConversation.objects.filter(pk=conversation.pk).update(
            check_in_state=CheckInState.WAITING, checked_in_at=timezone.now()
        )
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.CHECK_IN, item=item, post=item.post,
            member_id=None if conversation.is_anonymous else member.pk,
            new_value={"conversation": conversation.pk},
        )  # fmt: skip
    conversation.check_in_state = CheckInState.WAITING
    return conversation


def reopen_urgent(item: QueueItem, *, why: str) -> QueueItem:
    """Puts the item back in the urgent lane (open again if it was settled) and alerts moderators
    on shift through the urgent alert path. When another item about the same post or member is open
    already, that one is raised instead (one open item per target). Call inside a transaction."""
    locked = QueueItem.objects.select_for_update().get(pk=item.pk)
    target = {"post_id": locked.post_id} if locked.post_id else {"member_id": locked.member_id}
    if locked.status != ItemStatus.OPEN:
        other = QueueItem.objects.select_for_update().filter(status=ItemStatus.OPEN, **target).first()
        if other is not None:
            locked = other
        else:
            QueueItem.objects.filter(pk=locked.pk).update(
                status=ItemStatus.OPEN, resolved_at=None, resolved_by=None, resolution="",
                claimed_by=None, claimed_at=None,
            )  # fmt: skip
    reasons = list(locked.automatic_reasons)
    if why not in reasons:
        reasons.append(why)
    QueueItem.objects.filter(pk=locked.pk).update(lane=Lane.URGENT, automatic_reasons=reasons)
    alert_moderators(
        kind=NotificationKind.URGENT_ITEM,
        message=urgent_alert_message(_("a member said they are still struggling after a check-in.")),
        link=reverse("moderation:item-detail", args=[locked.pk]),
        post=locked.post,
    )
    locked.refresh_from_db()
    return locked


STILL_STRUGGLING_REASON = "still struggling after a check-in"


def answer_check_in(conversation: TeamConversation, *, acting_user, answer: str, body: str = "") -> bool:
    """The member's answer. "I'm still struggling" puts the item back in the urgent lane and alerts
    the moderators on shift. Returns False when this check-in was answered already (a form sent
    twice answers once)."""
    if conversation.member_id != acting_user.pk:
        raise PermissionDenied
    if answer not in CheckInAnswer.values:
        raise Refused(_("Please choose one of the answers."))
    words = CheckInAnswer(answer).label
    text = f"**{words}**" + (f"\n\n{body.strip()}" if body.strip() else "")
    result = through_the_pipeline(text, author=acting_user)
    with transaction.atomic():
        answered = TeamConversation.objects.filter(
            pk=conversation.pk, check_in_state__in=[CheckInState.WAITING, CheckInState.UNANSWERED]
        ).update(check_in_state=answer)
        if not answered:
            return False
        locked = (
            TeamConversation.objects.select_for_update(of=("self",))
            .select_related("assigned_to", "item")
            .get(pk=conversation.pk)
        )
        add_message(
            locked, written_as=Author.MEMBER, author=acting_user, body=text, html=result.body_html,
            check_in_answer=answer,
        )  # fmt: skip
        if answer == CheckInAnswer.STRUGGLING or result.crisis_signal:
            TeamConversation.objects.filter(pk=locked.pk).update(is_urgent=True)
        log_conversation(ModerationVerb.CHECK_IN_ANSWERED, locked, new_value={"answer": answer})
        if answer == CheckInAnswer.STRUGGLING and locked.item_id:
            reopen_urgent(locked.item, why=STILL_STRUGGLING_REASON)
        else:
            tell_team(locked, crisis=result.crisis_signal or answer == CheckInAnswer.STRUGGLING)
    return True


def sweep_unanswered_check_ins(*, now=None) -> int:
    """Periodic: check-ins with no answer after 48 hours are logged as unanswered, once each (the
    state column moves from waiting only once), and shown to the team as waiting."""
    now = now or timezone.now()
    due = TeamConversation.objects.filter(
        check_in_state=CheckInState.WAITING, checked_in_at__lte=now - CHECK_IN_ANSWER_WINDOW
    ).values_list("pk", flat=True)
    logged = 0
    for pk in list(due[:500]):
        with transaction.atomic():
            if not TeamConversation.objects.filter(pk=pk, check_in_state=CheckInState.WAITING).update(
                check_in_state=CheckInState.UNANSWERED, waiting_for_team=True
            ):
                continue
            log_conversation(ModerationVerb.CHECK_IN_UNANSWERED, TeamConversation.objects.get(pk=pk))
            logged += 1
    return logged
