"""Writes for team conversations, check-ins and follow-ups. Each runs in a transaction, writes its
moderation log row there (a team message, a close, a check-in and its outcome), and tells people
through the notification outbox, so nothing is sent for a write that did not commit."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import (
    Author,
    CheckInAnswer,
    CheckInState,
    ConversationStatus,
    FollowUpPrompt,
    TeamConversation,
    TeamMessage,
    Topic,
)
from conversations.permissions import can_read_as_team
from conversations.saved_replies import out_of_hours_text
from forums.models import NotificationKind, Post
from forums.services.notifications import alert_moderators, notify_member
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem
from moderation.permissions import is_global_moderator
from moderation.pipeline import PipelineResult, Submission, check_lengths, detect_crisis_signals, render
from moderation.sanitise import render_plain_excerpt
from safespace.refusals import Refused

# Members' limits: generous for a conversation (a message a minute for ten minutes), low enough
# that nobody can flood the team. Words with a crisis signal always go through.
MEMBER_MESSAGE_LIMITS = [(timedelta(minutes=10), 10), (timedelta(days=1), 60)]
NEW_CONVERSATIONS_PER_DAY = 5
# A check-in with no answer after this long is logged as unanswered (once) and shown to the team.
CHECK_IN_ANSWER_WINDOW = timedelta(hours=48)
# How far back the follow-up sweeper looks for urgent items and check-ins past their waiting days:
# long enough to survive a beat outage, short enough never to send a prompt about something old.
FOLLOW_UP_LOOKBACK = timedelta(days=7)
EXCERPT_LENGTH = 160
MEMBER_TOPICS = (Topic.GENERAL, Topic.DECISION, Topic.CONCERN)


# --- Words through the one pipeline ---------------------------------------------------------------


def _through_the_pipeline(body: str, *, author) -> PipelineResult:
    """The posting pipeline's steps that apply to a private message: crisis signals first, the
    length rules, then the one sanitiser. (Watched words that block or hold, flood rules and first
    post approval are about public posts; a private word to the team is never turned away.)"""
    submission = Submission(author=author, kind="reply", body=body)
    result = PipelineResult()
    for step in (detect_crisis_signals, check_lengths, render):
        step(submission, result)
    return result


def _check_member_rate(member, *, crisis: bool, new_conversation: bool) -> None:
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


# --- Who is told ----------------------------------------------------------------------------------


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


def _admins():
    from allauth.mfa.models import Authenticator

    return (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True, removed_at__isnull=True)
        .filter(Exists(Authenticator.objects.filter(user=OuterRef("pk"))))
    )


def _tell_team(conversation: TeamConversation, *, crisis: bool) -> None:
    """A member wrote. A concern reaches admins only; otherwise the moderator who has the
    conversation, or, with nobody on it, every moderator not on a break. Crisis words raise an
    urgent alert whoever has it. No words of the message go into any alert."""
    link = team_link(conversation)
    if conversation.topic == Topic.CONCERN:
        for admin in _admins():
            notify_member(
                admin,
                kind=NotificationKind.TEAM_CONVERSATION,
                message=_("A member wrote to the admins with a concern about a moderator."),
                link=link,
            )
        return
    if crisis:
        from moderation.services import urgent_alert_message

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


def _tell_member(conversation: TeamConversation, message: TeamMessage) -> None:
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


def _log(verb: str, conversation: TeamConversation, *, acting_user=None, new_value=None) -> ModerationAction:
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


# --- Writing ----------------------------------------------------------------------------------------


def _add_message(conversation: TeamConversation, *, written_as: str, author, body: str, html: str, **fields):
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


def _open_conversation_with(member, *, topic: str, started_by_member: bool, **fields) -> TeamConversation:
    return TeamConversation.objects.create(
        member=member, topic=topic, started_by_member=started_by_member, last_message_at=timezone.now(), **fields
    )


def decisions_about(member):
    """Decisions a member may write to the team about: those filed under them, and those about
    their own anonymous posts (filed under nobody)."""
    from moderation.models import APPEALABLE_VERBS

    return ModerationAction.objects.filter(
        Q(member=member) | Q(member__isnull=True, post__author=member, post__is_anonymous=True),
        verb__in=APPEALABLE_VERBS,
    )


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
    result = _through_the_pipeline(body, author=acting_user)
    _check_member_rate(acting_user, crisis=result.crisis_signal, new_conversation=True)
    with transaction.atomic():
        conversation = _open_conversation_with(
            acting_user,
            topic=topic,
            started_by_member=True,
            post=post if topic != Topic.CONCERN else None,
            decision=decision if topic != Topic.CONCERN else None,
            is_anonymous=bool(post is not None and post.is_anonymous and topic != Topic.CONCERN),
            is_urgent=result.crisis_signal and topic != Topic.CONCERN,
        )
        _add_message(conversation, written_as=Author.MEMBER, author=acting_user, body=body, html=result.body_html)
        _tell_team(conversation, crisis=result.crisis_signal)
    return conversation


def write_as_member(conversation: TeamConversation, *, acting_user, body: str) -> TeamMessage:
    """The member's reply; a closed conversation opens again."""
    if conversation.member_id != acting_user.pk:
        raise PermissionDenied
    result = _through_the_pipeline(body, author=acting_user)
    _check_member_rate(acting_user, crisis=result.crisis_signal, new_conversation=False)
    with transaction.atomic():
        locked = (
            TeamConversation.objects.select_for_update(of=("self",))
            .select_related("assigned_to")
            .get(pk=conversation.pk)
        )
        if result.crisis_signal and locked.topic != Topic.CONCERN and not locked.is_urgent:
            TeamConversation.objects.filter(pk=locked.pk).update(is_urgent=True)
            locked.is_urgent = True
        message = _add_message(locked, written_as=Author.MEMBER, author=acting_user, body=body, html=result.body_html)
        _tell_team(locked, crisis=result.crisis_signal)
    return message


