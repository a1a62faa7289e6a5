"""A moderator's actions on one post: a content warning, a logged look at who wrote an anonymous
post, restoring, approving a held post from its own page, and an edit that keeps the original."""

from django.db import transaction
from django.utils.translation import gettext as _

from forums.models import ContentWarning, NotificationKind, Post
from forums.notifications.outbox import notify_member
from forums.services.posts import edit_post
from moderation import notices
from moderation.intake import open_item_for
from moderation.models import ModerationAction, ModerationVerb
from moderation.selectors import open_item_for_post
from moderation.services.common import filed_under, require_moderator
from moderation.services.queue import resolve_item
from safespace.refusals import Refused


def add_content_warning(post: Post, *, acting_user, warning: str, reason: str = "") -> bool:
    """Adds a warning the author did not set, so readers' content-warning choices apply to it. The
    author is told kindly; nothing else about the post changes."""
    require_moderator(acting_user, board_id=post.thread.board_id)
    if warning not in ContentWarning.values:
        raise Refused(_("Please choose one of the content warnings."))
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if warning in locked.content_warnings:
            return False
        old = list(locked.content_warnings)
        chosen = set(old) | {warning}
        locked.content_warnings = [value for value in ContentWarning.values if value in chosen]
        locked.save(update_fields=["content_warnings"])
        ModerationAction.objects.create(
            actor=acting_user,
            verb=ModerationVerb.ADD_CONTENT_WARNING,
            post=locked,
            member_id=filed_under(locked),
            reason=reason,
            old_value=old,
            new_value=locked.content_warnings,
        )
        notify_member(
            locked.author,
            kind=NotificationKind.MODERATION,
            notice=notices.content_warning_added(thread=locked.thread.title, warning=warning),
            link=locked.get_absolute_url(),
            post=locked,
        )
    post.content_warnings = locked.content_warnings
    return True


def reveal_anonymous_author(post: Post, *, acting_user, reason: str):
    """Returns who wrote an anonymous post. Every reveal needs a reason and is logged, each time."""
    require_moderator(acting_user, board_id=post.thread.board_id)
    if not post.is_anonymous:
        raise Refused(_("This post is not anonymous: its author is shown on the post."))
    if not reason.strip():
        raise Refused(_("Please say why you need to know who wrote this post. The reason is logged."))
    with transaction.atomic():
        ModerationAction.objects.create(
            actor=acting_user,
            verb=ModerationVerb.REVEAL_AUTHOR,
            post=post,
            member_id=filed_under(post),
            reason=reason.strip(),
        )
    return post.author


def restore_post(post: Post, *, acting_user, note: str = "") -> bool:
    """Shows a hidden post again. When an item about it is open (reports hid it), restoring settles
    that item as "no guideline broken", so reporters hear the outcome and the queue empties."""
    require_moderator(acting_user, board_id=post.thread.board_id)
    if (item := open_item_for_post(post)) is not None and post.is_hidden:
        # Showing a post again is not a word about the person: a check-in asked for stays the
        # moderators' to make, from the conversation, whatever happens to the post.
        return resolve_item(
            item, acting_user=acting_user, action=ModerationVerb.DISMISS, note=note, without_check_in=True
        )
    with transaction.atomic():
        if not Post.objects.filter(pk=post.pk, is_hidden=True).update(is_hidden=False, hidden_reason=""):
            return False
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.RESTORE_POST, post=post, member_id=filed_under(post), reason=note,
            old_value={"is_hidden": True}, new_value={"is_hidden": False},
        )  # fmt: skip
        notify_member(
            post.author,
            kind=NotificationKind.MODERATION,
            notice=notices.post_restored(thread=post.thread.title),
            link=post.get_absolute_url(),
            post=post,
        )
    return True


def approve_held_post(post: Post, *, acting_user, note: str = "", trust: bool = False) -> bool:
    """Approve from the post's own moderation page: settles its held item like the queue does
    (a held post always has one; if it was lost, one is opened so the decision is logged the same)."""
    require_moderator(acting_user, board_id=post.thread.board_id)
    if not post.is_pending_approval:
        return False
    with transaction.atomic():
        item = open_item_for(post=post)
    return resolve_item(item, acting_user=acting_user, action=ModerationVerb.APPROVE_POST, note=note, trust=trust)


def moderator_edit_post(post: Post, *, acting_user, body: str, reason: str) -> Post:
    """A moderator's edit: the member's original stays in the post's history, the author is told."""
    require_moderator(acting_user, board_id=post.thread.board_id)
    if not reason.strip():
        raise Refused(_("Please say why you are editing: the author is told."))
    with transaction.atomic():
        edited = edit_post(post, acting_user=acting_user, body=body)
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.EDIT_POST, post=edited, member_id=filed_under(edited),
            reason=reason.strip(),
        )  # fmt: skip
        notify_member(
            edited.author,
            kind=NotificationKind.MODERATION,
            notice=notices.post_edited(thread=edited.thread.title, reason=reason),
            link=edited.get_absolute_url(),
            post=edited,
        )
    return edited
