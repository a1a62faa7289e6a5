"""Moderator actions. Each one locks its row, does nothing (and returns False) when the target is
already in the requested state, and writes one ModerationAction row in the same transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from forums.models import ContentWarning, NotificationKind, Post
from forums.services.notifications import notify_member
from moderation.models import ModerationAction, ModerationVerb
from moderation.permissions import can_moderate


class ModerationRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied


def add_content_warning(post: Post, *, acting_user, warning: str, reason: str = "") -> bool:
    """Adds a warning the author did not set, so readers' content-warning choices apply to it. The
    author is told kindly; nothing else about the post changes."""
    _require_moderator(acting_user)
    if warning not in ContentWarning.values:
        raise ModerationRefused(_("Please choose one of the content warnings."))
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
            member_id=locked.author_id,
            reason=reason,
            old_value=old,
            new_value=locked.content_warnings,
        )
        notify_member(
            locked.author,
            kind=NotificationKind.MODERATION,
            message=_(
                "A moderator added the content warning “%(warning)s” to your post in “%(thread)s”, so each "
                "reader can choose whether to open it. Your words are unchanged."
            )
            % {"warning": ContentWarning(warning).label, "thread": locked.thread.title},
            link=locked.get_absolute_url(),
            post=locked,
        )
    post.content_warnings = locked.content_warnings
    return True


def reveal_anonymous_author(post: Post, *, acting_user, reason: str):
    """Returns who wrote an anonymous post. Every reveal needs a reason and is logged, each time."""
    _require_moderator(acting_user)
    if not post.is_anonymous:
        raise ModerationRefused(_("This post is not anonymous: its author is shown on the post."))
    if not reason.strip():
        raise ModerationRefused(_("Please say why you need to know who wrote this post. The reason is logged."))
    with transaction.atomic():
        ModerationAction.objects.create(
            actor=acting_user,
            verb=ModerationVerb.REVEAL_AUTHOR,
            post=post,
            member_id=post.author_id,
            reason=reason.strip(),
        )
    return post.author