def _require_team(user, conversation: TeamConversation) -> None:
    if not can_read_as_team(user, conversation):
        raise PermissionDenied


def _write_team_message(conversation, *, acting_user, body, **fields) -> TeamMessage:
    """Call inside a transaction, with the conversation locked."""
    result = _through_the_pipeline(body, author=acting_user)
    message = _add_message(
        conversation, written_as=Author.TEAM, author=acting_user, body=body, html=result.body_html, **fields
    )
    _log(ModerationVerb.TEAM_MESSAGE, conversation, acting_user=acting_user, new_value={"message": message.pk})
    _tell_member(conversation, message)
    return message


def write_as_team(conversation: TeamConversation, *, acting_user, body: str) -> TeamMessage:
    """A moderator writes as "the moderator team" (an admin, in a concern). Logged; the member is told."""
    _require_team(acting_user, conversation)
    if not conversation.member.is_active or conversation.member.is_removed:
        raise Refused(_("This member's account is closed: they can't receive messages any more."))
    with transaction.atomic():
        locked = TeamConversation.objects.select_for_update(of=("self",)).select_related(
            "member", "item", "post__thread__board"
        )
        locked = locked.get(pk=conversation.pk)
        # In a conversation about a decision, the team's answer carries that decision's appeal link.
        return _write_team_message(locked, acting_user=acting_user, body=body, decision=locked.decision)


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
        conversation = _open_conversation_with(
            member,
            topic=Topic.GENERAL,
            started_by_member=False,
            post=post,
            item=item,
            is_anonymous=bool(post is not None and post.is_anonymous),
        )
        _write_team_message(conversation, acting_user=acting_user, body=body)
    return conversation


def claim_conversation(conversation: TeamConversation, *, acting_user) -> bool:
    """Takes the conversation, as with a queue item: others see who has it. False when another
    moderator has it and their claim has not lapsed (30 idle minutes, as for queue items)."""
    from moderation.models import CLAIM_EXPIRES_AFTER

    _require_team(acting_user, conversation)
    lapsed = timezone.now() - CLAIM_EXPIRES_AFTER
    with transaction.atomic():
        taken = (
            TeamConversation.objects.filter(pk=conversation.pk)
            .filter(Q(assigned_to__isnull=True) | Q(assigned_to=acting_user) | Q(assigned_at__lt=lapsed))
            .update(assigned_to=acting_user, assigned_at=timezone.now())
        )
        if taken:
            ModerationAction.objects.create(
                actor=acting_user, verb=ModerationVerb.CLAIM, item=conversation.item, post=conversation.post,
                new_value={"conversation": conversation.pk},
            )  # fmt: skip
    return bool(taken)


