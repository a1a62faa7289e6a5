"""The denormalised counters and "latest post" pointers of boards and threads, kept in one place.

Each function is the whole update for one event in a post's or thread's life (it became public, its
author removed it, a moderator moved the thread), written with conditional F() updates. Call them
inside the transaction that made the change, after the change itself is written."""

from datetime import datetime

from django.db.models import F

from forums.models import Board, Post, Thread


def post_became_public(post: Post, *, board_id: int, at: datetime) -> None:
    """A post everyone can read now exists: a new one published at once, or a held one approved.
    An opening post counts a thread and a post for its board; a reply counts a reply for its thread
    (whose activity moves to `at`) and a post for its board. Either way it becomes the latest."""
    if post.position == 1:
        Board.objects.filter(pk=board_id).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post=post
        )
        return
    Thread.objects.filter(pk=post.thread_id).update(
        reply_count=F("reply_count") + 1, last_activity_at=at, last_post=post
    )
    Board.objects.filter(pk=board_id).update(post_count=F("post_count") + 1, last_post=post)


def post_removed_by_author(post: Post) -> None:
    """Its author removed it: a reply stops counting for its thread, and the post stops being
    anyone's latest."""
    if post.position > 1:
        Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
    forget_as_latest([post.pk])


def forget_as_latest(post_ids) -> None:
    """Posts that were removed or hidden stop being their board's and thread's "latest … by …": the
    newest post everyone can still read takes their place (or none)."""
    post_ids = list(post_ids)
    if not post_ids:
        return
    readable = Post.objects.filter(
        is_hidden=False, is_pending_approval=False, removed_by_author_at__isnull=True, thread__is_hidden=False
    ).exclude(pk__in=post_ids)
    for board_id in Board.objects.filter(last_post__in=post_ids).values_list("pk", flat=True):
        latest = readable.filter(thread__board_id=board_id).order_by("-created_at", "-pk").first()
        Board.objects.filter(pk=board_id).update(last_post=latest)
    for thread_id in Thread.objects.filter(last_post__in=post_ids).values_list("pk", flat=True):
        latest = readable.filter(thread_id=thread_id).order_by("-position").first()
        Thread.objects.filter(pk=thread_id).update(last_post=latest)


def thread_moved(thread: Thread, *, from_board_id: int, to_board_id: int) -> None:
    """A thread went from one board to another (its row already says the new board): its public
    posts, and the thread itself unless it is hidden, count for the new board instead of the old,
    and both boards' latest post is found again. `thread` is the locked row as it was read."""
    public_posts = Post.objects.filter(thread_id=thread.pk, is_hidden=False, is_pending_approval=False).count()
    counted = 0 if thread.is_hidden else 1
    Board.objects.filter(pk=from_board_id).update(
        thread_count=F("thread_count") - counted, post_count=F("post_count") - public_posts
    )
    Board.objects.filter(pk=to_board_id).update(
        thread_count=F("thread_count") + counted, post_count=F("post_count") + public_posts
    )
    for board_id in (from_board_id, to_board_id):
        latest = (
            Post.objects.filter(thread__board_id=board_id, is_hidden=False, is_pending_approval=False)
            .order_by("-created_at")
            .first()
        )
        Board.objects.filter(pk=board_id).update(last_post=latest)
