"""Writes for follow-ups and moderator care. Each runs in a transaction and does nothing twice."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import (
    REMINDER_DELAYS,
    Debrief,
    DebriefSharing,
    LookInReminder,
    ReminderStatus,
    ShiftMark,
    ShiftMarkKind,
    TopicOptOut,
)
from care.selectors import shift_for_moderator, shift_gap
from forums.models import NotificationKind, Thread
from forums.notifications.outbox import notify_member
from moderation.models import Lane
from moderation.permissions import can_moderate
from moderation.services import release_all_claims
from safespace.refusals import Refused

logger = logging.getLogger(__name__)

# A sweep sends at most this many; the next run (five minutes later) takes the rest.
REMINDER_BATCH = 500


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise Refused(_("Only moderators can do that."))


# --- Reminders ------------------------------------------------------------------------------------


def set_look_in_reminder(thread: Thread, *, acting_user, delay: str, now: datetime | None = None) -> LookInReminder:
    """Call with a thread the member may see (access_thread). One waiting reminder per member and
    thread: setting it again moves the time of the one already waiting, so a resubmitted form
    creates nothing twice."""
    if not acting_user.is_authenticated:
        raise Refused(_("Please log in to set a reminder."))
    if delay not in REMINDER_DELAYS:
        raise Refused(_("Please choose when we should remind you."))
    due_at = (now or timezone.now()) + REMINDER_DELAYS[delay]
    with transaction.atomic():
        updated = LookInReminder.objects.waiting().filter(member=acting_user, thread=thread).update(due_at=due_at)
        if not updated:
            try:
                with transaction.atomic():
                    LookInReminder.objects.create(member=acting_user, thread=thread, due_at=due_at)
            except IntegrityError:  # the same form, sent twice at once: the other one made it
                LookInReminder.objects.waiting().filter(member=acting_user, thread=thread).update(due_at=due_at)
    return LookInReminder.objects.waiting().get(member=acting_user, thread=thread)


def cancel_look_in_reminder(pk, *, acting_user) -> bool:
    """Only the member's own waiting reminder; False when there is none (cancelled already, sent)."""
    deleted, _rows = LookInReminder.objects.waiting().filter(pk=pk, member=acting_user).delete()
    return bool(deleted)


def _reminder_message(thread: Thread) -> str:
    """Read in the bell and in an email: a thread on a sensitive board, or one whose opening post
    carries a content warning, is not named (emails get read over shoulders)."""
    opening = thread.posts.filter(position=1).values_list("content_warnings", flat=True).first()
    if thread.board.is_sensitive or opening:
        return _("You asked us to remind you to look in on a thread. Here it is, whenever you're ready.")
    return _("You asked us to remind you to look in on “%(title)s”. Here it is, whenever you're ready.") % {
        "title": thread.title
    }


