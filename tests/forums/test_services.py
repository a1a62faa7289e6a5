import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Board, Post, PostRevision, Thread, ThreadFollow, ThreadReadState
from forums.services.follows import follow_thread, unfollow_thread
from forums.services.posts import create_reply, edit_post, remove_own_post
from forums.services.threads import mark_thread_read
from moderation.pipeline import PostingRefused
from tests.factories import UserFactory, create_thread


def _established(user):
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


@pytest.mark.django_db
def test_create_thread_stores_sanitised_html_and_updates_board_counters(board, member):
    thread = create_thread(
        acting_user=member, board=board, title="  First time here  ", body="Hello <script>x</script> **all**"
    )
    post = thread.posts.get()
    assert thread.title == "First time here"
    assert post.position == 1
    assert "<script>" not in post.body_html and "<strong>all</strong>" in post.body_html
    assert post.body == "Hello <script>x</script> **all**"  # the raw text is kept as written
    board.refresh_from_db()
    assert (board.thread_count, board.post_count, board.last_post) == (1, 1, post)
    assert ThreadFollow.objects.filter(thread=thread, member=member).exists()


@pytest.mark.django_db
def test_create_thread_refused_by_the_pipeline_creates_nothing(board, member):
    with pytest.raises(PostingRefused) as refusal:
        create_thread(acting_user=member, board=board, title="Hi", body="Something")
    assert refusal.value.field == "title"
    assert not Thread.objects.exists()
    board.refresh_from_db()
    assert board.thread_count == 0


@pytest.mark.django_db
def test_same_submission_twice_creates_one_thread(board, member):
    token = uuid.uuid4()
    first = create_thread(acting_user=member, board=board, title="Only once", body="Text", submission_token=token)
    second = create_thread(acting_user=member, board=board, title="Only once", body="Text", submission_token=token)
    assert first == second
    assert Thread.objects.count() == 1
    board.refresh_from_db()
    assert board.thread_count == 1


@pytest.mark.django_db
def test_replies_take_the_next_positions_and_bump_the_thread(thread):
    replier = _established(UserFactory())
    other = _established(UserFactory())
    first = create_reply(thread, acting_user=replier, body="You're not alone.")
    second = create_reply(thread, acting_user=other, body="Same here, it gets easier.")
    assert (first.position, second.position) == (2, 3)
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert thread.last_post == second
    assert thread.last_activity_at == second.created_at
    assert ThreadFollow.objects.filter(thread=thread, member=replier).exists()
    assert ThreadReadState.objects.get(thread=thread, member=other).last_read_position == 3
    thread.board.refresh_from_db()
    assert thread.board.post_count == 3


@pytest.mark.django_db
def test_same_reply_submission_twice_creates_one_post(thread):
    replier = _established(UserFactory())
    token = uuid.uuid4()
    first = create_reply(thread, acting_user=replier, body="Hugs", submission_token=token)
    again = create_reply(thread, acting_user=replier, body="Hugs", submission_token=token)
    assert first == again
    thread.refresh_from_db()
    assert thread.reply_count == 1


@pytest.mark.django_db
def test_content_warnings_are_kept_in_a_fixed_order_and_unknown_ones_dropped(board, member):
    thread = create_thread(
        acting_user=member, board=board, title="Heavy day", body="Text", content_warnings=["suicide", "x", "self-harm"]
    )
    assert thread.posts.get().content_warnings == ["self-harm", "suicide"]


@pytest.mark.django_db
def test_edit_keeps_the_previous_text_as_a_revision(thread, member):
    post = thread.posts.get()
    old_html = post.body_html
    edited = edit_post(post, acting_user=member, body="Updated *words*", content_warnings=["grief"])
    assert edited.edited_at is not None
    assert edited.body_html == "<p>Updated <em>words</em></p>\n"
    assert edited.content_warnings == ["grief"]
    revision = PostRevision.objects.get(post=post)
    assert revision.body_html == old_html and revision.edited_by == member


@pytest.mark.django_db
def test_edit_without_changes_records_no_revision(thread, member):
    post = thread.posts.get()
    edit_post(post, acting_user=member, body=post.body, content_warnings=[])
    assert not PostRevision.objects.exists()
    post.refresh_from_db()
    assert post.edited_at is None


@pytest.mark.django_db
def test_remove_own_post_is_a_soft_delete_and_idempotent(thread):
    replier = _established(UserFactory())
    reply = create_reply(thread, acting_user=replier, body="I regret this")
    assert remove_own_post(reply, acting_user=replier) is True
    assert remove_own_post(reply, acting_user=replier) is False
    reply.refresh_from_db()
    assert reply.is_removed and reply.body == "I regret this"
    thread.refresh_from_db()
    assert thread.reply_count == 0


@pytest.mark.django_db
def test_someone_else_cannot_remove_a_post(thread):
    post = thread.posts.get()
    assert remove_own_post(post, acting_user=UserFactory()) is False
    post.refresh_from_db()
    assert not post.is_removed


@pytest.mark.django_db
def test_follow_and_unfollow_are_idempotent(thread):
    reader = UserFactory()
    assert follow_thread(thread, member=reader) is True
    assert follow_thread(thread, member=reader) is False
    assert unfollow_thread(thread, member=reader) is True
    assert unfollow_thread(thread, member=reader) is False


@pytest.mark.django_db
def test_read_marker_only_moves_forward(thread):
    reader = UserFactory()
    mark_thread_read(thread, member=reader, up_to_position=5)
    mark_thread_read(thread, member=reader, up_to_position=2)
    assert ThreadReadState.objects.get(thread=thread, member=reader).last_read_position == 5


@pytest.mark.django_db
def test_anonymous_thread_marks_the_thread_and_post(board, member):
    thread = create_thread(acting_user=member, board=board, title="Private matter", body="Text", is_anonymous=True)
    assert thread.is_anonymous
    assert Post.objects.get(thread=thread).is_anonymous


@pytest.mark.django_db
def test_erasing_a_members_posts_empties_them_but_keeps_others_replies(thread, member):
    from forums.services import erase_member_posts

    other_reply = create_reply(thread, acting_user=_established(UserFactory()), body="Still here for you")
    erase_member_posts(member, remove=True)
    opening = thread.posts.get(position=1)
    assert opening.body == "" and opening.body_html == "" and opening.is_removed
    other_reply.refresh_from_db()
    assert other_reply.body == "Still here for you" and not other_reply.is_removed
    assert Thread.objects.get(pk=thread.pk).title == "Removed thread"
    assert Board.objects.get(pk=thread.board_id).thread_count == 1
