"""A moderator's actions on a thread: lock, pin, move. Each changes one column with a conditional
update and writes one audit row."""

from django.db import transaction

from forums.models import NotificationKind, Thread
from forums.notifications.outbox import notify_member
from forums.services.counters import thread_moved
from moderation import notices
from moderation.models import ModerationAction, ModerationVerb
from moderation.services.common import require_moderator, thread_filed_under


def _flip_thread(thread, *, acting_user, field: str, value: bool, verb: str, reason: str) -> bool:
    require_moderator(acting_user, board_id=thread.board_id)
    with transaction.atomic():
        if not Thread.objects.filter(pk=thread.pk).exclude(**{field: value}).update(**{field: value}):
            return False
        ModerationAction.objects.create(
            actor=acting_user, verb=verb, post=thread.posts.filter(position=1).first(),
            member_id=thread_filed_under(thread), reason=reason,
            old_value={field: not value}, new_value={field: value},
        )  # fmt: skip
    setattr(thread, field, value)
    return True


def lock_thread(thread, *, acting_user, locked: bool = True, reason: str = "") -> bool:
    """Locked threads stay readable; replies are refused with a clear message. The author is told."""
    verb = ModerationVerb.LOCK_THREAD if locked else ModerationVerb.UNLOCK_THREAD
    with transaction.atomic():
        changed = _flip_thread(
            thread, acting_user=acting_user, field="is_locked", value=locked, verb=verb, reason=reason
        )
        if changed:
            notice = notices.thread_locked if locked else notices.thread_reopened
            notify_member(
                thread.author,
                kind=NotificationKind.MODERATION,
                notice=notice(thread=thread.title),
                link=thread.get_absolute_url(),
            )
    return changed


def pin_thread(thread, *, acting_user, pinned: bool = True, reason: str = "") -> bool:
    verb = ModerationVerb.PIN_THREAD if pinned else ModerationVerb.UNPIN_THREAD
    return _flip_thread(thread, acting_user=acting_user, field="is_pinned", value=pinned, verb=verb, reason=reason)


def move_thread(thread, *, acting_user, board, reason: str = "") -> bool:
    """Moves the thread and keeps both boards' counters and latest posts right."""
    require_moderator(acting_user, board_id=thread.board_id)
    require_moderator(acting_user, board_id=board.pk)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.board_id == board.pk:
            return False
        old_board_id = locked.board_id
        Thread.objects.filter(pk=locked.pk).update(board=board)
        thread_moved(locked, from_board_id=old_board_id, to_board_id=board.pk)
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.MOVE_THREAD, post=locked.posts.filter(position=1).first(),
            member_id=thread_filed_under(locked), reason=reason, old_value={"board": old_board_id},
            new_value={"board": board.pk},
        )  # fmt: skip
        notify_member(
            locked.author,
            kind=NotificationKind.MODERATION,
            notice=notices.thread_moved(thread=locked.title, board=board.name),
            link=locked.get_absolute_url(),
        )
    thread.board = board
    return True
