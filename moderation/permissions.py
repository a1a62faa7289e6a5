"""Who may moderate what. Global moderators (the Moderators group, staff) moderate everything;
board moderators only posts and threads on their boards, and not members' accounts or appeals.
Moderation pages answer 403 to logged-in members who moderate nothing and send visitors to the
login page; MFA is enforced before that by RequireMFAForStaffMiddleware."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from forums.models import Post, Thread
from forums.permissions import access_post
from moderation.models import ItemStatus, ModerationAction, ModerationVerb


def is_global_moderator(user) -> bool:
    return bool(getattr(user, "is_moderator", False))


def moderated_board_ids(user):
    """None for a global moderator (every board), else the ids of the boards they moderate."""
    if is_global_moderator(user):
        return None
    return getattr(user, "moderated_board_ids", frozenset())


def can_moderate(user) -> bool:
    """Any moderation at all: global moderators and board moderators."""
    return is_global_moderator(user) or bool(getattr(user, "moderated_board_ids", frozenset()))


def can_moderate_board(user, board_id) -> bool:
    scope = moderated_board_ids(user)
    return scope is None or board_id in scope


def moderator_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def global_moderator_required(view):
    """Members' accounts, sanctions and appeals: for global moderators only."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_global_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def access_post_to_report(user, pk):
    """A post this member may report: any post they can read, and also one that members' reports
    have hidden for now, for the members who could read it before: it is in a thread they can read,
    was published (not held for approval, not removed) and their account existed when it was hidden.
    So the member who had the report form open, or wants to add "I'm worried", can still send it.
    Anyone else gets the same 404 as for a missing post: reporting never tells that a post exists."""
    try:
        return access_post(user, pk)
    except Http404:
        if not user.is_authenticated:
            raise
    hidden_at = (
        ModerationAction.objects.filter(
            verb=ModerationVerb.AUTO_HIDE, post_id=pk, item__status=ItemStatus.OPEN, item__auto_hidden=True
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    post = None
    if hidden_at is not None and user.date_joined < hidden_at:
        post = (
            Post.objects.filter(
                pk=pk,
                is_hidden=True,
                is_pending_approval=False,
                removed_by_author_at__isnull=True,
                thread__in=Thread.objects.visible_to(user),
            )  # fmt: skip
            .select_related("thread__board", "author")
            .first()
        )
    if post is None:
        raise Http404(_("No such post."))
    return post


def access_post_for_moderation(user, pk):
    """A post for a moderator of its board, with its thread, board and author; anyone else (a board
    moderator elsewhere included) gets the same 404 as for a missing post."""
    post = Post.objects.select_related("thread__board", "author").filter(pk=pk).first()
    if post is None or not can_moderate_board(user, post.thread.board_id):
        raise Http404(_("No such post."))
    return post