def release_conversation(conversation: TeamConversation, *, acting_user) -> bool:
    _require_team(acting_user, conversation)
    with transaction.atomic():
        released = TeamConversation.objects.filter(pk=conversation.pk, assigned_to=acting_user).update(
            assigned_to=None, assigned_at=None
        )
        if released:
            ModerationAction.objects.create(
                actor=acting_user, verb=ModerationVerb.RELEASE, item=conversation.item, post=conversation.post,
                new_value={"conversation": conversation.pk},
            )  # fmt: skip
    return bool(released)


def close_conversation(conversation: TeamConversation, *, acting_user) -> bool:
    """Settles it: out of the open list. The member can still write, which opens it again."""
    _require_team(acting_user, conversation)
    with transaction.atomic():
        closed = TeamConversation.objects.filter(pk=conversation.pk, status=ConversationStatus.OPEN).update(
            status=ConversationStatus.CLOSED, closed_at=timezone.now(), closed_by=acting_user,
            waiting_for_team=False, assigned_to=None, assigned_at=None,
        )  # fmt: skip
        if closed:
            _log(ModerationVerb.CONVERSATION_CLOSE, conversation, acting_user=acting_user)
    return bool(closed)


def report_team_message(message: TeamMessage, *, acting_user, note: str) -> TeamConversation:
    """A member reports something the team wrote: it goes to the admins, as a concern about a
    moderator (the admins see who wrote it). Once per message."""
    if message.conversation.member_id != acting_user.pk or message.written_as != Author.TEAM:
        raise PermissionDenied
    note = note.strip() or _("I'd like an admin to look at this message from the moderator team.")
    result = _through_the_pipeline(note, author=acting_user)
    with transaction.atomic():
        if not TeamMessage.objects.filter(pk=message.pk, reported_at__isnull=True).update(reported_at=timezone.now()):
            raise Refused(_("You've already reported this message. An admin will look at it."))
        conversation = _open_conversation_with(
            acting_user, topic=Topic.CONCERN, started_by_member=True, reported_message=message
        )
        _add_message(conversation, written_as=Author.MEMBER, author=acting_user, body=note, html=result.body_html)
        _tell_team(conversation, crisis=False)
    return conversation


# --- Check-ins --------------------------------------------------------------------------------------


def _member_of_item(item: QueueItem):
    return item.post.author if item.post_id else item.member


def _check_in_conversation(item: QueueItem) -> TeamConversation:
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
            return _open_conversation_with(
                _member_of_item(item), topic=Topic.CHECK_IN, started_by_member=False, item=item, post=post,
                is_anonymous=bool(post is not None and post.is_anonymous),
            )  # fmt: skip
    except IntegrityError:
        return TeamConversation.objects.select_for_update().get(
            item=item, topic=Topic.CHECK_IN, status=ConversationStatus.OPEN
        )


def has_been_checked_in(item: QueueItem) -> bool:
    return ModerationAction.objects.filter(item=item, verb=ModerationVerb.CHECK_IN).exists()


def check_in(item: QueueItem, *, acting_user, body: str) -> TeamConversation:
    """A person checks in on an urgent item: a message as the team, which the member answers with
    "I'm okay now" or "I'm still struggling". Logged as a check-in on the item. Global moderators
    only: the conversation is with a member, whatever board the post is on."""
    if not is_global_moderator(acting_user):
        raise PermissionDenied
    member = _member_of_item(item)
    if member.pk == acting_user.pk:
        raise Refused(_("This is about you: please ask another moderator to check in."))
    if not member.is_active or member.is_removed:
        raise Refused(_("This member's account is closed: they can't receive messages any more."))
    with transaction.atomic():
        item = QueueItem.objects.select_for_update(of=("self",)).select_related("post__thread__board").get(pk=item.pk)
        conversation = _check_in_conversation(item)
        conversation.item, conversation.post = item, item.post
        _write_team_message(conversation, acting_user=acting_user, body=body, asks_how_they_are=True)
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


def send_automatic_check_in(item: QueueItem) -> bool:
    """Out of staffed hours, a member who asked for a check-in gets, at once, a message labelled as
    automatic with their region's crisis lines and when moderators are back. The item stays urgent
    until a person checks in. Once per item. Call inside the posting transaction."""
    if ModerationAction.objects.filter(item=item, verb=ModerationVerb.CHECK_IN_AUTOMATIC).exists():
        return False
    member = _member_of_item(item)
    with transaction.atomic():
        conversation = _check_in_conversation(item)
        body = out_of_hours_text(member)
        message = _add_message(
            conversation,
            written_as=Author.AUTOMATIC,
            author=None,
            body=body,
            html=_through_the_pipeline(body, author=None).body_html,
        )
        # A person still has to check in: the team's list shows it as waiting for them.
        TeamConversation.objects.filter(pk=conversation.pk).update(waiting_for_team=True)
        _log(ModerationVerb.CHECK_IN_AUTOMATIC, conversation)
        _tell_member(conversation, message)
    return True


