"""A new member's posts wait together, are published together, and stop waiting once a moderator
lets them in; every word about the wait says when moderators next look."""

import html
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from forums.models import Notification, Post
from forums.services.posts import create_reply
from moderation.models import ItemStatus, Lane, ModerationAction, QueueItem, WatchedAction, WatchedWord
from moderation.selectors import queue_page_for_moderator
from moderation.services import resolve_item
from safespace.refusals import Refused
from tests.conftest import _enable_totp
from tests.factories import BoardFactory, ThreadFactory, UserFactory, create_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_holding")]


@pytest.fixture
def _holding(settings):
    settings.MODERATION_HOLD_FIRST_POST = True


def _write(author, thread, body, **fields):
    """A post, with the new-member pause between posts already waited out."""
    Post.objects.filter(author=author).update(created_at=timezone.now() - timedelta(minutes=1))
    return create_reply(thread, acting_user=author, body=body, **fields)


def _item(post):
    return QueueItem.objects.get(post=post, status=ItemStatus.OPEN)


def test_new_members_posts_wait_together_and_one_approval_publishes_them_all(
    moderator, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(username="newleaf")
    thread = ThreadFactory(title="Sleepless")
    posts = [_write(newcomer, thread, f"Night {n}") for n in range(3)]
    assert all(post.is_pending_approval for post in posts)
    assert QueueItem.objects.filter(lane=Lane.HELD, status=ItemStatus.OPEN).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert resolve_item(_item(posts[0]), acting_user=moderator, action="approve-post")
    assert not Post.objects.filter(author=newcomer, is_pending_approval=True).exists()
    assert not QueueItem.objects.filter(status=ItemStatus.OPEN).exists()
    assert ModerationAction.objects.filter(verb="approve-post", actor=moderator).count() == 3
    thread.refresh_from_db()
    assert thread.reply_count == 3
    [told] = Notification.objects.filter(recipient=newcomer).values_list("message", flat=True)
    assert "approved" in told and "Your other posts that were waiting are up too" in told
    # And the next post does not wait.
    assert not _write(newcomer, thread, "Morning now").is_pending_approval


def test_post_held_for_a_watched_word_keeps_waiting_after_the_first_is_approved(moderator):
    WatchedWord.objects.create(phrase="cheap pills", action=WatchedAction.HOLD)
    newcomer = UserFactory()
    thread = ThreadFactory()
    first = _write(newcomer, thread, "Hello everyone")
    worded = _write(newcomer, thread, "Where to get cheap pills")
    assert "held for the watched word: cheap pills" in _item(worded).automatic_reasons
    resolve_item(_item(first), acting_user=moderator, action="approve-post")
    worded.refresh_from_db()
    assert worded.is_pending_approval and _item(worded).lane == Lane.HELD


def test_anonymous_held_posts_are_never_published_with_the_authors_named_ones(moderator):
    newcomer = UserFactory()
    thread = ThreadFactory()
    named = _write(newcomer, thread, "Named words")
    anonymous = _write(newcomer, thread, "Quiet words", is_anonymous=True)
    resolve_item(_item(named), acting_user=moderator, action="approve-post")
    anonymous.refresh_from_db()
    assert anonymous.is_pending_approval  # it waits for its own look: no link to the named post
    assert resolve_item(_item(anonymous), acting_user=moderator, action="approve-post")
    other_named = _write(UserFactory(), thread, "x")
    assert other_named.is_pending_approval  # someone else's first post still waits


def test_approving_an_anonymous_post_publishes_nothing_else(moderator):
    newcomer = UserFactory()
    thread = ThreadFactory()
    anonymous = _write(newcomer, thread, "Quiet words", is_anonymous=True)
    named = _write(newcomer, thread, "Named words")
    resolve_item(_item(anonymous), acting_user=moderator, action="approve-post")
    named.refresh_from_db()
    assert named.is_pending_approval


def test_approve_and_trust_publishes_every_named_held_post_and_stops_holding(
    moderator, django_capture_on_commit_callbacks
):
    WatchedWord.objects.create(phrase="my shop", action=WatchedAction.HOLD)
    newcomer = UserFactory()
    thread = ThreadFactory()
    first = _write(newcomer, thread, "Hi")
    worded = _write(newcomer, thread, "I sell candles at my shop")
    with django_capture_on_commit_callbacks(execute=True):
        assert resolve_item(_item(first), acting_user=moderator, action="approve-post", trust=True)
    worded.refresh_from_db()
    assert not worded.is_pending_approval
    from moderation.models import TrustedMember

    assert TrustedMember.objects.filter(member=newcomer, trusted_by=moderator).exists()
    assert ModerationAction.objects.filter(verb="trust-member", member=newcomer).count() == 1
    assert "appear as soon as you send them" in Notification.objects.get(recipient=newcomer).message
    # Trusted: even with nothing published (the posts removed), nothing waits again.
    Post.objects.filter(author=newcomer).update(is_pending_approval=True)
    assert not _write(newcomer, thread, "Still here").is_pending_approval


def test_trust_is_refused_for_anonymous_posts_and_board_moderators(moderator):
    from moderation.models import BoardModerator
    from tests.factories import UserFactory as Member

    newcomer = UserFactory()
    thread = ThreadFactory()
    anonymous = _write(newcomer, thread, "Quiet", is_anonymous=True)
    with pytest.raises(Refused, match="anonymous post is approved on its own"):
        resolve_item(_item(anonymous), acting_user=moderator, action="approve-post", trust=True)
    assert _item(anonymous).status == ItemStatus.OPEN
    board_moderator = Member()
    BoardModerator.objects.create(member=board_moderator, board=thread.board)
    _enable_totp(board_moderator)  # without two-factor a board moderator is a plain member
    named = _write(newcomer, thread, "Named")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        resolve_item(_item(named), acting_user=board_moderator, action="approve-post", trust=True)
    assert resolve_item(_item(named), acting_user=board_moderator, action="approve-post")


def test_held_thread_is_published_from_the_posts_moderation_page_service(moderator):
    from moderation.services import approve_held_post

    newcomer = UserFactory()
    board = BoardFactory()
    thread = create_thread(acting_user=newcomer, board=board, title="First time here", body="Hello")
    post = thread.posts.get()
    assert approve_held_post(post, acting_user=moderator)
    thread.refresh_from_db()
    assert not thread.is_hidden and _item_count_open() == 0
    assert not approve_held_post(Post.objects.get(pk=post.pk), acting_user=moderator)


def _item_count_open():
    return QueueItem.objects.filter(status=ItemStatus.OPEN).count()


def test_queue_groups_one_members_named_held_posts_and_never_anonymous_ones(moderator):
    newcomer = UserFactory(username="fernleaf")
    thread = ThreadFactory()
    named = [_write(newcomer, thread, f"Named {n}") for n in range(3)]
    anonymous = _write(newcomer, thread, "Anonymous words", is_anonymous=True)
    other = _write(UserFactory(username="mossbank"), thread, "Someone else")
    page = queue_page_for_moderator(viewer=moderator, lane=Lane.HELD)
    cards = list(page.object_list)
    assert len(cards) == 3  # fernleaf's named posts, the anonymous one, mossbank's
    group = next(card for card in cards if getattr(card, "held_group", None))
    assert group.held_count == 3 and [held.post for held in group.held_group] == named
    alone = [card.post for card in cards if not getattr(card, "held_group", None)]
    assert anonymous in alone and other in alone


@pytest.mark.parametrize(
    ("hour", "words"),
    [(2, "Moderators are back at 08:00 (UTC)."), (23, "Moderators are back at 08:00 (UTC)."),
     (12, "Moderators are on now")],
)  # fmt: skip
@override_settings(MODERATION_STAFFED_HOURS="08:00-22:00", MODERATION_TIME_ZONE="UTC")
def test_wait_words_say_when_moderators_next_look(hour, words):
    from moderation.staffing import next_look_words

    now = datetime(2026, 12, 2, hour, 27, tzinfo=ZoneInfo("UTC"))
    assert next_look_words(now).startswith(words)
    assert "few hours" not in next_look_words(now)


@override_settings(MODERATION_STAFFED_HOURS="08:00-22:00", MODERATION_TIME_ZONE="UTC")
def test_held_post_confirmation_at_night_names_when_moderators_are_back(django_app, thread):
    night = datetime(2026, 12, 2, 2, 27, tzinfo=ZoneInfo("UTC"))
    newcomer = UserFactory()
    page = django_app.get(thread.get_absolute_url(), user=newcomer)
    form = next(f for f in page.forms.values() if "body" in f.fields)
    form["body"] = "First time writing here. I can't sleep."
    with mock.patch("django.utils.timezone.now", return_value=night):
        done = form.submit("action", value="post").maybe_follow()
    text = html.unescape(done.text)
    assert "Waiting for a moderator's quick look" in text
    assert "Moderators are back at 08:00 (UTC)." in text
    assert "few hours" not in text


def test_authors_own_held_thread_is_shown_in_full_with_help_beside_it(django_app, board):
    from resources.services import refresh_help_snapshot
    from tests.factories import ResourceFactory

    ResourceFactory(name="Samaritans", phone="116123", is_24_7=True)
    refresh_help_snapshot()
    newcomer = UserFactory()
    thread = create_thread(
        acting_user=newcomer, board=board, title="Tonight", body="I keep thinking about it.",
        content_warnings=["self-harm"],
    )  # fmt: skip
    page = django_app.get(thread.get_absolute_url(), user=newcomer)
    post = page.html.select_one("article.post")
    assert "Waiting for a moderator's quick look" in post.text
    assert post.select_one("details") is None and "I keep thinking about it." in post.text  # not folded away
    assert "Samaritans" in post.text and "Get help now" in post.text
    reply = page.html.select_one("#reply-heading").find_parent("section")
    assert "Replies open once this thread is published." in reply.text
    # Another reader sees nothing of it; a moderator sees it as anyone would, without the help aside.
    django_app.get(thread.get_absolute_url(), user=UserFactory(), status=404)


def test_check_in_request_promises_only_what_happens(django_app, thread):
    from resources.services import refresh_help_snapshot
    from tests.factories import ResourceFactory

    WatchedWord.objects.create(phrase="want to die", action=WatchedAction.CRISIS)
    ResourceFactory(name="Samaritans", phone="116123", is_24_7=True)
    refresh_help_snapshot()
    member = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    page = django_app.get(thread.get_absolute_url(), user=member)
    form = next(f for f in page.forms.values() if "body" in f.fields)
    form["body"] = "Some nights I want to die."
    asked = form.submit("action", value="post")
    form = next(f for f in asked.forms.values() if "body" in f.fields)
    night = datetime(2026, 12, 2, 2, 27, tzinfo=ZoneInfo("UTC"))
    with (
        override_settings(MODERATION_STAFFED_HOURS="08:00-22:00"),
        mock.patch("django.utils.timezone.now", return_value=night),
    ):
        done = form.submit("action", value="post-check-in").maybe_follow()
    text = html.unescape(done.text)
    assert "We've asked the moderators to look at your post first. Moderators are back at 08:00 (UTC)." in text
    assert "If you need someone now: Samaritans 116123" in text
    # The promise is now one the site keeps: out of hours the automatic message is already in the
    # member's conversation with the team, and a person checks in there when they are back.
    assert "a moderator will check in with you privately, in Messages with the moderators, when they are back" in text
    from conversations.models import TeamMessage

    automatic = TeamMessage.objects.get(conversation__member=member, written_as="automatic")
    assert "Samaritans" in automatic.body and "08:00" in automatic.body
    assert QueueItem.objects.get().check_in_requested


def test_author_of_a_thread_a_moderator_did_not_publish_is_not_promised_replies_later(django_app, moderator):
    board = BoardFactory()
    newcomer = UserFactory()
    thread = create_thread(acting_user=newcomer, board=board, title="Buy my course", body="Fifty percent off.")
    queue = django_app.get("/moderation/?lane=held", user=moderator)
    item = queue.click(href=f"/moderation/items/{_item(thread.posts.get()).pk}/", index=0)
    form = item.forms["resolve"]
    form["action"].select("reject-post")
    form["guideline"].select(form["guideline"].options[1][0])
    form.submit().follow()
    page = django_app.get(thread.get_absolute_url(), user=newcomer)
    reply = page.html.select_one("#reply-heading").find_parent("section").text
    assert "Replies open once this thread is published." not in reply
    assert "Replies are closed while this thread is hidden." in reply
