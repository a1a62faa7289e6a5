"""Reads for the forum pages. Each selector issues a fixed number of queries, whatever the number
of rows it returns (the query-count tests hold them to it)."""

import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from forums.models import (
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    Board,
    HiddenPost,
    Post,
    Reaction,
    Thread,
    ThreadFollow,
    ThreadReadState,
)
from forums.reading_preferences import apply_reader_preferences


def board_list_for_index(*, viewer) -> QuerySet[Board]:
    return Board.objects.visible_to(viewer).select_related("last_post__author", "last_post__thread")


def thread_page_for_board(*, board: Board, viewer, page_number) -> Page:
    threads = (
        Thread.objects.visible_to(viewer)
        .filter(board=board)
        .select_related("author", "last_post__author")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def _posts_for_viewer(*, thread: Thread, viewer) -> QuerySet[Post]:
    return Post.objects.visible_to(viewer).filter(thread=thread)


class PositionPaginator:
    """Pages of a thread cut by post position: page N holds positions 20(N-1)+1 … 20N. Both the page
    and a post's page are found through the (thread, position) index, so the last page of a very
    long thread costs what the first does, and a permalink needs no counting."""

    def __init__(self, last_position: int):
        self.num_pages = max(1, math.ceil(last_position / POSTS_PER_PAGE))
        self.page_range = range(1, self.num_pages + 1)


@dataclass
class PositionPage:
    number: int
    paginator: PositionPaginator
    object_list: list

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.num_pages

    def has_other_pages(self):
        return self.paginator.num_pages > 1

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def page_number_for_position(position: int) -> int:
    return max(1, math.ceil(position / POSTS_PER_PAGE))


def post_page_for_thread(*, thread: Thread, viewer, page_number) -> PositionPage:
    """One page of posts with authors and reactions, each post carrying its `presentation` for
    this viewer (content warnings and reading preferences). Posts the viewer may not see leave
    their place empty rather than shifting later posts to other pages."""
    last_position = thread.posts.aggregate(last=Max("position"))["last"] or 0
    paginator = PositionPaginator(last_position)
    if page_number == "last":
        number = paginator.num_pages
    else:
        try:
            number = min(max(int(page_number), 1), paginator.num_pages)
        except (TypeError, ValueError):
            number = 1
    first = (number - 1) * POSTS_PER_PAGE + 1
    posts = _posts_for_viewer(thread=thread, viewer=viewer)
    if viewer.is_authenticated:
        # "Hide this post for me", answered in the page's own query.
        posts = posts.annotate(hidden_by_viewer=Exists(HiddenPost.objects.filter(member=viewer, post=OuterRef("pk"))))
    posts = list(
        posts.filter(position__gte=first, position__lt=first + POSTS_PER_PAGE)
        .select_related("author")
        .prefetch_related(Prefetch("reactions", queryset=Reaction.objects.select_related("member")))
        .order_by("position")
    )
    apply_reader_preferences(viewer, posts)
    _attach_appealable_decisions(posts, viewer=viewer)
    return PositionPage(number=number, paginator=paginator, object_list=posts)


def _attach_appealable_decisions(posts: list[Post], *, viewer) -> None:
    """Each of the viewer's own hidden posts carries `appeal_decision_id`: the moderator's decision
    it can ask about (none while it is only hidden after reports, before a moderator has looked).
    One query, and only on a page that shows the viewer a hidden post of theirs."""
    from moderation.models import APPEALABLE_VERBS, ModerationAction

    own_hidden = {post.pk: post for post in posts if post.is_hidden and post.author_id == viewer.pk}
    if not own_hidden:
        return
    decisions = ModerationAction.objects.filter(
        post_id__in=own_hidden, member=viewer, verb__in=APPEALABLE_VERBS, appeal__isnull=True
    ).order_by("created_at", "pk")
    for post_id, decision_id in decisions.values_list("post_id", "pk"):
        own_hidden[post_id].appeal_decision_id = decision_id  # the latest decision wins


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
        _posts_for_viewer(thread=thread, viewer=viewer)
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


def thread_is_followed(*, thread: Thread, viewer) -> bool:
    return viewer.is_authenticated and ThreadFollow.objects.filter(thread=thread, member=viewer).exists()


def thread_page_for_member(*, member, page_number) -> Page:
    """Threads the member started or replied in, most recently active first."""
    threads = (
        Thread.objects.visible_to(member)
        .filter(Q(author=member) | Q(pk__in=Post.objects.filter(author=member).values("thread_id")))
        .select_related("board", "author", "last_post__author")
        .order_by("-last_activity_at", "-pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def followed_thread_page(*, member, page_number) -> Page:
    threads = (
        Thread.objects.visible_to(member)
        .filter(follows__member=member)
        .select_related("board", "author", "last_post__author")
        .order_by("-last_activity_at", "-pk")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page_number)


def revisions_for_post(*, post: Post):
    return post.revisions.select_related("edited_by").order_by("-created_at")