def reopen_urgent(item: QueueItem, *, why: str) -> QueueItem:
    """Puts the item back in the urgent lane (open again if it was settled) and alerts moderators
    on shift through the urgent alert path. When another item about the same post or member is open
    already, that one is raised instead (one open item per target). Call inside a transaction."""
    from moderation.services import urgent_alert_message

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
    result = _through_the_pipeline(text, author=acting_user)
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
        _add_message(
            locked, written_as=Author.MEMBER, author=acting_user, body=text, html=result.body_html,
            check_in_answer=answer,
        )  # fmt: skip
        if answer == CheckInAnswer.STRUGGLING or result.crisis_signal:
            TeamConversation.objects.filter(pk=locked.pk).update(is_urgent=True)
        _log(ModerationVerb.CHECK_IN_ANSWERED, locked, new_value={"answer": answer})
        if answer == CheckInAnswer.STRUGGLING and locked.item_id:
            reopen_urgent(locked.item, why=STILL_STRUGGLING_REASON)
        else:
            _tell_team(locked, crisis=result.crisis_signal or answer == CheckInAnswer.STRUGGLING)
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
            _log(ModerationVerb.CHECK_IN_UNANSWERED, TeamConversation.objects.get(pk=pk))
            logged += 1
    return logged


# --- Removal feedback --------------------------------------------------------------------------------


def send_decision_note(decision: ModerationAction, *, acting_user, body: str) -> TeamConversation:
    """A moderator's personal note about a decision (a hidden post, a warning), delivered in the
    member's conversation with the team, with the appeal link bound to that decision."""
    from moderation.models import APPEALABLE_VERBS

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
            conversation = _open_conversation_with(
                member, topic=Topic.DECISION, started_by_member=False, post=post, decision=decision,
                is_anonymous=anonymous,
            )  # fmt: skip
        _write_team_message(conversation, acting_user=acting_user, body=body, decision=decision)
    return conversation


# --- "How are you doing now?" -------------------------------------------------------------------------


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
    result = _through_the_pipeline(text, author=acting_user)
    with transaction.atomic():
        if not FollowUpPrompt.objects.filter(pk=prompt.pk, answered_at__isnull=True, dismissed_at__isnull=True).update(
            answered_at=timezone.now()
        ):
            raise Refused(_("You've already answered this, thank you."))
        conversation = _open_conversation_with(
            acting_user, topic=Topic.FOLLOW_UP, started_by_member=True, is_urgent=result.crisis_signal
        )
        _add_message(conversation, written_as=Author.MEMBER, author=acting_user, body=text, html=result.body_html)
        FollowUpPrompt.objects.filter(pk=prompt.pk).update(conversation=conversation)
        _tell_team(conversation, crisis=result.crisis_signal)
    return conversation


def dismiss_follow_up(prompt: FollowUpPrompt, *, acting_user) -> bool:
    if prompt.member_id != acting_user.pk:
        raise PermissionDenied
    return bool(
        FollowUpPrompt.objects.filter(pk=prompt.pk, answered_at__isnull=True, dismissed_at__isnull=True).update(
            dismissed_at=timezone.now()
        )
    )


# --- Erasure ------------------------------------------------------------------------------------------


def erase_member_conversations(member) -> int:
    """Account deletion: the member's conversations with the team go, every message in them (theirs
    and the team's, which were written to them); the moderation log keeps its rows, which carry no
    words. Call inside the deletion's transaction."""
    FollowUpPrompt.objects.filter(member=member).delete()
    deleted, _rows = TeamConversation.objects.filter(member=member).delete()
    return deleted


def mark_read_by_member(conversation: TeamConversation, *, member) -> None:
    """Opening the conversation reads its notifications, so the bell agrees with the page."""
    from forums.models import Notification
    from forums.selectors.notifications import forget_unread_counts

    link = member_link(conversation)
    if Notification.objects.filter(recipient=member, link=link, read_at__isnull=True).update(read_at=timezone.now()):
        forget_unread_counts([member.pk])
