"""Reads of threads: a board's threads, a member's threads, threads still waiting for a first reply,
and what a thread's page reads beside its posts. A fixed number of queries each, whatever the number of rows."""

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from forums.models import THREADS_PER_PAGE, Board, Post, Thread, ThreadFollow, ThreadReadState
from forums.selectors.paging import bounded_page
from forums.selectors.thread_rows import attach_thread_rows


def thread_page_for_board(*, board: Board, viewer, page_number) -> Page:
    threads = (
        Thread.objects.visible_to(viewer)
        .filter(board=board)
        .select_related("author", "last_post__author")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    page = bounded_page(threads, THREADS_PER_PAGE, page_number)
    attach_thread_rows(page.object_list, viewer=viewer)
    return page


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
    return bounded_page(threads, THREADS_PER_PAGE, page_number)


def threads_for_reading(*, viewer) -> QuerySet[Thread]:
    """Threads carrying what their page shows beside the posts, answered in the thread's own query:
    `last_position` (the pages), and for a member `read_up_to` (their read marker, 0 on a first
    visit), `first_unread` (the first post after it they may see, or None) and `is_followed`."""
    last = Post.objects.filter(thread=OuterRef("pk")).order_by("-position").values("position")[:1]
    threads = Thread.objects.annotate(last_position=Coalesce(Subquery(last), 0))
    if not viewer.is_authenticated:
        return threads.annotate(
            read_up_to=Value(0, IntegerField()),
            first_unread=Value(None, IntegerField()),
            is_followed=Value(False, BooleanField()),
        )

    def marker(thread_ref):
        return Subquery(
            ThreadReadState.objects.filter(thread=thread_ref, member=viewer).values("last_read_position")[:1]
        )

    unread = (
        Post.objects.visible_to(viewer)
        .filter(thread=OuterRef("pk"), position__gt=Coalesce(marker(OuterRef(OuterRef("pk"))), 0))
        .order_by("position")
        .values("position")[:1]
    )
    return threads.annotate(
        read_up_to=Coalesce(marker(OuterRef("pk")), 0),
        first_unread=Subquery(unread),
        is_followed=Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), member=viewer)),
    )


def thread_waits_for_approval(*, thread: Thread) -> bool:
    """Whether a hidden thread is hidden only because its opening post waits for a moderator's first
    look (it will open), rather than hidden or not published by a moderator (it may never open).
    Asked only of hidden threads, so a visible thread's page costs no query for it."""
    return (
        thread.is_hidden
        and Post.objects.filter(thread=thread, position=1, is_pending_approval=True, is_hidden=False).exists()
    )
