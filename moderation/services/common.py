"""What every moderator action shares: who may take it, and whom its audit row is filed under."""

from django.core.exceptions import PermissionDenied

from forums.models import Post
from moderation.permissions import can_moderate, can_moderate_board, is_global_moderator


def require_moderator(user, *, board_id=None, global_only: bool = False) -> None:
    """Raises PermissionDenied unless the user may moderate here: anything for global moderators;
    for board moderators, only posts and threads on their boards (never accounts or appeals)."""
    if global_only:
        if not is_global_moderator(user):
            raise PermissionDenied
    elif board_id is not None:
        if not can_moderate_board(user, board_id):
            raise PermissionDenied
    elif not can_moderate(user):
        raise PermissionDenied


def require_moderator_for_item(user, item) -> None:
    if item.post_id is None:
        require_moderator(user, global_only=True)  # items about a member's account
    else:
        require_moderator(
            user, board_id=Post.objects.filter(pk=item.post_id).values_list("thread__board_id", flat=True).first()
        )


def filed_under(post: Post | None) -> int | None:
    """The member a decision about this post is filed under: its author, or nobody when the post is
    anonymous. The post stays the target, so the decision shows on the post and its item, but never
    in the author's record, counts or the admin log: a logged reveal is the only route from an
    anonymous post to its author."""
    if post is None or post.is_anonymous:
        return None
    return post.author_id


def thread_filed_under(thread) -> int | None:
    return None if thread.is_anonymous else thread.author_id
