"""Who may see and do what in the forums. access_* helpers fetch and authorise in one call and
raise the same 404 for "missing" and "hidden from you", on purpose: a hidden thread's existence
is not revealed."""

from django.http import Http404
from django.utils.translation import gettext as _

from forums.models import Board, Post, Thread
from moderation.restrictions import restriction_for

LOCKED_MESSAGE = _("This thread is locked, so no new replies can be added. You can still read it.")


def can_read_board(user, board: Board) -> bool:
    return user.is_authenticated or not board.members_only


def _may_write(user) -> bool:
    """Logged in, active, and not under a suspension or ban (one query per request, cached)."""
    return user.is_authenticated and user.is_active and restriction_for(user) is None


def can_start_thread(user, board: Board) -> bool:
    return _may_write(user) and can_read_board(user, board)


def can_reply(user, thread: Thread) -> bool:
    return _may_write(user) and not thread.is_locked and not thread.is_hidden


def can_edit_post(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id == user.pk and not post.is_removed


def can_remove_post(user, post: Post) -> bool:
    return can_edit_post(user, post)


def reply_starts_anonymous(user, *, thread: Thread, quoted: Post | None = None) -> bool:
    """Whether the composer starts with "Reply anonymously" ticked: when the member quotes their own
    anonymous post, or answers in a thread they started anonymously. A named reply there would sit
    beside their anonymous words and say who wrote them; they can still untick it."""
    if not user.is_authenticated:
        return False
    if quoted is not None and quoted.is_anonymous and quoted.author_id == user.pk:
        return True
    return thread.is_anonymous and thread.author_id == user.pk


def can_see_history(user, post: Post) -> bool:
    return user.is_authenticated and (post.author_id == user.pk or user.is_moderator)


def _is_someone_elses(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id != user.pk


def can_react_to_post(user, post: Post, *, replies_open: bool) -> bool:
    """Where replies are open to this member (can_reply for the thread), to someone else's post."""
    return replies_open and _is_someone_elses(user, post)


def can_report_post(user, post: Post) -> bool:
    return _is_someone_elses(user, post)


def can_hide_post_for_me(user, post: Post) -> bool:
    """Someone else's post this reader has not hidden yet (`hidden_by_viewer`, from the page's query)."""
    return _is_someone_elses(user, post) and not getattr(post, "hidden_by_viewer", False)


def can_ask_for_another_look(user, post: Post) -> bool:
    """The author of a post a moderator hid, while that decision has no appeal yet
    (`appeal_decision_id`, set by the thread's selector)."""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.is_hidden
        and getattr(post, "appeal_decision_id", None) is not None
    )


def access_board(user, slug: str, *, boards=None) -> Board:
    """`boards`: a Board queryset carrying a page's annotations (forums.selectors.boards)."""
    boards = Board.objects.all() if boards is None else boards
    board = boards.filter(slug=slug).first()
    if board is None or not can_read_board(user, board):
        raise Http404(_("No such board."))
    return board


def access_thread(user, pk: int, *, threads=None) -> Thread:
    """`threads`: a Thread queryset carrying a page's annotations (forums.selectors.threads); the
    same visibility rule and the same 404 apply to it."""
    threads = Thread.objects.all() if threads is None else threads
    thread = threads.visible_to(user).select_related("board").filter(pk=pk).first()
    if thread is None:
        raise Http404(_("No such thread."))
    return thread


def access_post(user, pk: int) -> Post:
    """A post the viewer may read, in a thread they may read."""
    post = (
        Post.objects.visible_to(user)
        .filter(pk=pk, thread__in=Thread.objects.visible_to(user))
        .select_related("thread__board", "author")
        .first()
    )
    if post is None:
        raise Http404(_("No such post."))
    return post
