import pytest
from django.urls import reverse

from forums.models import Board, Notification, Post, PostRevision, Thread
from moderation.models import ModerationAction, ModerationVerb
from moderation.services import lock_thread, moderator_edit_post, move_thread, pin_thread
from safespace.refusals import Refused
from tests.factories import BoardFactory, reply_to


@pytest.mark.django_db
def test_lock_and_pin_are_idempotent_and_logged(
    thread, moderator, member, member_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert lock_thread(thread, acting_user=moderator) is True
    assert "locked your thread" in Notification.objects.get(recipient=member).message
    assert lock_thread(thread, acting_user=moderator) is False
    assert pin_thread(thread, acting_user=moderator) is True
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
    response = member_client.get(reverse("forums:reply-create", args=[thread.pk]), follow=True)
    assert "This thread is locked" in response.content.decode()
    assert list(ModerationAction.objects.values_list("verb", flat=True)) == ["pin-thread", "lock-thread"]


@pytest.mark.django_db
def test_moving_a_thread_keeps_both_boards_counters_right(thread, moderator, django_capture_on_commit_callbacks):
    reply_to(thread)
    old, new = thread.board, BoardFactory(name="Loneliness")
    with django_capture_on_commit_callbacks(execute=True):
        assert move_thread(thread, acting_user=moderator, board=new) is True
    assert "moved your thread" in Notification.objects.get(recipient=thread.author).message
    assert move_thread(thread, acting_user=moderator, board=new) is False
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.thread_count, old.post_count, old.last_post) == (0, 0, None)
    assert (new.thread_count, new.post_count) == (1, 2)
    assert new.last_post == Post.objects.order_by("-created_at").first()
    assert Thread.objects.get().board == new


@pytest.mark.django_db
def test_moderator_edit_keeps_the_original_and_tells_the_author(
    thread, moderator, member, django_capture_on_commit_callbacks
):
    post = thread.posts.get(position=1)
    original = post.body
    with pytest.raises(Refused):
        moderator_edit_post(post, acting_user=moderator, body="[address removed]", reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_edit_post(post, acting_user=moderator, body="[address removed]", reason="We removed an address.")
    post.refresh_from_db()
    assert post.body == "[address removed]"
    revision = PostRevision.objects.get(post=post)
    assert revision.body == original and revision.edited_by == moderator
    assert "We removed an address." in Notification.objects.get(recipient=member).message
    assert ModerationAction.objects.get(verb=ModerationVerb.EDIT_POST).reason == "We removed an address."


@pytest.mark.django_db
def test_thread_tools_through_the_moderation_page(moderator_client, member_client, thread):
    post = thread.posts.get(position=1)
    url = reverse("moderation:post-moderate", args=[post.pk])
    assert member_client.post(url, {"form": "lock"}).status_code == 403
    assert "Thread locked" in moderator_client.post(url, {"form": "lock"}, follow=True).content.decode()
    target = BoardFactory(name="Loneliness")
    moved = moderator_client.post(url, {"form": "move", "move-board": target.pk}, follow=True).content.decode()
    assert "Thread moved to Loneliness." in moved
    refused = moderator_client.post(url, {"form": "edit", "edit-body": "x", "edit-reason": ""}).content.decode()
    assert "Please say why you are editing" in refused
    thread.refresh_from_db()
    assert thread.is_locked and thread.board == target and Board.objects.get(pk=target.pk).thread_count == 1
