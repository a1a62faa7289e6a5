"""Reads of threads: a board's threads, a member's threads, threads still waiting for a first reply,
and where a member stopped reading. A fixed number of queries each, whatever the number of rows."""

from django.core.paginator import Page, Paginator
from django.db.models import Q

from forums.models import THREADS_PER_PAGE, Board, Post, Thread, ThreadReadState
from forums.selectors.posts import posts_for_viewer


def thread_page_for_board(*, board: Board, viewer, page_number) -> Page:
    threads = (
        Thread.objects.visible_to(viewer)
        .filter(board=board)
        .select_related("author", "last_post__author")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def thread_page_for_member(*, member, page_number) -> Page:
    """Threads the member started or replied in, most recently active first."""
    threads = (
        Thread.objects.visible_to(member)
        .filter(Q(author=member) | Q(pk__in=Post.objects.filter(author=member).values("thread_id")))
        .select_related("board", "author", "last_post__author")
        .order_by("-last_activity_at", "-pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def waiting_thread_page(*, viewer, page_number) -> Page:
    """Threads whose opening post has no reply yet, oldest first, so members can answer those first."""
    threads = (
        Thread.objects.visible_to(viewer)
        .filter(reply_count=0, is_hidden=False, is_locked=False)
        .select_related("board", "author")
        .order_by("created_at", "pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def read_position(*, thread: Thread, viewer) -> int:
    """The highest position the member has seen (0 for visitors and first visits)."""
    if not viewer.is_authenticated:
        return 0
    return (
        ThreadReadState.objects.filter(thread=thread, member=viewer)
        .values_list("last_read_position", flat=True)
        .first()
        or 0
    )


def first_unread_position(*, thread: Thread, viewer, read: int | None = None) -> int | None:
    if not viewer.is_authenticated:
        return None
    if read is None:
        read = read_position(thread=thread, viewer=viewer)
    return (
        posts_for_viewer(thread=thread, viewer=viewer)
        .filter(position__gt=read)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )


def thread_waits_for_approval(*, thread: Thread) -> bool:
    """Whether a hidden thread is hidden only because its opening post waits for a moderator's first
    look (it will open), rather than hidden or not published by a moderator (it may never open).
    Asked only of hidden threads, so a visible thread's page costs no query for it."""
    return (
        thread.is_hidden
        and Post.objects.filter(thread=thread, position=1, is_pending_approval=True, is_hidden=False).exists()
    )
