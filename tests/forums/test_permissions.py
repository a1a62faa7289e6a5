import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from forums.models import Post, Thread
from forums.permissions import (
    access_board,
    access_post,
    access_thread,
    can_edit_post,
    can_reply,
    can_see_history,
    can_start_thread,
)
from tests.factories import BoardFactory, ThreadFactory, UserFactory

VISITOR = AnonymousUser()


@pytest.mark.django_db
def test_visitors_read_but_never_write(thread):
    assert access_board(VISITOR, thread.board.slug) == thread.board
    assert access_thread(VISITOR, thread.pk) == thread
    assert not can_start_thread(VISITOR, thread.board)
    assert not can_reply(VISITOR, thread)


@pytest.mark.django_db
def test_members_only_board_is_hidden_from_visitors():
    board = BoardFactory(members_only=True)
    thread = ThreadFactory(board=board)
    for call, arg in ((access_board, board.slug), (access_thread, thread.pk), (access_post, thread.posts.get().pk)):
        with pytest.raises(Http404):
            call(VISITOR, arg)
    assert access_thread(UserFactory(), thread.pk) == thread


@pytest.mark.django_db
def test_locked_thread_takes_no_replies_from_anyone(thread, member, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    thread.refresh_from_db()
    assert not can_reply(member, thread)
    assert not can_reply(moderator, thread)


@pytest.mark.django_db
def test_hidden_and_held_posts_are_for_their_author_and_moderators(thread, member, other_member, moderator):
    post = thread.posts.get()
    for flag in ("is_hidden", "is_pending_approval"):
        Post.objects.filter(pk=post.pk).update(**{flag: True})
        assert access_post(member, post.pk) == post
        assert access_post(moderator, post.pk) == post
        with pytest.raises(Http404):
            access_post(other_member, post.pk)
        with pytest.raises(Http404):
            access_post(VISITOR, post.pk)
        Post.objects.filter(pk=post.pk).update(**{flag: False})


@pytest.mark.django_db
def test_only_authors_edit_and_authors_or_moderators_see_history(thread, member, other_member, moderator):
    post = thread.posts.get()
    assert can_edit_post(member, post)
    assert not can_edit_post(other_member, post)
    assert not can_edit_post(VISITOR, post)
    assert can_see_history(member, post) and can_see_history(moderator, post)
    assert not can_see_history(other_member, post) and not can_see_history(VISITOR, post)


@pytest.mark.django_db
def test_removed_post_cannot_be_edited(thread, member):
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(removed_by_author_at="2026-01-01T00:00:00Z")
    post.refresh_from_db()
    assert not can_edit_post(member, post)


@pytest.mark.django_db
def test_deactivated_member_cannot_write(thread):
    inactive = UserFactory(is_active=False)
    assert not can_start_thread(inactive, thread.board)
    assert not can_reply(inactive, thread)