def send_due_reminder(reminder_id: int, *, now: datetime | None = None) -> str:
    """Sends one reminder that has come due, or drops it quietly when the member can no longer see
    the thread (or has left). Locks the row; returns the new status, or "" when it was not waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        reminder = (
            LookInReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("member", "thread__board")
            .filter(pk=reminder_id, status=ReminderStatus.WAITING, due_at__lte=now)
            .first()
        )
        if reminder is None:
            return ""
        member, thread = reminder.member, reminder.thread
        can_see = (
            member.is_active
            and not member.is_removed
            and Thread.objects.visible_to(member).filter(pk=thread.pk).exists()
        )
        if can_see:
            notify_member(
                member,
                kind=NotificationKind.LOOK_IN_REMINDER,
                message=_reminder_message(thread),
                link=reverse("forums:thread-unread", args=[thread.pk]),
            )
        status = ReminderStatus.SENT if can_see else ReminderStatus.DROPPED
        LookInReminder.objects.filter(pk=reminder.pk).update(status=status, settled_at=now)
    return status


def send_due_reminders(*, now: datetime | None = None) -> int:
    """The periodic sweep: every reminder due, once each (a second run finds them settled)."""
    now = now or timezone.now()
    ids = list(LookInReminder.objects.due(now).order_by("due_at", "pk").values_list("pk", flat=True)[:REMINDER_BATCH])
    return sum(1 for reminder_id in ids if send_due_reminder(reminder_id, now=now) == ReminderStatus.SENT)


# --- Shifts ---------------------------------------------------------------------------------------


def start_shift(*, acting_user) -> bool:
    """False when a shift they started is already running."""
    _require_moderator(acting_user)
    if shift_for_moderator(acting_user).started_explicitly:
        return False
    ShiftMark.objects.create(moderator=acting_user, kind=ShiftMarkKind.STARTED)
    return True


def end_shift(*, acting_user) -> int:
    """Ends the shift and hands over what they hold (each release logged). Returns how many items
    went back to the queue."""
    _require_moderator(acting_user)
    with transaction.atomic():
        released = release_all_claims(acting_user=acting_user)
        ShiftMark.objects.create(moderator=acting_user, kind=ShiftMarkKind.ENDED)
    return released


def take_break(*, acting_user) -> None:
    """Resets the break reminder; the shift goes on (it ends by itself after a long enough gap)."""
    _require_moderator(acting_user)
    ShiftMark.objects.create(moderator=acting_user, kind=ShiftMarkKind.BREAK)


def _mark_once_per_shift(item, *, acting_user, kind: str) -> bool:
    """One mark per item within a shift's gap: reloading a page does not count it again."""
    recent = timezone.now() - shift_gap()
    if ShiftMark.objects.filter(moderator=acting_user, item=item, kind=kind, created_at__gte=recent).exists():
        return False
    ShiftMark.objects.create(moderator=acting_user, item=item, kind=kind)
    return True


def record_item_opened(item, *, acting_user) -> bool:
    """Call when a moderator opens an item's page: an urgent one counts towards their shift."""
    if item.lane != Lane.URGENT or not can_moderate(acting_user):
        return False
    return _mark_once_per_shift(item, acting_user=acting_user, kind=ShiftMarkKind.OPENED_URGENT)


def record_reveal(item, *, acting_user) -> bool:
    """A moderator showed an item's distressing content (blurred until they chose to see it)."""
    _require_moderator(acting_user)
    return _mark_once_per_shift(item, acting_user=acting_user, kind=ShiftMarkKind.REVEALED)


# --- Topic opt-outs -------------------------------------------------------------------------------


def set_topic_opt_out(*, acting_user, topics, ends_at: datetime) -> TopicOptOut:
    _require_moderator(acting_user)
    if not topics:
        raise Refused(_("Please choose at least one topic."))
    if ends_at <= timezone.now():
        raise Refused(_("Please choose an end date after today."))
    return TopicOptOut.objects.create(moderator=acting_user, topics=sorted(set(topics)), ends_at=ends_at)


def end_topic_opt_out(pk, *, acting_user) -> bool:
    """Ends one of the moderator's own opt-outs now; False when it had already ended."""
    now = timezone.now()
    return bool(
        TopicOptOut.objects.filter(pk=pk, moderator=acting_user, ended_early_at__isnull=True, ends_at__gt=now).update(
            ended_early_at=now
        )
    )


# --- Debriefs -------------------------------------------------------------------------------------


def write_debrief(item, *, acting_user, text: str, sharing: str = DebriefSharing.PRIVATE) -> tuple[Debrief, bool]:
    """Call with an urgent item the moderator settled (selectors.debrief_item_for). One per
    moderator and item: sent twice, the first is kept and (debrief, False) returned."""
    _require_moderator(acting_user)
    text = text.strip()
    if not text:
        raise Refused(_("Please write a few words, or choose “No thanks”."))
    if sharing not in DebriefSharing.values:
        raise Refused(_("Please choose who can read it."))
    try:
        with transaction.atomic():
            return Debrief.objects.create(moderator=acting_user, item=item, text=text, sharing=sharing), True
    except IntegrityError:
        return Debrief.objects.get(moderator=acting_user, item=item), False


def skip_debrief(item, *, acting_user) -> bool:
    """ "No thanks": kept, so the offer is not made again for this item."""
    _require_moderator(acting_user)
    try:
        with transaction.atomic():
            Debrief.objects.create(moderator=acting_user, item=item, skipped=True)
    except IntegrityError:
        return False
    return True


# --- Erasure --------------------------------------------------------------------------------------
