"""The counters and latest-post pointers, from forums.services.counters: every event in a post's or
thread's life updates them in one place, the same way whichever service calls it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Board, Post, Thread
from forums.services.counters import post_became_public, post_removed_by_author, thread_moved
from tests.factories import BoardFactory, ThreadFactory, reply_to


def _held_reply(thread):
    """A reply waiting for approval: stored, counted nowhere yet."""
    position = thread.posts.count() + 1
    return Post.objects.create(
        thread=thread,
        author=thread.author,
        position=position,
        body="Held.",
        body_html="<p>Held.</p>",
        is_pending_approval=True,
    )


def _counts(board):
    board = Board.objects.get(pk=board.pk)
    return board.thread_count, board.post_count, board.last_post_id


@pytest.mark.django_db
def test_thread_moved_carries_its_public_posts_and_the_latest_post_to_the_new_board():
    old, new = BoardFactory(), BoardFactory()
    staying = ThreadFactory(board=old)
    moving = ThreadFactory(board=old)
    first_reply = reply_to(moving)
    held = _held_reply(moving)
    assert _counts(old) == (2, 3, first_reply.pk)  # the held reply counts for nothing yet
    Thread.objects.filter(pk=moving.pk).update(board=new)
    thread_moved(moving, from_board_id=old.pk, to_board_id=new.pk)
    staying_post = staying.posts.get()
    assert _counts(old) == (1, 1, staying_post.pk)
    assert _counts(new) == (1, 2, first_reply.pk)
    assert Post.objects.get(pk=held.pk).is_pending_approval


@pytest.mark.django_db
def test_thread_moved_counts_no_thread_for_a_hidden_one_and_leaves_an_empty_board_without_a_latest_post():
    old, new = BoardFactory(), BoardFactory()
    hidden = ThreadFactory(board=old)
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Board.objects.filter(pk=old.pk).update(thread_count=0)  # a hidden thread is not counted
    hidden.refresh_from_db()
    Thread.objects.filter(pk=hidden.pk).update(board=new)
    thread_moved(hidden, from_board_id=old.pk, to_board_id=new.pk)
    assert _counts(old) == (0, 0, None)
    assert _counts(new)[:2] == (0, 1)


@pytest.mark.django_db
def test_a_reply_made_public_counts_for_its_thread_and_board_and_becomes_the_latest():
    thread = ThreadFactory()
    held = _held_reply(thread)
    approved_at = timezone.now() + timedelta(minutes=5)
    post_became_public(held, board_id=thread.board_id, at=approved_at)
    thread = Thread.objects.get(pk=thread.pk)
    assert (thread.reply_count, thread.last_post_id, thread.last_activity_at) == (1, held.pk, approved_at)
    assert _counts(thread.board) == (1, 2, held.pk)


@pytest.mark.django_db
def test_an_opening_post_made_public_counts_a_thread_and_a_post_for_its_board():
    board = BoardFactory()
    thread = ThreadFactory(board=board)
    opening = thread.posts.get()
    Board.objects.filter(pk=board.pk).update(thread_count=0, post_count=0, last_post=None)
    post_became_public(opening, board_id=board.pk, at=timezone.now())
    assert _counts(board) == (1, 1, opening.pk)
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


@pytest.mark.django_db
def test_a_reply_its_author_removed_stops_counting_and_stops_being_the_latest():
    thread = ThreadFactory()
    earlier = reply_to(thread)
    latest = reply_to(thread)
    Post.objects.filter(pk=latest.pk).update(removed_by_author_at=timezone.now())
    post_removed_by_author(latest)
    thread = Thread.objects.get(pk=thread.pk)
    assert (thread.reply_count, thread.last_post_id) == (1, earlier.pk)
    assert Board.objects.get(pk=thread.board_id).last_post_id == earlier.pk
