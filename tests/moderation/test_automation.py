"""The pipeline's moderation steps: watched words, gentle hints, crisis signals, first-post approval."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, NotificationKind, Post, Thread
from forums.services.posts import create_reply
from moderation.models import ItemStatus, Lane, ModerationVerb, QueueItem, WatchedAction, WatchedWord
from moderation.pipeline import CRISIS, HINTS, Acknowledged, PostingNeedsConfirmation, PostingRefused
from moderation.selectors import guideline_get_current
from moderation.services import resolve_item
from tests.factories import UserFactory, create_thread


def _settled(name="settled"):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.mark.django_db
def test_default_lists_ship_crisis_phrases_and_hints_but_block_nothing():
    assert WatchedWord.objects.filter(action=WatchedAction.CRISIS).count() >= 5
    assert WatchedWord.objects.filter(action=WatchedAction.HINT, phrase="committed suicide").exists()
    assert not WatchedWord.objects.filter(action__in=[WatchedAction.BLOCK, WatchedAction.HOLD]).exists()


@pytest.mark.django_db
def test_blocked_word_is_refused_kindly_and_nothing_is_saved(thread):
    WatchedWord.objects.create(
        phrase="buy cheap pills", action=WatchedAction.BLOCK, suggestion="We don't allow selling."
    )
    with pytest.raises(PostingRefused) as refusal:
        create_reply(thread, acting_user=_settled(), body="Buy cheap pills here")
    assert "We don't allow selling." in refusal.value.message and "your text is still here" in refusal.value.message
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_hint_asks_once_and_never_blocks(thread):
    author = _settled()
    with pytest.raises(PostingNeedsConfirmation) as question:
        create_reply(thread, acting_user=author, body="My brother committed suicide last year.")
    assert question.value.hints == [("committed suicide", "“died by suicide” (“committed” sounds like a crime)")]
    assert not question.value.crisis
    reply = create_reply(
        thread, acting_user=author, body="My brother committed suicide last year.",
        acknowledged=Acknowledged(panels=frozenset({HINTS})),
    )  # fmt: skip
    assert reply.body.startswith("My brother")
    assert not QueueItem.objects.exists()


@pytest.mark.django_db
def test_whole_words_only(thread):
    create_reply(thread, acting_user=_settled(), body="Recovery from addiction is a long road.")  # not "addict"


@pytest.mark.django_db
def test_crisis_signal_shows_the_panel_then_opens_an_urgent_item_and_alerts_moderators(
    thread, moderator, django_capture_on_commit_callbacks
):
    author = _settled("heavyheart")
    body = "I don't want to be alive anymore."
    with pytest.raises(PostingNeedsConfirmation) as question:
        create_reply(thread, acting_user=author, body=body)
    assert question.value.crisis
    with django_capture_on_commit_callbacks(execute=True):
        reply = create_reply(
            thread, acting_user=author, body=body,
            acknowledged=Acknowledged(panels=frozenset({CRISIS}), check_in_requested=True),
        )  # fmt: skip
    assert not reply.is_pending_approval and not reply.is_hidden  # posting anyway is always possible
    item = QueueItem.objects.get(post=reply)
    assert item.lane == Lane.URGENT and item.check_in_requested and "crisis signal" in item.automatic_reasons
    alert = Notification.objects.get(recipient=moderator, kind=NotificationKind.URGENT_ITEM)
    assert "asked a moderator to check in" in alert.message


@pytest.mark.django_db
def test_flag_publishes_and_queues(thread):
    WatchedWord.objects.create(phrase="dm me", action=WatchedAction.FLAG)
    reply = create_reply(thread, acting_user=_settled(), body="DM me for details")
    assert not reply.is_pending_approval
    assert QueueItem.objects.get(post=reply).automatic_reasons == ["watched word: dm me"]


@pytest.mark.django_db
@override_settings(MODERATION_HOLD_FIRST_POST=True)
def test_first_post_waits_for_approval_then_publishes_with_its_notifications(
    board, moderator, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(username="newleaf")
    with django_capture_on_commit_callbacks(execute=True):
        thread = create_thread(acting_user=newcomer, board=board, title="Hello, first time here", body="Hi all.")
    thread.refresh_from_db()
    board.refresh_from_db()
    assert thread.is_hidden and board.thread_count == 0
    assert Thread.objects.visible_to(newcomer).filter(pk=thread.pk).exists()  # they still see it
    assert not Thread.objects.visible_to(UserFactory()).filter(pk=thread.pk).exists()
    item = QueueItem.objects.get()
    assert item.lane == Lane.HELD
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.HELD_POST).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert resolve_item(item, acting_user=moderator, action=ModerationVerb.APPROVE_POST)
    thread.refresh_from_db()
    board.refresh_from_db()
    assert not thread.is_hidden and board.thread_count == 1 and board.post_count == 1
    assert not Post.objects.get().is_pending_approval
    assert "approved" in Notification.objects.get(recipient=newcomer).message
    # Once one post is approved, the next one publishes at once (past the new-member pause).
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=1))
    later = create_reply(thread, acting_user=newcomer, body="Thank you for the welcome.")
    assert not later.is_pending_approval


@pytest.mark.django_db
@override_settings(MODERATION_HOLD_FIRST_POST=True)
def test_rejected_first_post_stays_with_its_author_and_says_why(thread, moderator, django_capture_on_commit_callbacks):
    newcomer = UserFactory()
    held = create_reply(thread, acting_user=newcomer, body="Visit my shop")
    section = guideline_get_current().sections.order_by("-number").first()
    with django_capture_on_commit_callbacks(execute=True):
        resolve_item(
            QueueItem.objects.get(post=held), acting_user=moderator, action=ModerationVerb.REJECT_POST,
            guideline_section=section,
        )  # fmt: skip
    held.refresh_from_db()
    assert held.is_hidden and QueueItem.objects.get().status == ItemStatus.RESOLVED
    assert f"guideline {section.number}" in Notification.objects.get(recipient=newcomer).message
    thread.refresh_from_db()
    assert thread.reply_count == 0


@pytest.mark.django_db
def _settled_client():
    from django.test import Client

    client = Client()
    client.force_login(_settled("writer"))
    return client


def test_composer_shows_the_crisis_panel_keeps_the_text_and_posts_anyway(db, thread):
    member_client = _settled_client()
    from tests.factories import ResourceFactory

    ResourceFactory(name="Night Line", kind="crisis-line", phone="+441234567890")
    from resources.services import refresh_help_snapshot

    refresh_help_snapshot()
    url = reverse("forums:reply-create", args=[thread.pk])
    body = "Tonight I want to die."
    first = member_client.post(url, {"body": body, "action": "post"}).content.decode()
    assert "Before you post: are you safe right now?" in first and "Night Line" in first
    assert body in first and 'name="acknowledged" value="crisis"' in first
    assert thread.posts.count() == 1
    response = member_client.post(url, {"body": body, "action": "post", "acknowledged": "crisis"}, follow=True)
    assert "Your reply is posted." in response.content.decode()
    assert QueueItem.objects.get().lane == Lane.URGENT


@pytest.mark.django_db
def test_composer_offers_the_hint_and_posts_as_written(db, thread):
    member_client = _settled_client()
    url = reverse("forums:reply-create", args=[thread.pk])
    first = member_client.post(url, {"body": "I felt crazy all day.", "action": "post"}).content.decode()
    assert "A gentle suggestion" in first and "Post as written" in first
    member_client.post(url, {"body": "I felt crazy all day.", "action": "post", "acknowledged": "hints"})
    assert thread.posts.filter(body="I felt crazy all day.").exists()


@pytest.mark.django_db
def test_admin_refuses_a_broken_pattern_and_a_hint_without_words(admin_client):
    url = reverse("admin:moderation_watchedword_add")
    broken = admin_client.post(url, {"phrase": "(unclosed", "is_pattern": "on", "action": "flag", "is_active": "on"})
    assert "can&#x27;t be used as a watched word" in broken.content.decode()
    hint = admin_client.post(url, {"phrase": "nutter", "action": "hint", "is_active": "on", "suggestion": ""})
    assert "A hint needs the kinder words to suggest." in hint.content.decode()
    ok = admin_client.post(url, {"phrase": "nutter", "action": "hint", "is_active": "on", "suggestion": "“struggling”"})
    assert ok.status_code == 302 and WatchedWord.objects.filter(phrase="nutter").exists()


@pytest.mark.django_db
def test_new_members_may_share_two_links_per_post(thread):
    newcomer = UserFactory()
    with pytest.raises(PostingRefused, match="up to 2 links"):
        create_reply(thread, acting_user=newcomer, body="https://a.example https://b.example www.c.example")
    create_reply(thread, acting_user=newcomer, body="https://a.example and https://b.example")
    create_reply(thread, acting_user=_settled(), body="https://a.example https://b.example https://c.example")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "site,board_choice,held",
    [(True, "", True), (False, "", False), (False, "hold", True), (True, "publish", False)],
)
def test_board_setting_overrides_the_site_for_first_posts(site, board_choice, held):
    from tests.factories import BoardFactory

    board = BoardFactory(first_post_approval=board_choice)
    with override_settings(MODERATION_HOLD_FIRST_POST=site):
        thread = create_thread(acting_user=UserFactory(), board=board, title="Hello there", body="My first words.")
    assert thread.posts.get().is_pending_approval is held
